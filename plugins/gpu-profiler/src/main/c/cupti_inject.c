/*
 * CUPTI injection library: the CUDA driver loads the file named by CUDA_INJECTION64_PATH during
 * cuInit and calls InitializeInjection(). From there this library loads libcupti with dlopen,
 * records kernels, memcpy, memset, runtime (and launch-type driver) API calls and NVTX ranges
 * through the activity API, and writes them as Chrome-trace JSON using Kineto's conventions
 * (see README.md): a bare array, one event per line, flushed every PARALLAX_FLUSH_MS, so the
 * file stays loadable when the process is killed. Failure never reaches the host process: it
 * becomes a diagnostic on stderr and a "parallax_diagnostic" metadata event in the trace.
 *
 * Environment: PARALLAX_TRACE_FILE (output; "%p" becomes the pid; default
 * parallax-gpu-trace-%p.json), PARALLAX_TRACE_BASE_NS (CLOCK_REALTIME ns that ts is relative to;
 * default: time of InitializeInjection), PARALLAX_CUPTI_PATH (libcupti to load), PARALLAX_FLUSH_MS
 * (default 1000), PARALLAX_NVTX (0 = do not set NVTX_INJECTION64_PATH), PARALLAX_CUPTI_DRIVER
 * (0 = no driver API records).
 */
#define _GNU_SOURCE
#include "cupti_records.h"

#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PX_EXPORT __attribute__((visibility("default")))
#define PX_BUFFER_SIZE (4u << 20)
#define PX_MAX_PENDING 200000

/* ---------------------------------------------------------------- growable string */
typedef struct { char *p; size_t len, cap; } sbuf;

static void sb_reserve(sbuf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) {
        return;
    }
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + extra + 1) {
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
        return;
    }
    b->p = p;
    b->cap = cap;
}

static void sb_printf(sbuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    sb_reserve(b, (size_t)n);
    if (b->len + (size_t)n + 1 > b->cap) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void sb_str(sbuf *b, const char *s) {
    sb_printf(b, "\"");
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            sb_printf(b, "\\%c", c);
        } else if (c < 0x20) {
            sb_printf(b, "\\u%04x", c);
        } else {
            sb_reserve(b, 1);
            if (b->len + 2 <= b->cap) {
                b->p[b->len++] = (char)c;
                b->p[b->len] = '\0';
            }
        }
    }
    sb_printf(b, "\"");
}

/* ---------------------------------------------------------------- small chained hash map */
typedef struct node { uint64_t key; struct node *next; void *val; } node;
typedef struct { node **b; size_t nb, count; } map;

static size_t mix(uint64_t k, size_t nb) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)(k & (nb - 1));
}

static void *map_get(map *m, uint64_t key) {
    if (!m->nb) {
        return NULL;
    }
    for (node *n = m->b[mix(key, m->nb)]; n; n = n->next) {
        if (n->key == key) {
            return n->val;
        }
    }
    return NULL;
}

static void map_put(map *m, uint64_t key, void *val) {
    if (m->count + 1 > m->nb * 2) {
        size_t nb = m->nb ? m->nb * 4 : 1024;
        node **b = calloc(nb, sizeof *b);
        if (!b) {
            return;
        }
        for (size_t i = 0; i < m->nb; i++) {
            for (node *n = m->b[i], *next; n; n = next) {
                next = n->next;
                size_t h = mix(n->key, nb);
                n->next = b[h];
                b[h] = n;
            }
        }
        free(m->b);
        m->b = b;
        m->nb = nb;
    }
    node *n = malloc(sizeof *n);
    if (!n) {
        return;
    }
    size_t h = mix(key, m->nb);
    n->key = key;
    n->val = val;
    n->next = m->b[h];
    m->b[h] = n;
    m->count++;
}

static void *map_take(map *m, uint64_t key) {
    if (!m->nb) {
        return NULL;
    }
    for (node **pp = &m->b[mix(key, m->nb)]; *pp; pp = &(*pp)->next) {
        if ((*pp)->key == key) {
            node *n = *pp;
            void *v = n->val;
            *pp = n->next;
            free(n);
            m->count--;
            return v;
        }
    }
    return NULL;
}

