"""bench/mnist_torch.py's run (same model, loop, batch 128, Adam) on a PyTorch device: `cuda` when there is
one, else the CPU (bench/gpu.sh --dry-run). Its data are moved there, and what it creates later (the
model, randperm, …) is made there by set_default_device. Prints mnist_torch.py's JSON line, its backend
naming the device. argv: mnist_torch.py's (folder, samples, threads, config, seconds, model), device,
[warm-up seconds]."""
import os, sys, time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mnist_torch  # noqa: E402

device = sys.argv.pop(7) if len(sys.argv) > 7 else ("cuda" if torch.cuda.is_available() else "cpu")
read = mnist_torch.idx
mnist_torch.idx = lambda path, limit: read(path, limit).to(device)
torch.set_default_device(device)
if device == "cuda":
    # the loop reads the clock after every batch: wait for the GPU there, so the time counts finished
    # work (as tfjs's fit, which reads each batch's loss)
    clock = time.perf_counter

    def synced():
        torch.cuda.synchronize()
        return clock()

    time.perf_counter = synced
    print(f"torch {torch.__version__} on {torch.cuda.get_device_name()}", file=sys.stderr)
mnist_torch.main()
