// Small CUDA program traced by check-on-gpu.sh: known numbers of kernels, copies, memsets and NVTX
// ranges. Usage: cuda_smoke [ITERATIONS] [ELEMENTS]. Prints one JSON line with what it did.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#if __has_include(<nvtx3/nvToolsExt.h>)
#include <nvtx3/nvToolsExt.h>
#define HAVE_NVTX 1
#else
#define HAVE_NVTX 0
static void nvtxRangePushA(const char *) {}
static void nvtxRangePop(void) {}
#endif

__global__ void scale(float *x, int n, float a) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] = x[i] * a;
}

__global__ void saxpy_loop(float *y, const float *x, int n, int reps) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        float v = y[i];
        for (int r = 0; r < reps; r++) v = 1.0001f * v + x[i];
        y[i] = v;
    }
}

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

#define CHECK(x) do { cudaError_t e = (x); if (e != cudaSuccess) { \
    fprintf(stderr, "%s failed: %s\n", #x, cudaGetErrorString(e)); return 1; } } while (0)

int main(int argc, char **argv) {
    int iters = argc > 1 ? atoi(argv[1]) : 100;
    int n = argc > 2 ? atoi(argv[2]) : (1 << 20);
    int reps = argc > 3 ? atoi(argv[3]) : 16;
    long long t0 = now_ns();
    size_t bytes = (size_t)n * sizeof(float);
    float *h = (float *)malloc(bytes), *dx, *dy;
    for (int i = 0; i < n; i++) h[i] = 1.0f;
    CHECK(cudaFree(0)); // initialise CUDA first: NVTX ranges opened before cuInit are not recorded
    nvtxRangePushA("setup");
    CHECK(cudaMalloc(&dx, bytes));
    CHECK(cudaMalloc(&dy, bytes));
    CHECK(cudaMemcpy(dx, h, bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dy, 0, bytes));
    nvtxRangePop();
    CHECK(cudaDeviceSynchronize());
    long long loop0 = now_ns();
    for (int it = 0; it < iters; it++) {
        nvtxRangePushA("iteration");
        scale<<<(n + 255) / 256, 256>>>(dx, n, 1.0f);
        saxpy_loop<<<(n + 255) / 256, 256>>>(dy, dx, n, reps);
        nvtxRangePop();
    }
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    long long loop1 = now_ns();
    nvtxRangePushA("readback");
    CHECK(cudaMemcpy(h, dy, bytes, cudaMemcpyDeviceToHost));
    nvtxRangePop();
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dy));
    free(h);
    long long t1 = now_ns();
    printf("{\"program\":\"cuda_smoke\",\"kernels\":%d,\"memcpy\":2,\"memset\":1,\"nvtx_ranges\":%d,\"nvtx\":%s,"
           "\"iterations\":%d,\"elements\":%d,\"loop_ms\":%.3f,\"start_ns\":%lld,\"end_ns\":%lld}\n",
           2 * iters, HAVE_NVTX ? iters + 2 : 0, HAVE_NVTX ? "true" : "false", iters, n,
           (loop1 - loop0) / 1e6, t0, t1);
    return 0;
}
