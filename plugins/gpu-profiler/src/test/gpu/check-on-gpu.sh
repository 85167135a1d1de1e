#!/usr/bin/env bash
# Proves the GPU profiler's native parts on a machine with an NVIDIA GPU and driver.
# Run from the repository root:  OUT=/some/folder plugins/gpu-profiler/src/test/gpu/check-on-gpu.sh
# Needs bash, gcc and nvidia-smi; uses nvcc, python3 and a JDK when present (Maven is not needed):
#   1. builds libparallax_cupti.so, the sampler (sampler_cli; the JNI library too where jni.h exists)
#   2. compares the sampler with nvidia-smi --query-gpu (idle and under load)
#   3. builds a small CUDA program (nvcc; else a driver-API + PTX program with gcc), traces it under
#      CUDA_INJECTION64_PATH and checks the trace (kernel count, memcpy, memset, NVTX, flows,
#      time stamps inside the run's wall-clock window)
#   4. measures the injection's overhead (run time with vs without), checks a killed run's trace
# $OUT receives summary.txt (the overview), trace.json (the captured trace), the main verdicts and
# gpu-check-results.tar.gz (every log, verdict and trace).
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
RES=${OUT:-$PWD/gpu-check-out}
mkdir -p "$RES"
B=$(mktemp -d)
OUT=$B/results # everything lands here; at exit the overview files and one archive go to $RES
mkdir -p "$OUT"
finish() {
    for f in summary.txt trace.json check_trace.json compare_idle.json overhead.txt; do
        [[ -f $OUT/$f ]] && cp "$OUT/$f" "$RES/"
    done
    tar czf "$RES/gpu-check-results.tar.gz" -C "$B" results
    rm -rf "$B"
}
trap finish EXIT
trap 'exit 130' INT TERM
S=$OUT/summary.txt
: >"$S"
say() { echo "$*" | tee -a "$S"; }
ns() { date +%s%N; }
PY=$(command -v python3 || true)

say "== probe $(date -u +%FT%TZ)"
{
    nvidia-smi
    nvidia-smi -L
    echo "--- tools"
    for t in gcc nvcc java javac mvn python3; do printf '%s: %s\n' "$t" "$(command -v $t || echo absent)"; done
    ls -d /usr/local/cuda* 2>&1
    ls /usr/local/cuda*/lib64 2>&1 | head -40
    ls /usr/local/cuda*/extras/CUPTI/lib64 2>&1 | head
    ldconfig -p | grep -E 'libcupti|libcuda\.so|libnvidia-ml' 2>&1
    [[ -n $PY ]] && timeout 60 "$PY" -c 'import torch; print("torch", torch.__version__, torch.version.cuda, torch.cuda.is_available())' 2>&1
} >"$OUT/probe.txt" 2>&1
say "$(grep -E '^(gcc|nvcc|java|javac|mvn|python3):' "$OUT/probe.txt" | tr '\n' ' ')"
say "$(nvidia-smi --query-gpu=index,name,driver_version --format=csv,noheader 2>&1 | head -8)"

CUDA_HOME=${CUDA_HOME:-}
if [[ -z $CUDA_HOME ]]; then
    for c in /usr/local/cuda /usr/local/cuda-*; do [[ -d $c/include ]] && { CUDA_HOME=$c; break; }; done
fi
NVCC=$(command -v nvcc || true)
[[ -z $NVCC && -n $CUDA_HOME && -x $CUDA_HOME/bin/nvcc ]] && NVCC=$CUDA_HOME/bin/nvcc
INC=""
for c in "$CUDA_HOME/include" "$CUDA_HOME/targets/x86_64-linux/include"; do [[ -f $c/cupti.h ]] && { INC=$c; break; }; done

say "== build"
cflags=(-Wall -Wextra -Werror -O2 -fPIC -std=gnu11)
gcc "${cflags[@]}" -shared -fvisibility=hidden -o "$B/libparallax_cupti.so" "$src/main/c/cupti_inject.c" -ldl -lpthread \
    && say "built libparallax_cupti.so" || say "FAIL build libparallax_cupti.so"
gcc "${cflags[@]}" -o "$B/sampler_cli" "$src/main/c/sampler_cli.c" "$src/main/c/nvml_sampler.c" -ldl \
    && say "built sampler_cli" || say "FAIL build sampler_cli"
if [[ -n $INC ]]; then
    gcc "${cflags[@]}" -I"$INC" -I"$src/main/c" -o "$B/offsets" "$src/test/c/cupti_offsets_check.c" \
        && say "CUPTI record offsets match $INC/cupti_activity.h" || say "FAIL CUPTI offsets differ from $INC"
else
    say "cupti.h not found: offsets not cross-checked"
fi

CUPTI=${PARALLAX_CUPTI_PATH:-}
if [[ -z $CUPTI ]]; then
    for c in "$CUDA_HOME"/extras/CUPTI/lib64/libcupti.so* "$CUDA_HOME"/lib64/libcupti.so* \
             /usr/local/cuda*/extras/CUPTI/lib64/libcupti.so* /usr/local/cuda*/lib64/libcupti.so* \
             $(ldconfig -p 2>/dev/null | awk '/libcupti\.so/ {print $NF}'); do
        [[ -f $c ]] && { CUPTI=$c; break; }
    done
