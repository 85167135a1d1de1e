/*
 * Fallback test program for machines without nvcc: the CUDA driver API (libcuda.so.1, opened with
 * dlopen; the few types are declared here) runs a PTX kernel that the driver JIT-compiles.
 * Same output as cuda_smoke.cu (NVTX only where the nvtx3 headers were found at build time).
 * Usage: driver_smoke [ITERATIONS] [ELEMENTS]
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#if defined(HAVE_NVTX3)
#include <nvtx3/nvToolsExt.h>
#define HAVE_NVTX 1
#else
#define HAVE_NVTX 0
static void nvtxRangePushA(const char *s) { (void)s; }
static void nvtxRangePop(void) {}
#endif

typedef int CUresult;
typedef int CUdevice;
typedef void *CUcontext, *CUmodule, *CUfunction, *CUstream;
typedef unsigned long long CUdeviceptr;

static const char PTX[] =
    ".version 7.0\n.target sm_52\n.address_size 64\n"
    ".visible .entry scale(.param .u64 p, .param .u32 n)\n{\n"
    ".reg .pred %p;\n.reg .b32 %r<6>;\n.reg .f32 %f<3>;\n.reg .b64 %rd<5>;\n"
    "ld.param.u64 %rd1, [p];\nld.param.u32 %r1, [n];\n"
    "mov.u32 %r2, %ctaid.x;\nmov.u32 %r3, %ntid.x;\nmov.u32 %r4, %tid.x;\n"
    "mad.lo.s32 %r5, %r2, %r3, %r4;\nsetp.ge.u32 %p, %r5, %r1;\n@%p bra DONE;\n"
    "cvta.to.global.u64 %rd2, %rd1;\nmul.wide.u32 %rd3, %r5, 4;\nadd.s64 %rd4, %rd2, %rd3;\n"
    "ld.global.f32 %f1, [%rd4];\nmul.f32 %f2, %f1, 0f3F800000;\nst.global.f32 [%rd4], %f2;\n"
    "DONE:\nret;\n}\n";

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

#define LOAD(var, name) do { *(void **)(&var) = dlsym(lib, name); if (!var) { \
    fprintf(stderr, "libcuda.so.1 lacks %s\n", name); return 1; } } while (0)
#define CHECK(x) do { CUresult r_ = (x); if (r_ != 0) { fprintf(stderr, "%s failed: %d\n", #x, r_); return 1; } } while (0)

int main(int argc, char **argv) {
    int iters = argc > 1 ? atoi(argv[1]) : 100;
    unsigned n = argc > 2 ? (unsigned)atoi(argv[2]) : (1u << 20);
    long long t0 = now_ns();
    void *lib = dlopen("libcuda.so.1", RTLD_NOW);
    if (!lib) {
        fprintf(stderr, "libcuda.so.1 not found: %s\n", dlerror());
        return 1;
    }
    CUresult (*cuInit)(unsigned), (*cuDeviceGet)(CUdevice *, int), (*cuCtxCreate)(CUcontext *, unsigned, CUdevice);
    CUresult (*cuModuleLoadData)(CUmodule *, const void *), (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
    CUresult (*cuMemAlloc)(CUdeviceptr *, size_t), (*cuMemFree)(CUdeviceptr);
    CUresult (*cuMemcpyHtoD)(CUdeviceptr, const void *, size_t), (*cuMemcpyDtoH)(void *, CUdeviceptr, size_t);
    CUresult (*cuMemsetD8)(CUdeviceptr, unsigned char, size_t), (*cuCtxSynchronize)(void);
    CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,
                               CUstream, void **, void **);
    LOAD(cuInit, "cuInit");
    LOAD(cuDeviceGet, "cuDeviceGet");
    LOAD(cuCtxCreate, "cuCtxCreate_v2");
    LOAD(cuModuleLoadData, "cuModuleLoadData");
    LOAD(cuModuleGetFunction, "cuModuleGetFunction");
    LOAD(cuMemAlloc, "cuMemAlloc_v2");
    LOAD(cuMemFree, "cuMemFree_v2");
    LOAD(cuMemcpyHtoD, "cuMemcpyHtoD_v2");
    LOAD(cuMemcpyDtoH, "cuMemcpyDtoH_v2");
    LOAD(cuMemsetD8, "cuMemsetD8_v2");
    LOAD(cuCtxSynchronize, "cuCtxSynchronize");
    LOAD(cuLaunchKernel, "cuLaunchKernel");
    CUdevice dev;
    CUcontext ctx;
    CUmodule mod;
    CUfunction fn;
    CUdeviceptr d;
    CHECK(cuInit(0));
    CHECK(cuDeviceGet(&dev, 0));
    CHECK(cuCtxCreate(&ctx, 0, dev));
    CHECK(cuModuleLoadData(&mod, PTX));
    CHECK(cuModuleGetFunction(&fn, mod, "scale"));
    size_t bytes = (size_t)n * 4;
    float *h = malloc(bytes);
    for (unsigned i = 0; i < n; i++) h[i] = 1.0f;
    nvtxRangePushA("setup");
    CHECK(cuMemAlloc(&d, bytes));
    CHECK(cuMemcpyHtoD(d, h, bytes));
    CHECK(cuMemsetD8(d, 0, bytes));
    CHECK(cuMemcpyHtoD(d, h, bytes));
    nvtxRangePop();
    long long loop0 = now_ns();
    for (int it = 0; it < iters; it++) {
        nvtxRangePushA("iteration");
        void *params[] = {&d, &n};
        CHECK(cuLaunchKernel(fn, (n + 255) / 256, 1, 1, 256, 1, 1, 0, NULL, params, NULL));
        nvtxRangePop();
    }
    CHECK(cuCtxSynchronize());
    long long loop1 = now_ns();
    CHECK(cuMemcpyDtoH(h, d, bytes));
    CHECK(cuMemFree(d));
    free(h);
    long long t1 = now_ns();
    printf("{\"program\":\"driver_smoke\",\"kernels\":%d,\"memcpy\":3,\"memset\":1,\"nvtx_ranges\":%d,\"nvtx\":%s,"
           "\"iterations\":%d,\"elements\":%u,\"loop_ms\":%.3f,\"start_ns\":%lld,\"end_ns\":%lld}\n",
           iters, HAVE_NVTX ? iters + 1 : 0, HAVE_NVTX ? "true" : "false", iters, n, (loop1 - loop0) / 1e6, t0, t1);
    return 0;
}
