/*
 * NVML sampler core. NVML types are declared here (nvml.h is not needed to build): only the few
 * structures and constants the queries use, with the layouts documented in NVIDIA's nvml.h.
 * Every query is resolved with dlsym; a missing symbol or an unsupported query disables that
 * series on that device only, and the reason is reported in each sample's "missing" object.
 */
#define _GNU_SOURCE
#include "nvml_sampler.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int nvmlReturn_t;
typedef void *nvmlDevice_t;
typedef void *nvmlGpmSample_t;

enum {
    NVML_SUCCESS = 0,
    NVML_ERROR_NOT_SUPPORTED = 3,
    NVML_ERROR_INSUFFICIENT_SIZE = 7,
    NVML_ERROR_FUNCTION_NOT_FOUND = 13,
};

typedef struct { unsigned int gpu, memory; } nvmlUtilization_t;
typedef struct { unsigned long long total, free, used; } nvmlMemory_t;
/* v2 (driver 510+): "used" excludes the memory the driver reserves, as nvidia-smi reports it. */
typedef struct {
    unsigned int version;
    unsigned long long total, reserved, free, used;
} nvmlMemory_v2_t;
#define PS_NVML_MEMORY_V2 ((unsigned int)(sizeof(nvmlMemory_v2_t) | (2u << 24)))
typedef struct {
    unsigned int fieldId;
    unsigned int scopeId;
    long long timestamp;
    long long latencyUsec;
    int valueType;
    nvmlReturn_t nvmlReturn;
    union { double d; unsigned int ui; unsigned long ul; unsigned long long ull; long long sll; } value;
} nvmlFieldValue_t;
typedef struct {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
} nvmlProcessInfo_t;
typedef struct { unsigned int version; unsigned int isSupportedDevice; } nvmlGpmSupport_t;
typedef struct {
    unsigned int metricId;
    nvmlReturn_t nvmlReturn;
    double value;
    struct { char *shortName; char *longName; char *unit; } metricInfo;
} nvmlGpmMetric_t;
#define PS_GPM_METRIC_SLOTS 210 /* >= NVML_GPM_METRIC_MAX of current drivers; only numMetrics are read */
typedef struct {
    unsigned int version;
    unsigned int numMetrics;
    nvmlGpmSample_t sample1;
    nvmlGpmSample_t sample2;
    nvmlGpmMetric_t metrics[PS_GPM_METRIC_SLOTS];
} nvmlGpmMetricsGet_t;

_Static_assert(sizeof(nvmlFieldValue_t) == 40, "nvmlFieldValue_t is 40 bytes");
_Static_assert(offsetof(nvmlFieldValue_t, value) == 32, "field value union at offset 32");
_Static_assert(sizeof(nvmlProcessInfo_t) == 24, "nvmlProcessInfo_t (v3) is 24 bytes");

#define NVML_FI_DEV_NVLINK_THROUGHPUT_DATA_TX 138
#define NVML_FI_DEV_NVLINK_THROUGHPUT_DATA_RX 139
#define PS_NVLINK_MAX_LINKS 18
#define PS_MAX_PROCESSES 64
#define PS_MAX_DEVICES 64

enum { GPM_SM_UTIL = 2, GPM_SM_OCCUPANCY = 3, GPM_ANY_TENSOR_UTIL = 5, GPM_DRAM_BW_UTIL = 10 };

/* Series that can be disabled independently. */
enum series {
    S_UTIL, S_MEMORY, S_POWER, S_SM_CLOCK, S_MEM_CLOCK, S_TEMPERATURE, S_PCIE, S_NVLINK,
    S_PROCESSES, S_GPM, S_COUNT
};
static const char *const SERIES_NAMES[S_COUNT] = {
    "utilization", "memory", "power", "sm_clock", "mem_clock", "temperature", "pcie", "nvlink",
    "processes", "gpm",
};

typedef struct {
    nvmlDevice_t handle;
    char name[96];
    char uuid[96];
    char *missing[S_COUNT]; /* reason a series is off, NULL when it is on */
    /* NVLink: cumulative KiB at the previous sample */
    int nvlink_have_prev;
    unsigned long long nvlink_prev_tx, nvlink_prev_rx;
    long long nvlink_prev_ns;
    /* GPM: previous sample */
    nvmlGpmSample_t gpm_prev, gpm_cur;
    long long gpm_prev_ns;
    int gpm_have_prev;
} ps_device;

