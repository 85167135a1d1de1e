#!/usr/bin/env bash
# Compiles the native parts with gcc; called by the Maven build (exec-maven-plugin).
#   build-native.sh main BASEDIR REQUIRED   -> target/classes/native/linux-x86_64/*.so (shipped in the jar)
#   build-native.sh test BASEDIR REQUIRED   -> target/native-test/ (test doubles and host programs)
# Where gcc is missing the build is skipped with a message (native tests then report as skipped),
# unless REQUIRED is "true" (-Dnative.required=true), which makes it a failure.
set -euo pipefail
what=$1 base=$2 required=${3:-false}
src=$base/src
cflags=(-Wall -Wextra -Werror -O2 -fPIC -std=gnu11)

skip() {
    if [[ $required == true ]]; then
        echo "[native] ERROR: $1 (native.required=true)" >&2
        exit 1
    fi
    echo "[native] SKIPPED: $1; the GPU profiler's native tests will be skipped"
    exit 0
}

CC=${CC:-gcc}
command -v "$CC" >/dev/null 2>&1 || skip "$CC not found, native libraries not built"
[[ $(uname -s) == Linux && $(uname -m) == x86_64 ]] || skip "native libraries are built for Linux x86-64 only (this is $(uname -sm))"

case $what in
main)
    out=$base/target/classes/native/linux-x86_64
    mkdir -p "$out"
    java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
    [[ -f $java_home/include/jni.h ]] || skip "jni.h not found under $java_home/include"
    "$CC" "${cflags[@]}" -shared -fvisibility=hidden -o "$out/libparallax_cupti.so" \
        "$src/main/c/cupti_inject.c" -ldl -lpthread
    "$CC" "${cflags[@]}" -shared -o "$out/libparallax_nvml.so" \
        -I"$base/target/jni-headers" -I"$java_home/include" -I"$java_home/include/linux" \
        "$src/main/c/nvml_jni.c" "$src/main/c/nvml_sampler.c" -ldl
    echo "[native] built $out/libparallax_cupti.so and libparallax_nvml.so"
    ;;
test)
    out=$base/target/native-test
    mkdir -p "$out/fake-nvml" "$out/fake-cupti"
    "$CC" "${cflags[@]}" -shared -o "$out/fake-nvml/libnvidia-ml.so.1" "$src/test/c/fake_nvml.c"
    "$CC" "${cflags[@]}" -shared -I"$src/main/c" -o "$out/fake-cupti/libcupti.so" "$src/test/c/fake_cupti.c" -lpthread
    "$CC" "${cflags[@]}" -o "$out/inject_host" "$src/test/c/inject_host.c" -ldl
    "$CC" "${cflags[@]}" -o "$out/sampler_cli" "$src/main/c/sampler_cli.c" "$src/main/c/nvml_sampler.c" -ldl
    cuda_include=${CUDA_HOME:-/usr/local/cuda}/include
    if [[ -f $cuda_include/cupti.h ]]; then
        "$CC" "${cflags[@]}" -I"$cuda_include" -I"$src/main/c" -o "$out/cupti_offsets_check" \
            "$src/test/c/cupti_offsets_check.c"
        echo "[native] CUPTI record offsets match $cuda_include/cupti_activity.h"
    else
        echo "[native] $cuda_include/cupti.h not found: record offsets not cross-checked against CUDA's header"
    fi
    echo "[native] built test doubles in $out"
    ;;
*)
    echo "usage: $0 main|test BASEDIR [REQUIRED]" >&2
    exit 2
    ;;
esac
