/*
 * Drives the injection library the way the CUDA driver does: dlopen the file named on the command
 * line (or CUDA_INJECTION64_PATH), call InitializeInjection, then issue "launches" through the
 * fake CUPTI's test hook, wait, and end as asked.
 * Usage: inject_host INJECTION_SO LAUNCHES exit|kill|fork SLEEP_MS   (INJECTION_SO "-": $CUDA_INJECTION64_PATH)
 * "fork": a forked child exits through exit() (running atexit handlers) before the host exits.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s INJECTION_SO LAUNCHES exit|kill SLEEP_MS\n", argv[0]);
        return 2;
    }
    const char *path = strcmp(argv[1], "-") ? argv[1] : getenv("CUDA_INJECTION64_PATH");
    if (!path) {
        printf("no CUDA_INJECTION64_PATH: running without injection\n");
        return 0;
    }
    void *inj = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!inj) {
        fprintf(stderr, "dlopen %s: %s\n", path, dlerror());
        return 3;
    }
    int (*init)(void) = NULL;
    *(void **)(&init) = dlsym(inj, "InitializeInjection");
    if (!init) {
        fprintf(stderr, "InitializeInjection not exported\n");
        return 4;
    }
    int ok = init();
    printf("InitializeInjection returned %d\n", ok);
    void (*launch)(int) = NULL;
    const char *cupti = getenv("PARALLAX_CUPTI_PATH");
    void *fake = cupti ? dlopen(cupti, RTLD_NOW | RTLD_NOLOAD) : NULL;
    if (fake) {
        *(void **)(&launch) = dlsym(fake, "fakecupti_launch");
    }
    int n = atoi(argv[2]);
    for (int i = 0; i < n && launch; i++) {
        launch(i);
    }
    printf("host issued %d launches\n", launch ? n : 0);
    fflush(stdout);
    long ms = atol(argv[4]);
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    if (!strcmp(argv[3], "kill")) {
        raise(SIGKILL);
    }
    if (!strcmp(argv[3], "fork")) {
        pid_t child = fork();
        if (child == 0) {
            exit(0);
        }
        int status = 0;
        waitpid(child, &status, 0);
        printf("forked child exited with %d\n", WEXITSTATUS(status));
    }
    return 0;
}