struct ps_sampler {
    void *lib;
    char libpath[512];
    char driver[96];
    int count;
    ps_device dev[PS_MAX_DEVICES];
    nvmlReturn_t (*Shutdown)(void);
    const char *(*ErrorString)(nvmlReturn_t);
    nvmlReturn_t (*GetUtilizationRates)(nvmlDevice_t, nvmlUtilization_t *);
    nvmlReturn_t (*GetMemoryInfo)(nvmlDevice_t, nvmlMemory_t *);
    nvmlReturn_t (*GetMemoryInfoV2)(nvmlDevice_t, nvmlMemory_v2_t *);
    nvmlReturn_t (*GetPowerUsage)(nvmlDevice_t, unsigned int *);
    nvmlReturn_t (*GetClockInfo)(nvmlDevice_t, int, unsigned int *);
    nvmlReturn_t (*GetTemperature)(nvmlDevice_t, int, unsigned int *);
    nvmlReturn_t (*GetPcieThroughput)(nvmlDevice_t, int, unsigned int *);
    nvmlReturn_t (*GetFieldValues)(nvmlDevice_t, int, nvmlFieldValue_t *);
    nvmlReturn_t (*GetComputeRunningProcesses)(nvmlDevice_t, unsigned int *, nvmlProcessInfo_t *);
    nvmlReturn_t (*GpmQueryDeviceSupport)(nvmlDevice_t, nvmlGpmSupport_t *);
    nvmlReturn_t (*GpmSampleAlloc)(nvmlGpmSample_t *);
    nvmlReturn_t (*GpmSampleFree)(nvmlGpmSample_t);
    nvmlReturn_t (*GpmSampleGet)(nvmlDevice_t, nvmlGpmSample_t);
    nvmlReturn_t (*GpmMetricsGet)(nvmlGpmMetricsGet_t *);
};

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static const char *err_str(const ps_sampler *s, nvmlReturn_t r) {
    static char generic[32];
    const char *m = s->ErrorString ? s->ErrorString(r) : NULL;
    if (m) {
        return m;
    }
    snprintf(generic, sizeof generic, "NVML error %d", r);
    return generic;
}

static void disable(ps_device *d, enum series which, const char *fmt, ...) {
    if (d->missing[which]) {
        return;
    }
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    d->missing[which] = strdup(msg);
}

/* A query failing with NOT_SUPPORTED / FUNCTION_NOT_FOUND disables its series; other errors
 * (e.g. a transient "GPU is lost") only drop this tick's value. Returns 1 when the value is good. */
static int check(const ps_sampler *s, ps_device *d, enum series which, const char *fn, nvmlReturn_t r) {
    if (r == NVML_SUCCESS) {
        return 1;
    }
    if (r == NVML_ERROR_NOT_SUPPORTED || r == NVML_ERROR_FUNCTION_NOT_FOUND) {
        disable(d, which, "%s: %s", fn, err_str(s, r));
    }
    return 0;
}

#define LOOKUP(field, sym) (*(void **)(&s->field) = dlsym(s->lib, sym))