static void map_clear(map *m, void (*free_val)(void *)) {
    for (size_t i = 0; i < m->nb; i++) {
        for (node *n = m->b[i], *next; n; n = next) {
            next = n->next;
            if (free_val) {
                free_val(n->val);
            }
            free(n);
        }
        m->b[i] = NULL;
    }
    m->count = 0;
}

/* ---------------------------------------------------------------- state */
static struct {
    pthread_mutex_t lock;
    FILE *out;
    sbuf pending; /* events of the batch being converted; written with one fwrite (whole lines) */
    int demangle_looked_up;
    int first;
    int finished;
    int64_t base_ns;
    unsigned pid;
    char path[4096];
    void *cupti;
    int active;
    int driver_records;
    px_result (*RegisterCallbacks)(px_buffer_request_fn, px_buffer_complete_fn);
    px_result (*Enable)(int kind);
    px_result (*FlushAll)(uint32_t flag);
    px_result (*FlushPeriod)(uint32_t ms);
    px_result (*GetNextRecord)(uint8_t *buf, size_t valid, void **record);
    px_result (*GetCallbackName)(int domain, uint32_t cbid, const char **name);
    px_result (*GetResultString)(px_result r, const char **str);
    px_result (*GetNumDropped)(px_context ctx, uint32_t stream, size_t *dropped);
    char *(*demangle)(const char *mangled, char *buf, size_t *n, int *status);
    map flows;   /* correlation id -> struct flow */
    map markers; /* marker id -> struct marker */
    map tracks;  /* (device << 32 | stream) + 1 -> (void*)1: GPU tracks already named */
    char *api_names[2][4096];
    unsigned long kernels, memcpys, memsets, api_calls, ranges, dropped, flows_emitted;
} G = {.lock = PTHREAD_MUTEX_INITIALIZER, .first = 1};

struct flow {
    int have_api, have_gpu;
    unsigned api_pid, api_tid, dev, stream;
    int64_t api_ts, gpu_ts;
};
struct marker { int64_t ts; unsigned pid, tid; char *name, *domain; };

static void free_marker(void *p) {
    struct marker *m = p;
    if (m) {
        free(m->name);
        free(m->domain);
        free(m);
    }
}

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ts/dur in µs with 3 decimals, printed from integers (no double rounding). */
static void sb_us(sbuf *b, int64_t ns) {
    const char *sign = ns < 0 ? "-" : "";
    uint64_t a = ns < 0 ? (uint64_t)(-(ns + 1)) + 1u : (uint64_t)ns;
    sb_printf(b, "%s%llu.%03llu", sign, (unsigned long long)(a / 1000u), (unsigned long long)(a % 1000u));
}

static void sb_ts(sbuf *b, uint64_t abs_ns) {
    sb_us(b, (int64_t)(abs_ns - (uint64_t)G.base_ns));
}

/* Caller holds G.lock. Appends one event to the batch; write_pending() puts it in the file. */
static void emit(const sbuf *b) {
    if (!G.out || G.finished || !b->p) {
        return;
    }
    sb_printf(&G.pending, "%s%s", G.first ? "" : ",\n", b->p);
    G.first = 0;
}

/* Caller holds G.lock. The stream is unbuffered, so a batch reaches the file in one write and a
 * killed process leaves whole lines (the last event without a closing bracket). */
static void write_pending(void) {
    if (G.out && G.pending.len) {
        fwrite(G.pending.p, 1, G.pending.len, G.out);
    }
    G.pending.len = 0;
    if (G.pending.p) {
        G.pending.p[0] = '\0';
    }
}

static void emit_diag_locked(const char *msg) {
    fprintf(stderr, "[parallax-cupti] %s\n", msg);
    sbuf b = {0};
    sb_printf(&b, "{\"ph\":\"M\",\"name\":\"parallax_diagnostic\",\"pid\":%u,\"tid\":0,\"args\":{\"message\":", G.pid);
    sb_str(&b, msg);
    sb_printf(&b, "}}");
    emit(&b);
    free(b.p);
}

