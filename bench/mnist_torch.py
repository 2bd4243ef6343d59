"""PyTorch on the CPU: the benchmark's model (MLP 784-256-128-10, or lab 05's small CNN: bench/mnist-model.mjs),
batch 128, Adam (lr 1e-3); prints one JSON line.
argv: mnist folder, samples, [threads, config name, seconds, model (mlp|cnn), warm-up seconds]"""
import gzip, json, os, resource, struct, sys, time

import torch
from torch import nn


def idx(path, limit):
    """Read an IDX file (the MNIST format) into a uint8 tensor of its first `limit` items."""
    data = open(path, "rb").read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    ndim = data[3]
    shape = list(struct.unpack(">" + "I" * ndim, data[4 : 4 + 4 * ndim]))
    shape[0] = min(shape[0], limit)
    count = 1
    for d in shape:
        count *= d
    start = 4 + 4 * ndim
    return torch.frombuffer(bytearray(data[start : start + count]), dtype=torch.uint8).reshape(shape)


def main():
    folder, n = sys.argv[1], int(sys.argv[2])
    if len(sys.argv) > 3:  # intra-op threads (default: PyTorch's own choice, one per core)
        torch.set_num_threads(int(sys.argv[3]))
    torch.manual_seed(0)
    x = idx(os.path.join(folder, "train-images-idx3-ubyte"), n).reshape(n, 784).float() / 255
    y = idx(os.path.join(folder, "train-labels-idx1-ubyte"), n).long()
    xt = idx(os.path.join(folder, "t10k-images-idx3-ubyte"), 2000).reshape(-1, 784).float() / 255
    yt = idx(os.path.join(folder, "t10k-labels-idx1-ubyte"), 2000).long()
    kind = sys.argv[6] if len(sys.argv) > 6 else "mlp"
    if kind == "cnn":
        # the same layers as bench/mnist-model.mjs: valid 3×3 convolutions, 2×2 max-pooling
        x, xt = x.reshape(-1, 1, 28, 28), xt.reshape(-1, 1, 28, 28)
        model = nn.Sequential(
            nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(16 * 5 * 5, 64), nn.ReLU(), nn.Linear(64, 10),
        )
    else:
        model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    seconds = float(sys.argv[5]) if len(sys.argv) > 5 else float("inf")

    def epoch(xs, ys, limit=float("inf")):
        """One epoch, or fewer batches once `limit` seconds have passed; returns the samples trained on."""
        perm, start, done = torch.randperm(len(xs)), time.perf_counter(), 0
        for s in range(0, len(xs), 128):
            i = perm[s : s + 128]
            opt.zero_grad()
            loss = loss_fn(model(xs[i]), ys[i])
            loss.backward()
            opt.step()
            done += len(i)
            if time.perf_counter() - start > limit:
                break
        return done

    # warm-up, not timed: two batches, then more until the warm-up seconds have passed (as bench/mnist-run.mjs)
    epoch(x[:256], y[:256])
    warmup = float(sys.argv[7]) if len(sys.argv) > 7 else 0
    if warmup > 0:
        epoch(x, y, warmup)
    c0, t0 = time.process_time(), time.perf_counter()
    n = epoch(x, y, seconds)
    secs = time.perf_counter() - t0
    cores = (time.process_time() - c0) / secs
    with torch.no_grad():
        acc = (model(xt).argmax(1) == yt).float().mean().item()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("@@" + json.dumps({"config": sys.argv[4] if len(sys.argv) > 4 else "torch-cpu", "backend": f"torch×{torch.get_num_threads()}t",
                             "torchVersion": torch.__version__, "samples": n, "samplesPerSec": n / secs, "cores": cores, "peakMB": peak, "accuracy": acc}))


if __name__ == "__main__":
    main()