ps_sampler *ps_open(const char *libpath, char *err, size_t errlen) {
    const char *path = (libpath && *libpath) ? libpath : "libnvidia-ml.so.1";
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        snprintf(err, errlen, "%s not found (dlopen: %s)", path, why ? why : "unknown error");
        return NULL;
    }
    ps_sampler *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        dlclose(lib);
        return NULL;
    }
    s->lib = lib;
    snprintf(s->libpath, sizeof s->libpath, "%s", path);
    nvmlReturn_t (*init)(void) = NULL;
    nvmlReturn_t (*getCount)(unsigned int *) = NULL;
    nvmlReturn_t (*getHandle)(unsigned int, nvmlDevice_t *) = NULL;
    nvmlReturn_t (*getName)(nvmlDevice_t, char *, unsigned int) = NULL;
    nvmlReturn_t (*getUuid)(nvmlDevice_t, char *, unsigned int) = NULL;
    nvmlReturn_t (*getDriver)(char *, unsigned int) = NULL;
    *(void **)(&init) = dlsym(lib, "nvmlInit_v2");
    *(void **)(&getCount) = dlsym(lib, "nvmlDeviceGetCount_v2");
    *(void **)(&getHandle) = dlsym(lib, "nvmlDeviceGetHandleByIndex_v2");
    *(void **)(&getName) = dlsym(lib, "nvmlDeviceGetName");
    *(void **)(&getUuid) = dlsym(lib, "nvmlDeviceGetUUID");
    *(void **)(&getDriver) = dlsym(lib, "nvmlSystemGetDriverVersion");
    LOOKUP(Shutdown, "nvmlShutdown");
    LOOKUP(ErrorString, "nvmlErrorString");
    if (!init || !getCount || !getHandle) {
        snprintf(err, errlen, "%s lacks nvmlInit_v2/nvmlDeviceGetCount_v2/nvmlDeviceGetHandleByIndex_v2 "
                 "(driver too old?)", path);
        dlclose(lib);
        free(s);
        return NULL;
    }
    nvmlReturn_t r = init();
    if (r != NVML_SUCCESS) {
        snprintf(err, errlen, "nvmlInit_v2 failed: %s (%d)", err_str(s, r), r);
        dlclose(lib);
        free(s);
        return NULL;
    }
    unsigned int n = 0;
    r = getCount(&n);
    if (r != NVML_SUCCESS) {
        snprintf(err, errlen, "nvmlDeviceGetCount_v2 failed: %s (%d)", err_str(s, r), r);
        if (s->Shutdown) {
            s->Shutdown();
        }
        dlclose(lib);
        free(s);
        return NULL;
    }
    if (n > PS_MAX_DEVICES) {
        n = PS_MAX_DEVICES;
    }
    if (getDriver && getDriver(s->driver, sizeof s->driver) != NVML_SUCCESS) {
        s->driver[0] = '\0';
    }
    LOOKUP(GetUtilizationRates, "nvmlDeviceGetUtilizationRates");
    LOOKUP(GetMemoryInfo, "nvmlDeviceGetMemoryInfo");
    LOOKUP(GetMemoryInfoV2, "nvmlDeviceGetMemoryInfo_v2");
    LOOKUP(GetPowerUsage, "nvmlDeviceGetPowerUsage");
    LOOKUP(GetClockInfo, "nvmlDeviceGetClockInfo");
    LOOKUP(GetTemperature, "nvmlDeviceGetTemperature");
    LOOKUP(GetPcieThroughput, "nvmlDeviceGetPcieThroughput");
    LOOKUP(GetFieldValues, "nvmlDeviceGetFieldValues");
    LOOKUP(GetComputeRunningProcesses, "nvmlDeviceGetComputeRunningProcesses_v3");
    LOOKUP(GpmQueryDeviceSupport, "nvmlGpmQueryDeviceSupport");
    LOOKUP(GpmSampleAlloc, "nvmlGpmSampleAlloc");
    LOOKUP(GpmSampleFree, "nvmlGpmSampleFree");
    LOOKUP(GpmSampleGet, "nvmlGpmSampleGet");
    LOOKUP(GpmMetricsGet, "nvmlGpmMetricsGet");

    for (unsigned int i = 0; i < n; i++) {
        ps_device *d = &s->dev[s->count];
        if (getHandle(i, &d->handle) != NVML_SUCCESS) {
            continue;
        }
        if (!getName || getName(d->handle, d->name, sizeof d->name) != NVML_SUCCESS) {
            snprintf(d->name, sizeof d->name, "GPU %u", i);
        }
        if (!getUuid || getUuid(d->handle, d->uuid, sizeof d->uuid) != NVML_SUCCESS) {
            d->uuid[0] = '\0';
        }
#define NEED(fn, series, sym) if (!s->fn) disable(d, series, "symbol %s missing in %s", sym, path)
        NEED(GetUtilizationRates, S_UTIL, "nvmlDeviceGetUtilizationRates");
        if (!s->GetMemoryInfo && !s->GetMemoryInfoV2) {
            disable(d, S_MEMORY, "symbols nvmlDeviceGetMemoryInfo(_v2) missing in %s", path);
        }
        NEED(GetPowerUsage, S_POWER, "nvmlDeviceGetPowerUsage");
        NEED(GetClockInfo, S_SM_CLOCK, "nvmlDeviceGetClockInfo");
        NEED(GetClockInfo, S_MEM_CLOCK, "nvmlDeviceGetClockInfo");
        NEED(GetTemperature, S_TEMPERATURE, "nvmlDeviceGetTemperature");
        NEED(GetPcieThroughput, S_PCIE, "nvmlDeviceGetPcieThroughput");
        NEED(GetFieldValues, S_NVLINK, "nvmlDeviceGetFieldValues");
        NEED(GetComputeRunningProcesses, S_PROCESSES, "nvmlDeviceGetComputeRunningProcesses_v3");
#undef NEED
        if (!s->GpmSampleAlloc || !s->GpmSampleFree || !s->GpmSampleGet || !s->GpmMetricsGet) {
            disable(d, S_GPM, "GPM symbols (nvmlGpmSampleAlloc/Get/Free, nvmlGpmMetricsGet) missing in %s", path);
        } else {
            nvmlGpmSupport_t sup = {1, 0};
            if (s->GpmQueryDeviceSupport) {
                nvmlReturn_t gr = s->GpmQueryDeviceSupport(d->handle, &sup);
                if (gr != NVML_SUCCESS) {
                    disable(d, S_GPM, "nvmlGpmQueryDeviceSupport: %s", err_str(s, gr));
                } else if (!sup.isSupportedDevice) {
                    disable(d, S_GPM, "GPM metrics need a Hopper or newer GPU");
                }
            }
            if (!d->missing[S_GPM]
                && (s->GpmSampleAlloc(&d->gpm_prev) != NVML_SUCCESS
                    || s->GpmSampleAlloc(&d->gpm_cur) != NVML_SUCCESS)) {
                disable(d, S_GPM, "nvmlGpmSampleAlloc failed");
            }
        }
        s->count++;
    }
    return s;
}