static void diag(const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&G.lock);
    emit_diag_locked(msg);
    write_pending();
    pthread_mutex_unlock(&G.lock);
}

static const char *result_string(px_result r) {
    const char *s = NULL;
    if (G.GetResultString && G.GetResultString(r, &s) == PX_CUPTI_SUCCESS && s) {
        return s;
    }
    return "CUPTI error";
}

/* ---------------------------------------------------------------- record conversion */
static const char *api_name(int domain, uint32_t cbid) {
    int d = domain == PX_DOMAIN_DRIVER_API ? 0 : 1;
    if (cbid < 4096 && G.api_names[d][cbid]) {
        return G.api_names[d][cbid];
    }
    const char *raw = NULL;
    char tmp[256];
    if (!G.GetCallbackName || G.GetCallbackName(domain, cbid, &raw) != PX_CUPTI_SUCCESS || !raw) {
        snprintf(tmp, sizeof tmp, "%s API %u", d ? "runtime" : "driver", cbid);
        raw = tmp;
    }
    char *name = strdup(raw);
    if (!name) {
        return "?";
    }
    char *v = strstr(name, "_v");
    if (v && v[2] >= '0' && v[2] <= '9' && strspn(v + 2, "0123456789") == strlen(v + 2)) {
        *v = '\0'; /* cudaLaunchKernel_v7000 -> cudaLaunchKernel, as Kineto shows it */
    }
    if (cbid < 4096) {
        G.api_names[d][cbid] = name;
    }
    return name;
}

static int launches_work(const char *name) {
    return strstr(name, "Launch") || strstr(name, "Memcpy") || strstr(name, "Memset");
}

static void name_gpu_track(unsigned dev, unsigned stream) {
    uint64_t dev_key = ((uint64_t)dev << 32 | 0xFFFFFFFFu) + 1u;
    sbuf b = {0};
    if (!map_get(&G.tracks, dev_key)) {
        map_put(&G.tracks, dev_key, (void *)1);
        sb_printf(&b, "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%u,\"tid\":0,\"args\":{\"name\":\"GPU %u\"}}", dev, dev);
        emit(&b);
        b.len = 0;
        sb_printf(&b, "{\"ph\":\"M\",\"name\":\"process_sort_index\",\"pid\":%u,\"tid\":0,\"args\":{\"sort_index\":%u}}",
                  dev, 16777216u + dev);
        emit(&b);
        b.len = 0;
    }
    uint64_t key = ((uint64_t)dev << 32 | stream) + 1u;
    if (!map_get(&G.tracks, key)) {
        map_put(&G.tracks, key, (void *)1);
        sb_printf(&b, "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%u,\"tid\":%u,\"args\":{\"name\":\"stream %u\"}}",
                  dev, stream, stream);
        emit(&b);
    }
    free(b.p);
}

static void flow_pair(struct flow *f, uint32_t corr) {
    sbuf b = {0};
    sb_printf(&b, "{\"ph\":\"s\",\"id\":%u,\"pid\":%u,\"tid\":%u,\"ts\":", corr, f->api_pid, f->api_tid);
    sb_ts(&b, (uint64_t)f->api_ts);
    sb_printf(&b, ",\"cat\":\"ac2g\",\"name\":\"ac2g\"}");
    emit(&b);
    b.len = 0;
    sb_printf(&b, "{\"ph\":\"f\",\"id\":%u,\"pid\":%u,\"tid\":%u,\"ts\":", corr, f->dev, f->stream);
    sb_ts(&b, (uint64_t)f->gpu_ts);
    sb_printf(&b, ",\"cat\":\"ac2g\",\"name\":\"ac2g\",\"bp\":\"e\"}");
    emit(&b);
    free(b.p);
    G.flows_emitted++;
}