fi
if [[ -z $CUPTI && -n $PY ]]; then
    CUPTI=$("$PY" - <<'P' 2>/dev/null
import glob, site, sys
for d in site.getsitepackages() + [site.getusersitepackages()]:
    for f in sorted(glob.glob(d + "/nvidia/cuda_cupti/lib/libcupti.so*")):
        print(f); sys.exit()
P
)
fi
say "libcupti: ${CUPTI:-NOT FOUND}"

say "== sampler vs nvidia-smi (idle)"
Q=name,uuid,utilization.gpu,memory.used,memory.total,power.draw,clocks.sm,clocks.mem,temperature.gpu
timeout 30 "$B/sampler_cli" --count 3 --interval-ms 300 >"$OUT/sampler_idle.jsonl" 2>"$OUT/sampler_idle.err"
say "sampler_cli exit $? ($(wc -l <"$OUT/sampler_idle.jsonl") lines)"
nvidia-smi --query-gpu=$Q --format=csv,noheader,nounits >"$OUT/smi_idle.csv" 2>&1
if [[ -n $PY ]]; then
    "$PY" "$here/compare_smi.py" "$OUT/sampler_idle.jsonl" "$OUT/smi_idle.csv" >"$OUT/compare_idle.json"
    say "compare idle: exit $? (0 = all within tolerance) -> compare_idle.json"
fi

say "== test program"
PROG=""
NVTXI=""
for c in "$INC" "$CUDA_HOME/include"; do [[ -n $c && -f $c/nvtx3/nvToolsExt.h ]] && { NVTXI=$c; break; }; done
if [[ -n $NVCC ]]; then
    ( "$NVCC" -O2 -arch=native -o "$B/smoke" "$here/cuda_smoke.cu" -ldl >"$OUT/nvcc.log" 2>&1 \
      || "$NVCC" -O2 -arch=sm_90 -o "$B/smoke" "$here/cuda_smoke.cu" -ldl >>"$OUT/nvcc.log" 2>&1 ) \
      && PROG="$B/smoke" && say "built cuda_smoke with nvcc"
fi
if [[ -z $PROG ]]; then
    extra=()
    [[ -n $NVTXI ]] && extra=(-DHAVE_NVTX3 -I"$NVTXI")
    gcc -Wall -Wextra -O2 "${extra[@]}" -o "$B/smoke" "$here/driver_smoke.c" -ldl >"$OUT/gcc_smoke.log" 2>&1 \
        && PROG="$B/smoke" && say "built driver_smoke with gcc (nvtx: ${NVTXI:-no})"
fi
[[ -z $PROG ]] && say "FAIL no test program could be built"

traced() { # traced OUTFILE ARGS... : runs the program under the injection library
    local trace=$1
    shift
    CUDA_INJECTION64_PATH="$B/libparallax_cupti.so" PARALLAX_CUPTI_PATH="$CUPTI" PARALLAX_TRACE_FILE="$trace" \
        NVTX_INJECTION64_PATH="${NVTX_INJECTION64_PATH:-$CUPTI}" PARALLAX_FLUSH_MS=200 "$@"
}

if [[ -n $PROG ]]; then
    say "== traced run"
    timeout 120 "$PROG" 2 >"$OUT/plain_warmup.json" 2>&1
    t0=$(ns)
    traced "$OUT/trace.json" timeout 120 "$PROG" 30 65536 4 >"$OUT/prog_traced.json" 2>"$OUT/prog_traced.err"
    rc=$?
    t1=$(ns)
    say "traced run exit $rc in $(( (t1 - t0) / 1000000 )) ms; trace $(wc -c <"$OUT/trace.json" 2>/dev/null) bytes"
    [[ -s $OUT/prog_traced.err ]] && say "stderr: $(head -c 600 "$OUT/prog_traced.err")"
    if [[ -n $PY && -f $OUT/trace.json ]]; then
        "$PY" "$here/check_trace.py" "$OUT/trace.json" "$OUT/prog_traced.json" >"$OUT/check_trace.json" 2>&1
        say "check_trace: exit $? -> check_trace.json"
        head -c 1500 "$OUT/check_trace.json" >>"$S"
        echo >>"$S"
    else
        say "kernels in trace: $(grep -c '"cat":"kernel"' "$OUT/trace.json")"
    fi

    say "== sampler under load"
    timeout 60 "$PROG" 10000 4194304 2048 >"$OUT/prog_load.json" 2>&1 &
    load=$!
    sleep 1.5
    timeout 30 "$B/sampler_cli" --count 6 --interval-ms 250 >"$OUT/sampler_load.jsonl" 2>"$OUT/sampler_load.err"
    nvidia-smi --query-gpu=$Q --format=csv,noheader,nounits >"$OUT/smi_load.csv" 2>&1
    wait $load
    say "load program: $(cat "$OUT/prog_load.json" | head -c 300)"
    [[ -n $PY ]] && { "$PY" "$here/compare_smi.py" "$OUT/sampler_load.jsonl" "$OUT/smi_load.csv" >"$OUT/compare_load.json"; \
        say "compare load: exit $? -> compare_load.json"; }

    say "== overhead (2000 iterations x 2 kernels, 1M elements; 3 runs each)"
    : >"$OUT/overhead.txt"
    for mode in plain traced plain traced plain traced; do
        t0=$(ns)
        if [[ $mode == plain ]]; then
            timeout 120 "$PROG" 2000 1048576 16 >"$B/o.json" 2>/dev/null
        else
            traced "$B/o-trace.json" timeout 120 "$PROG" 2000 1048576 16 >"$B/o.json" 2>/dev/null
        fi
        t1=$(ns)
        loop=$(grep -o '"loop_ms":[0-9.]*' "$B/o.json" | cut -d: -f2)
        size=$([[ $mode == traced ]] && wc -c <"$B/o-trace.json" || echo 0)
        echo "$mode wall_ms=$(( (t1 - t0) / 1000000 )) loop_ms=$loop trace_bytes=$size" | tee -a "$OUT/overhead.txt"
    done
    cat "$OUT/overhead.txt" >>"$S"

    say "== killed run (SIGKILL after 2 s) leaves a loadable trace"
    traced "$OUT/killed-trace.json" "$PROG" 200000 1048576 16 >/dev/null 2>&1 &
    victim=$!
    sleep 2
    kill -9 $victim 2>/dev/null
    wait $victim 2>/dev/null
    if [[ -n $PY ]]; then
        "$PY" - "$OUT/killed-trace.json" <<'P' 2>&1 | tee -a "$S"