int ps_device_count(const ps_sampler *s) {
    return s ? s->count : 0;
}

/* ---- a tiny JSON writer into a fixed buffer ---- */
typedef struct { char *p; size_t len, pos; int overflow; } jbuf;

static void jraw(jbuf *b, const char *fmt, ...) {
    if (b->overflow) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->p + b->pos, b->len - b->pos, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= b->len - b->pos) {
        b->overflow = 1;
        return;
    }
    b->pos += (size_t)n;
}

static void jstr(jbuf *b, const char *s) {
    jraw(b, "\"");
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            jraw(b, "\\%c", c);
        } else if (c < 0x20) {
            jraw(b, "\\u%04x", c);
        } else {
            jraw(b, "%c", c);
        }
    }
    jraw(b, "\"");
}

int ps_info_json(ps_sampler *s, char *buf, size_t len) {
    jbuf b = {buf, len, 0, 0};
    jraw(&b, "{\"type\":\"info\",\"library\":");
    jstr(&b, s->libpath);
    jraw(&b, ",\"driver_version\":");
    jstr(&b, s->driver);
    jraw(&b, ",\"device_count\":%d,\"devices\":[", s->count);
    for (int i = 0; i < s->count; i++) {
        jraw(&b, "%s{\"device\":%d,\"name\":", i ? "," : "", i);
        jstr(&b, s->dev[i].name);
        jraw(&b, ",\"uuid\":");
        jstr(&b, s->dev[i].uuid);
        jraw(&b, "}");
    }
    jraw(&b, "]}");
    return b.overflow ? -1 : (int)b.pos;
}

static void sample_nvlink(ps_sampler *s, ps_device *d, jbuf *b, long long t) {
    nvmlFieldValue_t f[2 * PS_NVLINK_MAX_LINKS];
    memset(f, 0, sizeof f);
    for (int l = 0; l < PS_NVLINK_MAX_LINKS; l++) {
        f[2 * l].fieldId = NVML_FI_DEV_NVLINK_THROUGHPUT_DATA_TX;
        f[2 * l].scopeId = (unsigned)l;
        f[2 * l + 1].fieldId = NVML_FI_DEV_NVLINK_THROUGHPUT_DATA_RX;
        f[2 * l + 1].scopeId = (unsigned)l;
    }
    nvmlReturn_t r = s->GetFieldValues(d->handle, 2 * PS_NVLINK_MAX_LINKS, f);
    if (!check(s, d, S_NVLINK, "nvmlDeviceGetFieldValues", r)) {
        return;
    }
    unsigned long long tx = 0, rx = 0;
    int links = 0;
    for (int l = 0; l < PS_NVLINK_MAX_LINKS; l++) {
        if (f[2 * l].nvmlReturn == NVML_SUCCESS && f[2 * l + 1].nvmlReturn == NVML_SUCCESS) {
            tx += f[2 * l].value.ull;
            rx += f[2 * l + 1].value.ull;
            links++;
        }
    }
    if (links == 0) {
        disable(d, S_NVLINK, "no NVLink throughput fields on this device (%s)", err_str(s, f[0].nvmlReturn));
        return;
    }
    if (d->nvlink_have_prev && t > d->nvlink_prev_ns && tx >= d->nvlink_prev_tx && rx >= d->nvlink_prev_rx) {
        double dt = (double)(t - d->nvlink_prev_ns) / 1e9;
        jraw(b, ",\"nvlink_links\":%d,\"nvlink_tx_kibps\":%.1f,\"nvlink_rx_kibps\":%.1f", links,
             (double)(tx - d->nvlink_prev_tx) / dt, (double)(rx - d->nvlink_prev_rx) / dt);
    }
    d->nvlink_have_prev = 1;
    d->nvlink_prev_tx = tx;
    d->nvlink_prev_rx = rx;
    d->nvlink_prev_ns = t;
}