static void note_flow(uint32_t corr, int is_api, unsigned a, unsigned b, uint64_t ts) {
    if (!corr) {
        return;
    }
    struct flow *f = map_get(&G.flows, corr);
    if (!f) {
        if (G.flows.count >= PX_MAX_PENDING) {
            map_clear(&G.flows, free); /* unmatched ids (e.g. a kind disabled): bound the memory */
        }
        f = calloc(1, sizeof *f);
        if (!f) {
            return;
        }
        map_put(&G.flows, corr, f);
    }
    if (is_api) {
        f->have_api = 1;
        f->api_pid = a;
        f->api_tid = b;
        f->api_ts = (int64_t)ts;
    } else if (!f->have_gpu) {
        f->have_gpu = 1;
        f->dev = a;
        f->stream = b;
        f->gpu_ts = (int64_t)ts;
    }
    if (f->have_api && f->have_gpu) {
        flow_pair(f, corr);
        free(map_take(&G.flows, corr));
    }
}

static void sb_x_head(sbuf *b, const char *cat, const char *name, unsigned pid, unsigned tid, uint64_t start,
                      uint64_t end) {
    sb_printf(b, "{\"ph\":\"X\",\"cat\":\"%s\",\"name\":", cat);
    sb_str(b, name);
    sb_printf(b, ",\"pid\":%u,\"tid\":%u,\"ts\":", pid, tid);
    sb_ts(b, start);
    sb_printf(b, ",\"dur\":");
    sb_us(b, end > start ? (int64_t)(end - start) : 0);
}

static void on_kernel(const uint8_t *r) {
    uint64_t start = px_u64(r, PX_KERNEL_START), end = px_u64(r, PX_KERNEL_END);
    unsigned dev = px_u32(r, PX_KERNEL_DEVICE), ctx = px_u32(r, PX_KERNEL_CONTEXT);
    unsigned stream = px_u32(r, PX_KERNEL_STREAM), corr = px_u32(r, PX_KERNEL_CORRELATION);
    const char *raw = px_ptr(r, PX_KERNEL_NAME);
    char *demangled = NULL;
    if (!G.demangle_looked_up) {
        /* The host's C++ runtime, when it has one: in the global scope, or loaded privately (PyTorch). */
        G.demangle_looked_up = 1;
        *(void **)(&G.demangle) = dlsym(RTLD_DEFAULT, "__cxa_demangle");
        void *cxx = G.demangle ? NULL : dlopen("libstdc++.so.6", RTLD_NOW | RTLD_NOLOAD);
        if (cxx) {
            *(void **)(&G.demangle) = dlsym(cxx, "__cxa_demangle");
        }
    }
    if (raw && raw[0] == '_' && raw[1] == 'Z' && G.demangle) {
        int status = -1;
        demangled = G.demangle(raw, NULL, NULL, &status);
        if (status != 0) {
            free(demangled);
            demangled = NULL;
        }
    }
    name_gpu_track(dev, stream);
    sbuf b = {0};
    sb_x_head(&b, "kernel", demangled ? demangled : (raw ? raw : "?"), dev, stream, start, end);
    int32_t g[3], k[3];
    memcpy(g, r + PX_KERNEL_GRID_X, sizeof g);
    memcpy(k, r + PX_KERNEL_BLOCK_X, sizeof k);
    sb_printf(&b,
              ",\"args\":{\"device\":%u,\"context\":%u,\"stream\":%u,\"correlation\":%u,"
              "\"registers per thread\":%u,\"shared memory\":%u,\"grid\":[%d,%d,%d],\"block\":[%d,%d,%d]}}",
              dev, ctx, stream, corr, px_u16(r, PX_KERNEL_REGISTERS),
              px_u32(r, PX_KERNEL_STATIC_SMEM) + px_u32(r, PX_KERNEL_DYNAMIC_SMEM), g[0], g[1], g[2], k[0], k[1], k[2]);
    emit(&b);
    free(b.p);
    free(demangled);
    G.kernels++;
    note_flow(corr, 0, dev, stream, start);
}

static const char *copy_kind(unsigned k) {
    static const char *const names[] = {"Unknown", "HtoD", "DtoH", "HtoA", "AtoH", "AtoA", "AtoD", "DtoA", "DtoD",
                                        "HtoH", "PtoP"};
    return k < sizeof names / sizeof *names ? names[k] : "Unknown";
}

