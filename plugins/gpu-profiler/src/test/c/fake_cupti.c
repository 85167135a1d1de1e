/*
 * Test double for libcupti: the activity-API functions the injection library uses, producing
 * synthetic records laid out at the offsets of cupti_records.h (those of CUDA's own headers).
 * The host test program calls fakecupti_launch(i) the way a CUDA program would launch work:
 * each call records an NVTX range "step i" around a cudaLaunchKernel call and its kernel, plus a
 * cudaMemcpy (HtoD, 1 MiB) when i is even and a cudaMemset (256 KiB) when i % 5 == 0.
 * FAKE_CUPTI_MODE=no_driver makes cuptiActivityEnable fail with CUPTI_ERROR_UNKNOWN (999), as
 * CUPTI does without a usable driver; FAKE_CUPTI_MODE=register_fails fails the registration.
 */
#define _GNU_SOURCE
#include "cupti_records.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define REC 256 /* every synthetic record occupies 256 bytes (8-aligned) */

static px_buffer_request_fn request_fn;
static px_buffer_complete_fn complete_fn;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint8_t *pending;
static size_t pending_len, pending_cap;
static unsigned enabled_mask;
static uint32_t next_corr = 1;
static int period_ms;
static pthread_t period_thread;

static const char *mode(void) {
    const char *m = getenv("FAKE_CUPTI_MODE");
    return m ? m : "";
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint8_t *new_record(unsigned kind) {
    if (!(enabled_mask & (1u << kind))) {
        return NULL;
    }
    if (pending_len + REC > pending_cap) {
        size_t cap = pending_cap ? pending_cap * 2 : 64 * REC;
        uint8_t *p = realloc(pending, cap);
        if (!p) return NULL;
        pending = p;
        pending_cap = cap;
    }
    uint8_t *r = pending + pending_len;
    memset(r, 0, REC);
    memcpy(r, &kind, 4);
    pending_len += REC;
    return r;
}

static void put32(uint8_t *r, size_t off, uint32_t v) { memcpy(r + off, &v, 4); }
static void put64(uint8_t *r, size_t off, uint64_t v) { memcpy(r + off, &v, 8); }
static void putptr(uint8_t *r, size_t off, const char *p) { memcpy(r + off, &p, sizeof p); }

static void deliver(void) {
    pthread_mutex_lock(&lock);
    size_t off = 0;
    while (off < pending_len && request_fn && complete_fn) {
        uint8_t *buf = NULL;
        size_t size = 0, maxrec = 0;
        request_fn(&buf, &size, &maxrec);
        if (!buf || size < REC) break;
        size_t n = (pending_len - off) < (size / REC) * REC ? (pending_len - off) : (size / REC) * REC;
        memcpy(buf, pending + off, n);
        off += n;
        complete_fn(NULL, 0, buf, size, n);
    }
    pending_len = 0;
    pthread_mutex_unlock(&lock);
}

static void *period_loop(void *arg) {
    (void)arg;
    for (;;) {
        struct timespec ts = {period_ms / 1000, (long)(period_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        deliver();
    }
    return NULL;
}

/* ---- the CUPTI entry points ---- */
px_result cuptiActivityRegisterCallbacks(px_buffer_request_fn req, px_buffer_complete_fn done) {
    if (!strcmp(mode(), "register_fails")) return PX_CUPTI_ERROR_UNKNOWN;
    request_fn = req;
    complete_fn = done;
    return PX_CUPTI_SUCCESS;
}
px_result cuptiActivityEnable(int kind) {
    if (!strcmp(mode(), "no_driver")) return PX_CUPTI_ERROR_UNKNOWN;
    if (kind < 0 || kind > 31) return 1;
    enabled_mask |= 1u << kind;
    return PX_CUPTI_SUCCESS;
}
px_result cuptiActivityFlushAll(uint32_t flag) {
    (void)flag;
    deliver();
    return PX_CUPTI_SUCCESS;
}
px_result cuptiActivityFlushPeriod(uint32_t ms) {
    if (ms && !period_ms) {
        period_ms = (int)ms;
        pthread_create(&period_thread, NULL, period_loop, NULL);
        pthread_detach(period_thread);
    }
    return PX_CUPTI_SUCCESS;
}
px_result cuptiActivityGetNextRecord(uint8_t *buf, size_t valid, void **record) {
    uint8_t *next = *record ? (uint8_t *)*record + REC : buf;
    if (next + REC > buf + valid) return PX_CUPTI_ERROR_MAX_LIMIT_REACHED;
    *record = next;
    return PX_CUPTI_SUCCESS;
}
px_result cuptiActivityGetNumDroppedRecords(px_context ctx, uint32_t stream, size_t *dropped) {
    (void)ctx;
    (void)stream;
    *dropped = 0;
    return PX_CUPTI_SUCCESS;
}
px_result cuptiGetCallbackName(int domain, uint32_t cbid, const char **name) {
    if (domain == PX_DOMAIN_RUNTIME_API) {
        switch (cbid) {
        case 211: *name = "cudaLaunchKernel_v7000"; return PX_CUPTI_SUCCESS;
        case 31: *name = "cudaMemcpy_v3020"; return PX_CUPTI_SUCCESS;
        case 43: *name = "cudaMemset_v3020"; return PX_CUPTI_SUCCESS;
        default: break;
        }
    }
    return 1;
}
px_result cuptiGetResultString(px_result r, const char **str) {
    *str = r == PX_CUPTI_ERROR_UNKNOWN ? "CUPTI_ERROR_UNKNOWN" : "CUPTI_ERROR_INVALID_PARAMETER";
    return PX_CUPTI_SUCCESS;
}

/* ---- the test hook: one "launch" ---- */
static void api(uint32_t cbid, uint32_t corr, uint64_t start, uint64_t end) {
    uint8_t *r = new_record(PX_KIND_RUNTIME);
    if (!r) return;
    put32(r, PX_API_CBID, cbid);
    put64(r, PX_API_START, start);
    put64(r, PX_API_END, end);
    put32(r, PX_API_PROCESS, (uint32_t)getpid());
    put32(r, PX_API_THREAD, (uint32_t)syscall(SYS_gettid));
    put32(r, PX_API_CORRELATION, corr);
}

static void marker(uint32_t flags, uint32_t id, uint64_t ts, const char *name) {
    uint8_t *r = new_record(PX_KIND_MARKER);
    if (!r) return;
    put32(r, PX_MARKER_FLAGS, flags);
    put64(r, PX_MARKER_TIMESTAMP, ts);
    put32(r, PX_MARKER_ID, id);
    put32(r, PX_MARKER_OBJECT_KIND, PX_OBJECT_THREAD);
    put32(r, PX_MARKER_OBJECT_ID, (uint32_t)getpid());
    put32(r, PX_MARKER_OBJECT_ID + 4, (uint32_t)syscall(SYS_gettid));
    putptr(r, PX_MARKER_NAME, flags & PX_MARKER_START ? name : NULL);
    putptr(r, PX_MARKER_DOMAIN, NULL);
}

__attribute__((visibility("default"))) void fakecupti_launch(int i) {
    static char names[64][32];
    pthread_mutex_lock(&lock);
    uint64_t t = now_ns();
    char *label = names[i % 64];
    snprintf(label, sizeof names[0], "step %d", i);
    marker(PX_MARKER_START, (uint32_t)i + 1, t, label);
    uint32_t corr = next_corr++;
    api(211, corr, t + 1000, t + 4000);
    uint8_t *k = new_record(PX_KIND_CONCURRENT_KERNEL);
    if (k) {
        uint16_t regs = 32;
        memcpy(k + PX_KERNEL_REGISTERS, &regs, 2);
        put64(k, PX_KERNEL_START, t + 5000);
        put64(k, PX_KERNEL_END, t + 5000 + 10000 + (uint64_t)i * 1000);
        put32(k, PX_KERNEL_DEVICE, 0);
        put32(k, PX_KERNEL_CONTEXT, 1);
        put32(k, PX_KERNEL_STREAM, 7);
        int32_t grid[3] = {128, 1, 1}, block[3] = {256, 1, 1};
        memcpy(k + PX_KERNEL_GRID_X, grid, sizeof grid);
        memcpy(k + PX_KERNEL_BLOCK_X, block, sizeof block);
        put32(k, PX_KERNEL_STATIC_SMEM, 1024);
        put32(k, PX_KERNEL_DYNAMIC_SMEM, 0);
        put32(k, PX_KERNEL_CORRELATION, corr);
        putptr(k, PX_KERNEL_NAME, "fake_add_kernel");
    }
    uint64_t t2 = t + 20000 + (uint64_t)i * 1000;
    if (i % 2 == 0) {
        uint32_t c = next_corr++;
        api(31, c, t2, t2 + 9000);
        uint8_t *m = new_record(PX_KIND_MEMCPY);
        if (m) {
            m[PX_MEMCPY_COPY_KIND] = 1; /* HtoD */
            m[PX_MEMCPY_SRC_KIND] = 1;  /* pageable */
            m[PX_MEMCPY_DST_KIND] = 3;  /* device */
            put64(m, PX_MEMCPY_BYTES, 1u << 20);
            put64(m, PX_MEMCPY_START, t2 + 1000);
            put64(m, PX_MEMCPY_END, t2 + 8000);
            put32(m, PX_MEMCPY_DEVICE, 0);
            put32(m, PX_MEMCPY_CONTEXT, 1);
            put32(m, PX_MEMCPY_STREAM, 7);
            put32(m, PX_MEMCPY_CORRELATION, c);
        }
        t2 += 10000;
    }
    if (i % 5 == 0) {
        uint32_t c = next_corr++;
        api(43, c, t2, t2 + 3000);
        uint8_t *m = new_record(PX_KIND_MEMSET);
        if (m) {
            put32(m, PX_MEMSET_VALUE, 0);
            put64(m, PX_MEMSET_BYTES, 256u << 10);
            put64(m, PX_MEMSET_START, t2 + 1000);
            put64(m, PX_MEMSET_END, t2 + 2000);
            put32(m, PX_MEMSET_DEVICE, 0);
            put32(m, PX_MEMSET_CONTEXT, 1);
            put32(m, PX_MEMSET_STREAM, 7);
            put32(m, PX_MEMSET_CORRELATION, c);
        }
        t2 += 4000;
    }
    marker(PX_MARKER_END, (uint32_t)i + 1, t2, NULL);
    pthread_mutex_unlock(&lock);
}
