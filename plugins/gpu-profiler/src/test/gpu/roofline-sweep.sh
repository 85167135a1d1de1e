#!/usr/bin/env bash
# Records the roofline sweep (roofline_sweep.py) on a machine with an NVIDIA GPU and PyTorch, twice:
#   1. under torch.profiler with record_shapes=True  -> $OUT/roofline-sweep.json.gz (shapes: per-op roofline)
#   2. plain, under Parallax's CUPTI injection       -> $OUT/roofline-sweep-cupti.json.gz (kernels only)
# Run from the repository root:  OUT=/some/folder plugins/gpu-profiler/src/test/gpu/roofline-sweep.sh
# Then, on any machine:  parallax analyze $OUT/roofline-sweep.json.gz --analysis roofline
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
OUT=${OUT:-$PWD/roofline-out}
mkdir -p "$OUT"
B=$(mktemp -d)
PY=$(command -v python3)
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader | tee "$OUT/gpu.txt"
echo "== torch.profiler run"
timeout 240 "$PY" "$here/roofline_sweep.py" "$B/roofline-sweep.json" --steps 3 2>&1 | tail -3 | tee "$OUT/sweep.txt"
gzip -c "$B/roofline-sweep.json" >"$OUT/roofline-sweep.json.gz"
echo "== CUPTI injection run"
gcc -Wall -O2 -fPIC -std=gnu11 -shared -fvisibility=hidden -o "$B/libparallax_cupti.so" "$src/main/c/cupti_inject.c" -ldl -lpthread
CUPTI=$(ls /usr/local/cuda*/extras/CUPTI/lib64/libcupti.so* /usr/local/cuda*/lib64/libcupti.so* 2>/dev/null | head -1)
[[ -z $CUPTI ]] && CUPTI=$(ldconfig -p 2>/dev/null | awk '/libcupti\.so/ {print $NF; exit}')
[[ -z $CUPTI ]] && CUPTI=$("$PY" -c 'import glob, site
for d in site.getsitepackages():
    f = sorted(glob.glob(d + "/nvidia/cu*cupti*/lib/libcupti.so*"))
    if f: print(f[0]); break' 2>/dev/null)
echo "CUPTI: $CUPTI" | tee -a "$OUT/sweep.txt"
CUDA_INJECTION64_PATH="$B/libparallax_cupti.so" PARALLAX_CUPTI_PATH="$CUPTI" PARALLAX_TRACE_FILE="$B/cupti.json" \
    NVTX_INJECTION64_PATH="$CUPTI" PARALLAX_FLUSH_MS=200 timeout 240 "$PY" "$here/roofline_sweep.py" "$B/plain.json" --steps 3 --plain 2>&1 \
    | tail -3 | tee -a "$OUT/sweep.txt"
[[ -f $B/cupti.json ]] && gzip -c "$B/cupti.json" >"$OUT/roofline-sweep-cupti.json.gz"
ls -la "$OUT"