static const char *mem_kind(unsigned k) {
    static const char *const names[] = {"Unknown", "Pageable", "Pinned", "Device", "Array", "Managed",
                                        "Device Static", "Managed Static"};
    return k < sizeof names / sizeof *names ? names[k] : "Unknown";
}

static void on_memcpy(const uint8_t *r) {
    uint64_t start = px_u64(r, PX_MEMCPY_START), end = px_u64(r, PX_MEMCPY_END), bytes = px_u64(r, PX_MEMCPY_BYTES);
    unsigned dev = px_u32(r, PX_MEMCPY_DEVICE), ctx = px_u32(r, PX_MEMCPY_CONTEXT);
    unsigned stream = px_u32(r, PX_MEMCPY_STREAM), corr = px_u32(r, PX_MEMCPY_CORRELATION);
    char name[96];
    snprintf(name, sizeof name, "Memcpy %s (%s -> %s)", copy_kind(r[PX_MEMCPY_COPY_KIND]),
             mem_kind(r[PX_MEMCPY_SRC_KIND]), mem_kind(r[PX_MEMCPY_DST_KIND]));
    name_gpu_track(dev, stream);
    sbuf b = {0};
    sb_x_head(&b, "gpu_memcpy", name, dev, stream, start, end);
    uint64_t dur = end > start ? end - start : 0;
    sb_printf(&b, ",\"args\":{\"device\":%u,\"context\":%u,\"stream\":%u,\"correlation\":%u,\"bytes\":%llu,"
                  "\"memory bandwidth (GB/s)\":%.3f}}",
              dev, ctx, stream, corr, (unsigned long long)bytes, dur ? (double)bytes / (double)dur : 0.0);
    emit(&b);
    free(b.p);
    G.memcpys++;
    note_flow(corr, 0, dev, stream, start);
}

static void on_memset(const uint8_t *r) {
    uint64_t start = px_u64(r, PX_MEMSET_START), end = px_u64(r, PX_MEMSET_END), bytes = px_u64(r, PX_MEMSET_BYTES);
    unsigned dev = px_u32(r, PX_MEMSET_DEVICE), ctx = px_u32(r, PX_MEMSET_CONTEXT);
    unsigned stream = px_u32(r, PX_MEMSET_STREAM), corr = px_u32(r, PX_MEMSET_CORRELATION);
    name_gpu_track(dev, stream);
    sbuf b = {0};
    sb_x_head(&b, "gpu_memset", "Memset (Device)", dev, stream, start, end);
    uint64_t dur = end > start ? end - start : 0;
    sb_printf(&b, ",\"args\":{\"device\":%u,\"context\":%u,\"stream\":%u,\"correlation\":%u,\"bytes\":%llu,"
                  "\"value\":%u,\"memory bandwidth (GB/s)\":%.3f}}",
              dev, ctx, stream, corr, (unsigned long long)bytes, px_u32(r, PX_MEMSET_VALUE),
              dur ? (double)bytes / (double)dur : 0.0);
    emit(&b);
    free(b.p);
    G.memsets++;
    note_flow(corr, 0, dev, stream, start);
}

static void on_api(const uint8_t *r, int domain) {
    uint32_t cbid = px_u32(r, PX_API_CBID), corr = px_u32(r, PX_API_CORRELATION);
    const char *name = api_name(domain, cbid);
    int work = launches_work(name);
    if (domain == PX_DOMAIN_DRIVER_API && !work) {
        return; /* driver records: only launches/copies (as Kineto's cuda_driver), not every call */
    }
    uint64_t start = px_u64(r, PX_API_START), end = px_u64(r, PX_API_END);
    unsigned pid = px_u32(r, PX_API_PROCESS), tid = px_u32(r, PX_API_THREAD);
    sbuf b = {0};
    sb_x_head(&b, domain == PX_DOMAIN_DRIVER_API ? "cuda_driver" : "cuda_runtime", name, pid, tid, start, end);
    sb_printf(&b, ",\"args\":{\"cbid\":%u,\"correlation\":%u}}", cbid, corr);
    emit(&b);
    free(b.p);
    G.api_calls++;
    if (work) {
        note_flow(corr, 1, pid, tid, start);
    }
}

