/*
 * Test double for libnvidia-ml.so.1: the NVML entry points the sampler uses, with deterministic
 * values. Device 0 supports everything except GPM (its symbols are absent on purpose); device 1
 * reports power as "Not Supported" and has no NVLink.
 * Switches (environment):
 *   FAKE_NVML_MODE=no_driver      nvmlInit_v2 returns NVML_ERROR_DRIVER_NOT_LOADED
 *   FAKE_NVML_DEVICES=N           number of devices (default 2)
 *   FAKE_NVML_CRASH_AFTER=N       the N-th utilisation query dereferences NULL (SIGSEGV)
 *   FAKE_NVML_HANG_AFTER=N        the N-th utilisation query never returns
 * Values: utilisation.gpu = (7 * tick + 5 * device) % 101 where tick counts that device's
 * utilisation queries from 0; memory used = (device + 1) GiB of 80 GiB (v2; v1 adds a 512 MiB reserve); power 250.5 W + device W;
 * SM clock 1980 MHz, memory clock 2619 MHz; temperature 40 + device C; PCIe TX 1000 / RX 2000 KB/s;
 * NVLink (device 0, links 0 and 1): cumulative KiB = 1024 * (link + 1) * tick.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int nvmlReturn_t;
typedef struct { unsigned int gpu, memory; } nvmlUtilization_t;
typedef struct { unsigned long long total, free, used; } nvmlMemory_t;
typedef struct {
    unsigned int fieldId, scopeId;
    long long timestamp, latencyUsec;
    int valueType;
    nvmlReturn_t nvmlReturn;
    union { double d; unsigned int ui; unsigned long long ull; } value;
} nvmlFieldValue_t;
typedef struct {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId, computeInstanceId;
} nvmlProcessInfo_t;

#define MAXDEV 8
static struct fake_dev { int index; unsigned long util_ticks; } devs[MAXDEV];
static unsigned long total_util_queries;

static int env_int(const char *name, int dflt) {
    const char *v = getenv(name);
    return v && *v ? atoi(v) : dflt;
}
static int ndev(void) {
    int n = env_int("FAKE_NVML_DEVICES", 2);
    return n < 0 ? 0 : (n > MAXDEV ? MAXDEV : n);
}
static struct fake_dev *dev_of(void *h) {
    struct fake_dev *d = h;
    return (d >= devs && d < devs + MAXDEV) ? d : NULL;
}

nvmlReturn_t nvmlInit_v2(void) {
    const char *mode = getenv("FAKE_NVML_MODE");
    if (mode && !strcmp(mode, "no_driver")) {
        return 9; /* NVML_ERROR_DRIVER_NOT_LOADED */
    }
    for (int i = 0; i < MAXDEV; i++) {
        devs[i].index = i;
    }
    return 0;
}
nvmlReturn_t nvmlShutdown(void) { return 0; }
const char *nvmlErrorString(nvmlReturn_t r) {
    switch (r) {
    case 0: return "Success";
    case 2: return "Invalid Argument";
    case 3: return "Not Supported";
    case 9: return "Driver Not Loaded";
    default: return "Unknown Error";
    }
}
nvmlReturn_t nvmlSystemGetDriverVersion(char *v, unsigned int len) {
    snprintf(v, len, "999.99-fake");
    return 0;
}
nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *n) { *n = (unsigned)ndev(); return 0; }
nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int i, void **h) {
    if ((int)i >= ndev()) {
        return 2;
    }
    *h = &devs[i];
    return 0;
}
nvmlReturn_t nvmlDeviceGetName(void *h, char *name, unsigned int len) {
    struct fake_dev *d = dev_of(h);
    if (!d) return 2;
    snprintf(name, len, "Fake \"H100\" %d", d->index);
    return 0;
}
nvmlReturn_t nvmlDeviceGetUUID(void *h, char *uuid, unsigned int len) {
    struct fake_dev *d = dev_of(h);
    if (!d) return 2;
    snprintf(uuid, len, "GPU-00000000-0000-0000-0000-00000000000%d", d->index);
    return 0;
}
nvmlReturn_t nvmlDeviceGetUtilizationRates(void *h, nvmlUtilization_t *u) {
    struct fake_dev *d = dev_of(h);
    if (!d) return 2;
    total_util_queries++;
    int crash = env_int("FAKE_NVML_CRASH_AFTER", 0), hang = env_int("FAKE_NVML_HANG_AFTER", 0);
    if (crash > 0 && total_util_queries >= (unsigned long)crash) {
        volatile int *p = NULL;
        *p = 1;
    }
    if (hang > 0 && total_util_queries >= (unsigned long)hang) {
        for (;;) pause();
    }
    u->gpu = (unsigned)((7 * d->util_ticks + 5 * (unsigned long)d->index) % 101);
    u->memory = 30u + (unsigned)d->index;
    d->util_ticks++;
    return 0;
}
nvmlReturn_t nvmlDeviceGetMemoryInfo(void *h, nvmlMemory_t *m) {
    struct fake_dev *d = dev_of(h);
    if (!d) return 2;
    m->total = 80ULL << 30;
    m->used = ((unsigned long long)(d->index + 1) << 30) + (512ULL << 20);
    m->free = m->total - m->used;
    return 0;
}
typedef struct { unsigned int version; unsigned long long total, reserved, free, used; } nvmlMemory_v2_t;
/* v2 leaves the driver's reserve (512 MiB here) out of "used", as real drivers do; v1 counts it. */
nvmlReturn_t nvmlDeviceGetMemoryInfo_v2(void *h, nvmlMemory_v2_t *m) {
    struct fake_dev *d = dev_of(h);
    if (!d) return 2;
    if (m->version != (unsigned)(sizeof *m | (2u << 24))) return 25; /* NVML_ERROR_ARGUMENT_VERSION_MISMATCH */
    m->total = 80ULL << 30;
    m->reserved = 512ULL << 20;
    m->used = (unsigned long long)(d->index + 1) << 30;
    m->free = m->total - m->reserved - m->used;
    return 0;
}
nvmlReturn_t nvmlDeviceGetPowerUsage(void *h, unsigned int *mw) {
    struct fake_dev *d = dev_of(h);
    if (!d) return 2;
    if (d->index == 1) return 3;
    *mw = 250500u + 1000u * (unsigned)d->index;
    return 0;
}
nvmlReturn_t nvmlDeviceGetClockInfo(void *h, int type, unsigned int *mhz) {
    if (!dev_of(h)) return 2;
    *mhz = type == 2 ? 2619u : 1980u;
    return 0;
}
nvmlReturn_t nvmlDeviceGetTemperature(void *h, int sensor, unsigned int *c) {
    struct fake_dev *d = dev_of(h);
    if (!d || sensor != 0) return 2;
    *c = 40u + (unsigned)d->index;
    return 0;
}
nvmlReturn_t nvmlDeviceGetPcieThroughput(void *h, int counter, unsigned int *kbps) {
    if (!dev_of(h)) return 2;
    *kbps = counter == 0 ? 1000u : 2000u;
    return 0;
}
nvmlReturn_t nvmlDeviceGetFieldValues(void *h, int n, nvmlFieldValue_t *f) {
    struct fake_dev *d = dev_of(h);
    if (!d) return 2;
    for (int i = 0; i < n; i++) {
        f[i].timestamp = 0;
        f[i].valueType = 4; /* unsigned long long */
        if (d->index == 0 && f[i].scopeId < 2 && (f[i].fieldId == 138 || f[i].fieldId == 139)) {
            f[i].nvmlReturn = 0;
            f[i].value.ull = 1024ULL * (f[i].scopeId + 1) * d->util_ticks;
        } else {
            f[i].nvmlReturn = 3;
        }
    }
    return 0;
}
nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(void *h, unsigned int *count, nvmlProcessInfo_t *p) {
    struct fake_dev *d = dev_of(h);
    if (!d) return 2;
    if (d->index != 0) {
        *count = 0;
        return 0;
    }
    if (*count < 1) {
        *count = 1;
        return 7;
    }
    *count = 1;
    p[0].pid = 4242;
    p[0].usedGpuMemory = 1ULL << 30;
    p[0].gpuInstanceId = p[0].computeInstanceId = 0xFFFFFFFFu;
    return 0;
}
