/*
 * sampler_cli: the NVML sampler without Java. Prints the info line, then one JSON line per device
 * per tick. Usage: sampler_cli [--lib PATH] [--interval-ms N] [--count TICKS]
 */
#define _GNU_SOURCE
#include "nvml_sampler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
    const char *lib = getenv("PARALLAX_NVML_LIBRARY");
    long interval = 1000, count = -1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--lib") && i + 1 < argc) {
            lib = argv[++i];
        } else if (!strcmp(argv[i], "--interval-ms") && i + 1 < argc) {
            interval = strtol(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "--count") && i + 1 < argc) {
            count = strtol(argv[++i], NULL, 10);
        } else {
            fprintf(stderr, "usage: %s [--lib PATH] [--interval-ms N] [--count TICKS]\n", argv[0]);
            return 2;
        }
    }
    char err[512];
    ps_sampler *s = ps_open(lib, err, sizeof err);
    if (!s) {
        fprintf(stderr, "NVML unavailable: %s\n", err);
        return 3;
    }
    static char buf[32768];
    if (ps_info_json(s, buf, sizeof buf) > 0) {
        puts(buf);
    }
    for (long tick = 0; count < 0 || tick < count; tick++) {
        if (tick > 0) {
            struct timespec ts = {interval / 1000, (interval % 1000) * 1000000L};
            nanosleep(&ts, NULL);
        }
        for (int d = 0; d < ps_device_count(s); d++) {
            if (ps_sample_json(s, d, buf, sizeof buf) > 0) {
                puts(buf);
            }
        }
        fflush(stdout);
    }
    ps_close(s);
    return 0;
}