static void on_marker(const uint8_t *r) {
    uint32_t flags = px_u32(r, PX_MARKER_FLAGS), id = px_u32(r, PX_MARKER_ID);
    uint32_t kind = px_u32(r, PX_MARKER_OBJECT_KIND);
    uint64_t ts = px_u64(r, PX_MARKER_TIMESTAMP);
    unsigned pid = G.pid, tid = 0;
    if (kind == PX_OBJECT_THREAD || kind == PX_OBJECT_PROCESS) {
        pid = px_u32(r, PX_MARKER_OBJECT_ID);
        tid = px_u32(r, PX_MARKER_OBJECT_ID + 4);
    }
    const char *name = px_ptr(r, PX_MARKER_NAME), *domain = px_ptr(r, PX_MARKER_DOMAIN);
    if (flags & PX_MARKER_START) {
        struct marker *m = calloc(1, sizeof *m);
        if (!m) {
            return;
        }
        m->ts = (int64_t)ts;
        m->pid = pid;
        m->tid = tid;
        m->name = strdup(name ? name : "");
        m->domain = domain ? strdup(domain) : NULL;
        free_marker(map_take(&G.markers, id));
        map_put(&G.markers, id, m);
    } else if (flags & PX_MARKER_END) {
        struct marker *m = map_take(&G.markers, id);
        if (!m) {
            return;
        }
        sbuf b = {0};
        sb_x_head(&b, "user_annotation", m->name, m->pid, m->tid, (uint64_t)m->ts, ts);
        sb_printf(&b, ",\"args\":{\"source\":\"nvtx\"");
        if (m->domain) {
            sb_printf(&b, ",\"domain\":");
            sb_str(&b, m->domain);
        }
        sb_printf(&b, "}}");
        emit(&b);
        free(b.p);
        free_marker(m);
        G.ranges++;
    } else if (flags & PX_MARKER_INSTANTANEOUS) {
        sbuf b = {0};
        sb_printf(&b, "{\"ph\":\"i\",\"s\":\"t\",\"cat\":\"user_annotation\",\"name\":");
        sb_str(&b, name ? name : "");
        sb_printf(&b, ",\"pid\":%u,\"tid\":%u,\"ts\":", pid, tid);
        sb_ts(&b, ts);
        sb_printf(&b, ",\"args\":{\"source\":\"nvtx\"}}");
        emit(&b);
        free(b.p);
        G.ranges++;
    }
}

/* ---------------------------------------------------------------- CUPTI buffer callbacks */
static void buffer_requested(uint8_t **buffer, size_t *size, size_t *max_records) {
    *buffer = aligned_alloc(8, PX_BUFFER_SIZE);
    *size = *buffer ? PX_BUFFER_SIZE : 0;
    *max_records = 0;
}

static void buffer_completed(px_context ctx, uint32_t stream, uint8_t *buffer, size_t size, size_t valid) {
    (void)size;
    pthread_mutex_lock(&G.lock);
    void *rec = NULL;
    while (valid > 0 && G.GetNextRecord(buffer, valid, &rec) == PX_CUPTI_SUCCESS && rec) {
        const uint8_t *r = rec;
        switch (px_u32(r, 0)) {
        case PX_KIND_KERNEL:
        case PX_KIND_CONCURRENT_KERNEL: on_kernel(r); break;
        case PX_KIND_MEMCPY: on_memcpy(r); break;
        case PX_KIND_MEMSET: on_memset(r); break;
        case PX_KIND_RUNTIME: on_api(r, PX_DOMAIN_RUNTIME_API); break;
        case PX_KIND_DRIVER: on_api(r, PX_DOMAIN_DRIVER_API); break;
        case PX_KIND_MARKER: on_marker(r); break;
        default: break;
        }
    }
    size_t dropped = 0;
    if (G.GetNumDropped && G.GetNumDropped(ctx, stream, &dropped) == PX_CUPTI_SUCCESS && dropped) {
        G.dropped += dropped;
    }
    write_pending();
    pthread_mutex_unlock(&G.lock);
    free(buffer);
}