import json, sys
t = open(sys.argv[1]).read().strip()
closed = t.endswith("]")
lines = t.splitlines()
while lines and not closed:  # drop a line cut by the kill, as the importer does
    try:
        json.loads(lines[-1].rstrip(","))
        break
    except ValueError:
        lines.pop()
ev = json.loads(t if closed else "\n".join(lines).rstrip(",") + "]")
print("killed trace: %d events, %d kernels, closed=%s (a killed run is expected to be unclosed)"
      % (len(ev), sum(1 for e in ev if e.get("cat") == "kernel"), closed))
P
    fi
    rm -f "$OUT/killed-trace.json"
fi

if [[ -n $PY ]] && "$PY" -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
    say "== PyTorch program under the injection (NVTX_INJECTION64_PATH set, as TracedLaunch does)"
    t0=$(ns)
    NVTX_INJECTION64_PATH="$CUPTI" traced "$OUT/torch-trace.json" timeout 150 "$PY" "$here/torch_smoke.py" 20 \
        >"$OUT/torch_prog.json" 2>"$OUT/torch_prog.err"
    say "torch traced run exit $? in $(( ($(ns) - t0) / 1000000 )) ms; trace $(wc -c <"$OUT/torch-trace.json" 2>/dev/null) bytes"
    "$PY" "$here/check_trace.py" "$OUT/torch-trace.json" "$OUT/torch_prog.json" >"$OUT/check_torch.json" 2>&1
    say "check_torch: exit $? -> check_torch.json"
    head -c 1200 "$OUT/check_torch.json" >>"$S"
    echo >>"$S"
    t0=$(ns)
    timeout 150 "$PY" "$here/torch_smoke.py" 20 >/dev/null 2>&1
    say "torch plain run in $(( ($(ns) - t0) / 1000000 )) ms"
    gzip -f "$OUT/torch-trace.json"
fi

JH=${JAVA_HOME:-}
[[ -z $JH ]] && command -v javac >/dev/null && JH=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
if [[ -n $JH && -f $JH/include/jni.h ]]; then
    say "== JNI sampler (Java child main)"
    mkdir -p "$B/classes/native/linux-x86_64" "$B/h"
    "$JH/bin/javac" -d "$B/classes" -h "$B/h" "$src/main/java/dev/parallax/gpu/nativelib/NativeLibraries.java" \
        "$src/main/java/dev/parallax/gpu/nvml/NvmlNative.java" "$src/main/java/dev/parallax/gpu/nvml/SamplerMain.java" \
        && gcc "${cflags[@]}" -shared -I"$B/h" -I"$JH/include" -I"$JH/include/linux" \
            -o "$B/classes/native/linux-x86_64/libparallax_nvml.so" "$src/main/c/nvml_jni.c" "$src/main/c/nvml_sampler.c" -ldl \
        && timeout 60 "$JH/bin/java" -Dparallax.native.cache="$B/cache" -cp "$B/classes" dev.parallax.gpu.nvml.SamplerMain \
            --count 2 --interval-ms 300 >"$OUT/jni_sampler.jsonl" 2>&1
    say "JNI sampler exit $?: $(head -c 400 "$OUT/jni_sampler.jsonl")"
else
    say "no JDK: JNI path not exercised here (sampler_cli uses the same C code)"
fi
say "== done $(date -u +%FT%TZ)"