static void sample_gpm(ps_sampler *s, ps_device *d, jbuf *b, long long t) {
    if (d->gpm_have_prev && t - d->gpm_prev_ns < 100000000LL) {
        return; /* GPM samples must be >= 100 ms apart */
    }
    nvmlReturn_t r = s->GpmSampleGet(d->handle, d->gpm_cur);
    if (!check(s, d, S_GPM, "nvmlGpmSampleGet", r)) {
        return;
    }
    if (d->gpm_have_prev) {
        static nvmlGpmMetricsGet_t mg; /* large; one sampler thread uses it at a time */
        memset(&mg, 0, sizeof mg);
        mg.version = 1;
        mg.numMetrics = 4;
        mg.sample1 = d->gpm_prev;
        mg.sample2 = d->gpm_cur;
        mg.metrics[0].metricId = GPM_SM_UTIL;
        mg.metrics[1].metricId = GPM_SM_OCCUPANCY;
        mg.metrics[2].metricId = GPM_ANY_TENSOR_UTIL;
        mg.metrics[3].metricId = GPM_DRAM_BW_UTIL;
        r = s->GpmMetricsGet(&mg);
        if (check(s, d, S_GPM, "nvmlGpmMetricsGet", r)) {
            static const char *const keys[4] = {
                "gpm_sm_util_pct", "gpm_sm_occupancy_pct", "gpm_tensor_util_pct", "gpm_dram_bw_util_pct"};
            for (int i = 0; i < 4; i++) {
                if (mg.metrics[i].nvmlReturn == NVML_SUCCESS) {
                    jraw(b, ",\"%s\":%.2f", keys[i], mg.metrics[i].value);
                }
            }
        }
    }
    nvmlGpmSample_t tmp = d->gpm_prev;
    d->gpm_prev = d->gpm_cur;
    d->gpm_cur = tmp;
    d->gpm_prev_ns = t;
    d->gpm_have_prev = 1;
}

