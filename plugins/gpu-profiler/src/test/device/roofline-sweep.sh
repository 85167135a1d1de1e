#!/usr/bin/env bash
# Traces a GEMM + attention + elementwise sweep with PyTorch's profiler (record_shapes=True) on the GPU and, where a
# JDK and the built jar are present, runs Parallax's roofline analysis on it. Outputs go to $OUT (default ./out).
# Run from the repository root:  bash plugins/gpu-profiler/src/test/device/roofline-sweep.sh
set -euo pipefail
OUT=${OUT:-out}
mkdir -p "$OUT"
here=$(dirname "$0")
nvidia-smi --query-gpu=name,memory.total,clocks.max.sm --format=csv > "$OUT/gpu.csv" 2>&1 || true
python3 -c 'import torch; print(torch.__version__, torch.cuda.get_device_name(0))' | tee "$OUT/torch.txt"
python3 "$here/roofline_sweep.py" "$OUT/roofline_sweep.pt.trace.json" 2>&1 | tee "$OUT/sweep.log"
gzip -kf "$OUT/roofline_sweep.pt.trace.json"
rm -f "$OUT/roofline_sweep.pt.trace.json"
if command -v java >/dev/null && [ -f app/target/parallax.jar ]; then
  java -jar app/target/parallax.jar analyze "$OUT/roofline_sweep.pt.trace.json.gz" --analysis roofline \
    > "$OUT/roofline.txt" 2>&1 || true
  java -jar app/target/parallax.jar analyze "$OUT/roofline_sweep.pt.trace.json.gz" --analysis roofline --json \
    > "$OUT/roofline.json" 2>&1 || true
else
  echo "no JDK or app/target/parallax.jar here: analyse $OUT/roofline_sweep.pt.trace.json.gz on the build machine" \
    | tee "$OUT/analyze.txt"
fi