/* ---------------------------------------------------------------- lifecycle */
static void finish(void) {
    if (G.active && G.FlushAll) {
        G.FlushAll(1);
    }
    pthread_mutex_lock(&G.lock);
    if (G.out && !G.finished) {
        sbuf b = {0};
        sb_printf(&b,
                  "{\"ph\":\"M\",\"name\":\"parallax_trace_summary\",\"pid\":%u,\"tid\":0,\"args\":{\"kernels\":%lu,"
                  "\"memcpy\":%lu,\"memset\":%lu,\"api_calls\":%lu,\"nvtx_ranges\":%lu,\"flows\":%lu,"
                  "\"dropped_records\":%lu,\"unclosed_ranges\":%zu}}",
                  G.pid, G.kernels, G.memcpys, G.memsets, G.api_calls, G.ranges, G.flows_emitted, G.dropped,
                  G.markers.count);
        emit(&b);
        free(b.p);
        sb_printf(&G.pending, "\n]\n");
        write_pending();
        fclose(G.out);
        G.out = NULL;
        G.finished = 1;
    }
    pthread_mutex_unlock(&G.lock);
}

/* A forked child (DataLoader workers, multiprocessing) shares the parent's file: it must neither
 * write events nor close the array at its exit. It records nothing. */
static void on_fork_child(void) {
    G.out = NULL;
    G.active = 0;
    G.finished = 1;
    pthread_mutex_init(&G.lock, NULL);
}

static void open_output(void) {
    const char *pattern = getenv("PARALLAX_TRACE_FILE");
    if (!pattern || !*pattern) {
        pattern = "parallax-gpu-trace-%p.json";
    }
    size_t o = 0;
    for (const char *p = pattern; *p && o + 24 < sizeof G.path; p++) {
        if (p[0] == '%' && p[1] == 'p') {
            o += (size_t)snprintf(G.path + o, sizeof G.path - o, "%u", G.pid);
            p++;
        } else {
            G.path[o++] = *p;
        }
    }
    G.path[o] = '\0';
    G.out = fopen(G.path, "w");
    if (!G.out) {
        fprintf(stderr, "[parallax-cupti] cannot write %s: %s; tracing disabled\n", G.path, strerror(errno));
        return;
    }
    setvbuf(G.out, NULL, _IONBF, 0);
    sb_printf(&G.pending, "[\n");
    sbuf b = {0};
    sb_printf(&b,
              "{\"ph\":\"M\",\"name\":\"trace_clock_base\",\"pid\":%u,\"tid\":0,\"ts\":0,\"args\":{"
              "\"baseTimeNanoseconds\":%lld,\"clock\":\"CLOCK_REALTIME\",\"unit\":\"us since baseTimeNanoseconds\","
              "\"writer\":\"parallax-cupti\"}}",
              G.pid, (long long)G.base_ns);
    emit(&b);
    b.len = 0;
    sb_printf(&b, "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%u,\"tid\":0,\"args\":{\"name\":", G.pid);
    sb_str(&b, program_invocation_short_name);
    sb_printf(&b, "}}");
    emit(&b);
    free(b.p);
    write_pending();
}

static void *load_cupti(char *tried, size_t len) {
    const char *explicit_path = getenv("PARALLAX_CUPTI_PATH");
    const char *candidates[] = {
        explicit_path,
        "libcupti.so.13",
        "libcupti.so.12",
        "libcupti.so",
        "/usr/local/cuda/extras/CUPTI/lib64/libcupti.so",
        "/usr/local/cuda/lib64/libcupti.so",
    };
    size_t o = 0;
    tried[0] = '\0';
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++) {
        const char *c = candidates[i];
        if (!c || !*c) {
            continue;
        }
        void *h = dlopen(c, RTLD_NOW | RTLD_LOCAL);
        if (h) {
            return h;
        }
        if (o < len) {
            o += (size_t)snprintf(tried + o, len - o, "%s%s", o ? ", " : "", c);
        }
        if (explicit_path && c == explicit_path) {
            break; /* an explicit choice is not second-guessed */
        }
    }
    return NULL;
}