int ps_sample_json(ps_sampler *s, int i, char *buf, size_t len) {
    if (!s || i < 0 || i >= s->count) {
        return -1;
    }
    ps_device *d = &s->dev[i];
    jbuf b = {buf, len, 0, 0};
    long long t = now_ns();
    jraw(&b, "{\"type\":\"sample\",\"device\":%d,\"t_ns\":%lld,\"name\":", i, t);
    jstr(&b, d->name);
    jraw(&b, ",\"uuid\":");
    jstr(&b, d->uuid);

    if (!d->missing[S_UTIL]) {
        nvmlUtilization_t u;
        if (check(s, d, S_UTIL, "nvmlDeviceGetUtilizationRates", s->GetUtilizationRates(d->handle, &u))) {
            jraw(&b, ",\"gpu_util_pct\":%u,\"mem_util_pct\":%u", u.gpu, u.memory);
        }
    }
    if (!d->missing[S_MEMORY]) {
        nvmlMemory_v2_t m2 = {PS_NVML_MEMORY_V2, 0, 0, 0, 0};
        nvmlMemory_t m;
        if (s->GetMemoryInfoV2 && s->GetMemoryInfoV2(d->handle, &m2) == NVML_SUCCESS) {
            jraw(&b, ",\"mem_used_bytes\":%llu,\"mem_total_bytes\":%llu,\"mem_reserved_bytes\":%llu", m2.used,
                 m2.total, m2.reserved);
        } else if (s->GetMemoryInfo
                   && check(s, d, S_MEMORY, "nvmlDeviceGetMemoryInfo", s->GetMemoryInfo(d->handle, &m))) {
            jraw(&b, ",\"mem_used_bytes\":%llu,\"mem_total_bytes\":%llu", m.used, m.total);
        }
    }
    if (!d->missing[S_POWER]) {
        unsigned int mw;
        if (check(s, d, S_POWER, "nvmlDeviceGetPowerUsage", s->GetPowerUsage(d->handle, &mw))) {
            jraw(&b, ",\"power_w\":%u.%03u", mw / 1000, mw % 1000);
        }
    }
    if (!d->missing[S_SM_CLOCK]) {
        unsigned int mhz;
        if (check(s, d, S_SM_CLOCK, "nvmlDeviceGetClockInfo(SM)", s->GetClockInfo(d->handle, 1, &mhz))) {
            jraw(&b, ",\"sm_clock_mhz\":%u", mhz);
        }
    }
    if (!d->missing[S_MEM_CLOCK]) {
        unsigned int mhz;
        if (check(s, d, S_MEM_CLOCK, "nvmlDeviceGetClockInfo(MEM)", s->GetClockInfo(d->handle, 2, &mhz))) {
            jraw(&b, ",\"mem_clock_mhz\":%u", mhz);
        }
    }
    if (!d->missing[S_TEMPERATURE]) {
        unsigned int c;
        if (check(s, d, S_TEMPERATURE, "nvmlDeviceGetTemperature", s->GetTemperature(d->handle, 0, &c))) {
            jraw(&b, ",\"temperature_c\":%u", c);
        }
    }
    if (!d->missing[S_PCIE]) {
        unsigned int tx, rx;
        if (check(s, d, S_PCIE, "nvmlDeviceGetPcieThroughput", s->GetPcieThroughput(d->handle, 0, &tx))
            && check(s, d, S_PCIE, "nvmlDeviceGetPcieThroughput", s->GetPcieThroughput(d->handle, 1, &rx))) {
            jraw(&b, ",\"pcie_tx_kbps\":%u,\"pcie_rx_kbps\":%u", tx, rx);
        }
    }
    if (!d->missing[S_NVLINK]) {
        sample_nvlink(s, d, &b, t);
    }
    if (!d->missing[S_PROCESSES]) {
        nvmlProcessInfo_t p[PS_MAX_PROCESSES];
        unsigned int n = PS_MAX_PROCESSES;
        nvmlReturn_t r = s->GetComputeRunningProcesses(d->handle, &n, p);
        if (r == NVML_ERROR_INSUFFICIENT_SIZE) {
            n = PS_MAX_PROCESSES; /* more processes than we list: keep the first ones */
            r = NVML_SUCCESS;
        }
        if (check(s, d, S_PROCESSES, "nvmlDeviceGetComputeRunningProcesses_v3", r)) {
            jraw(&b, ",\"processes\":[");
            for (unsigned int k = 0; k < n && k < PS_MAX_PROCESSES; k++) {
                jraw(&b, "%s{\"pid\":%u,\"used_bytes\":%llu}", k ? "," : "", p[k].pid, p[k].usedGpuMemory);
            }
            jraw(&b, "]");
        }
    }
    if (!d->missing[S_GPM]) {
        sample_gpm(s, d, &b, t);
    }
    int any = 0;
    for (int k = 0; k < S_COUNT; k++) {
        if (d->missing[k]) {
            jraw(&b, "%s\"%s\":", any ? "," : ",\"missing\":{", SERIES_NAMES[k]);
            jstr(&b, d->missing[k]);
            any = 1;
        }
    }
    jraw(&b, any ? "}}" : "}");
    return b.overflow ? -1 : (int)b.pos;
}

void ps_close(ps_sampler *s) {
    if (!s) {
        return;
    }
    for (int i = 0; i < s->count; i++) {
        ps_device *d = &s->dev[i];
        if (s->GpmSampleFree) {
            if (d->gpm_prev) {
                s->GpmSampleFree(d->gpm_prev);
            }
            if (d->gpm_cur) {
                s->GpmSampleFree(d->gpm_cur);
            }
        }
        for (int k = 0; k < S_COUNT; k++) {
            free(d->missing[k]);
        }
    }
    if (s->Shutdown) {
        s->Shutdown();
    }
    dlclose(s->lib);
    free(s);
}
