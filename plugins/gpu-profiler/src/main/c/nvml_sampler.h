/*
 * NVML sampler: loads libnvidia-ml.so.1 with dlopen (no link-time NVIDIA dependency) and renders
 * one JSON object per device per sample. Shared by the JNI binding and the sampler_cli tool.
 */
#ifndef PARALLAX_NVML_SAMPLER_H
#define PARALLAX_NVML_SAMPLER_H

#include <stddef.h>

typedef struct ps_sampler ps_sampler;

/* Opens NVML from libpath (NULL or "" = "libnvidia-ml.so.1") and initialises it.
 * Returns NULL and writes a readable reason into err when NVML is unusable. */
ps_sampler *ps_open(const char *libpath, char *err, size_t errlen);

int ps_device_count(const ps_sampler *s);

/* {"type":"info",...}: driver version, library, device count. Returns length or -1. */
int ps_info_json(ps_sampler *s, char *buf, size_t len);

/* {"type":"sample","device":i,"t_ns":...,...}: one tick of device i. Returns length or -1. */
int ps_sample_json(ps_sampler *s, int device, char *buf, size_t len);

void ps_close(ps_sampler *s);

#endif