#define SYM(field, name) (*(void **)(&G.field) = dlsym(G.cupti, name))

PX_EXPORT int InitializeInjection(void) {
    static int initialised;
    if (initialised) {
        return 1;
    }
    initialised = 1;
    G.pid = (unsigned)getpid();
    const char *base = getenv("PARALLAX_TRACE_BASE_NS");
    G.base_ns = base && *base ? strtoll(base, NULL, 10) : now_ns();
    open_output();
    if (!G.out) {
        return 1;
    }
    atexit(finish);
    pthread_atfork(NULL, NULL, on_fork_child);
    char tried[1024];
    G.cupti = load_cupti(tried, sizeof tried);
    if (!G.cupti) {
        diag("libcupti not found (tried %s); set PARALLAX_CUPTI_PATH. The trace stays empty.", tried);
        return 1;
    }
    SYM(RegisterCallbacks, "cuptiActivityRegisterCallbacks");
    SYM(Enable, "cuptiActivityEnable");
    SYM(FlushAll, "cuptiActivityFlushAll");
    SYM(FlushPeriod, "cuptiActivityFlushPeriod");
    SYM(GetNextRecord, "cuptiActivityGetNextRecord");
    SYM(GetCallbackName, "cuptiGetCallbackName");
    SYM(GetResultString, "cuptiGetResultString");
    SYM(GetNumDropped, "cuptiActivityGetNumDroppedRecords");
    if (!G.RegisterCallbacks || !G.Enable || !G.FlushAll || !G.GetNextRecord) {
        diag("libcupti lacks the activity API (cuptiActivityRegisterCallbacks/Enable/FlushAll/GetNextRecord)");
        return 1;
    }
    px_result r = G.RegisterCallbacks(buffer_requested, buffer_completed);
    if (r != PX_CUPTI_SUCCESS) {
        diag("cuptiActivityRegisterCallbacks failed: %s (%d); no GPU activity is recorded", result_string(r), r);
        return 1;
    }
    const char *drv = getenv("PARALLAX_CUPTI_DRIVER");
    G.driver_records = !(drv && !strcmp(drv, "0"));
    static const struct { int kind; const char *name; } kinds[] = {
        {PX_KIND_CONCURRENT_KERNEL, "CONCURRENT_KERNEL"}, {PX_KIND_MEMCPY, "MEMCPY"}, {PX_KIND_MEMSET, "MEMSET"},
        {PX_KIND_RUNTIME, "RUNTIME"}, {PX_KIND_DRIVER, "DRIVER"}, {PX_KIND_MARKER, "MARKER"},
    };
    int enabled = 0;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        if (kinds[i].kind == PX_KIND_DRIVER && !G.driver_records) {
            continue;
        }
        r = G.Enable(kinds[i].kind);
        if (r == PX_CUPTI_SUCCESS) {
            enabled++;
        } else {
            diag("cuptiActivityEnable(%s) failed: %s (%d)", kinds[i].name, result_string(r), r);
        }
    }
    if (!enabled) {
        diag("no CUPTI activity kind could be enabled (no driver or GPU?); the trace stays empty");
        return 1;
    }
    G.active = 1;
    const char *flush = getenv("PARALLAX_FLUSH_MS");
    long ms = flush && *flush ? strtol(flush, NULL, 10) : 1000;
    if (G.FlushPeriod && ms > 0) {
        G.FlushPeriod((uint32_t)ms);
    }
    const char *nvtx = getenv("PARALLAX_NVTX");
    if (!(nvtx && !strcmp(nvtx, "0")) && !getenv("NVTX_INJECTION64_PATH")) {
        struct link_map *lm = NULL;
        if (dlinfo(G.cupti, RTLD_DI_LINKMAP, &lm) == 0 && lm && lm->l_name && lm->l_name[0]) {
            setenv("NVTX_INJECTION64_PATH", lm->l_name, 0); /* NVTX calls made from now on reach CUPTI */
        }
    }
    return 1;
}
