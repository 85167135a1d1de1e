/* JNI binding of the NVML sampler: dev.parallax.gpu.nvml.NvmlNative. */
#include "dev_parallax_gpu_nvml_NvmlNative.h"
#include "nvml_sampler.h"

#include <stdint.h>
#include <stdlib.h>

#define PS_JSON_MAX 65536

static void throw_state(JNIEnv *env, const char *msg) {
    jclass c = (*env)->FindClass(env, "java/lang/IllegalStateException");
    if (c) {
        (*env)->ThrowNew(env, c, msg);
    }
}

JNIEXPORT jlong JNICALL Java_dev_parallax_gpu_nvml_NvmlNative_open(JNIEnv *env, jclass cls, jstring lib) {
    (void)cls;
    const char *path = lib ? (*env)->GetStringUTFChars(env, lib, NULL) : NULL;
    char err[1024];
    ps_sampler *s = ps_open(path, err, sizeof err);
    if (path) {
        (*env)->ReleaseStringUTFChars(env, lib, path);
    }
    if (!s) {
        throw_state(env, err);
        return 0;
    }
    return (jlong)(intptr_t)s;
}

JNIEXPORT jint JNICALL Java_dev_parallax_gpu_nvml_NvmlNative_deviceCount(JNIEnv *env, jclass cls, jlong h) {
    (void)env;
    (void)cls;
    return ps_device_count((ps_sampler *)(intptr_t)h);
}

static jstring render(JNIEnv *env, ps_sampler *s, int device) {
    char *buf = malloc(PS_JSON_MAX);
    if (!buf) {
        return NULL;
    }
    int n = device < 0 ? ps_info_json(s, buf, PS_JSON_MAX) : ps_sample_json(s, device, buf, PS_JSON_MAX);
    jstring out = n > 0 ? (*env)->NewStringUTF(env, buf) : NULL;
    free(buf);
    return out;
}

JNIEXPORT jstring JNICALL Java_dev_parallax_gpu_nvml_NvmlNative_infoJson(JNIEnv *env, jclass cls, jlong h) {
    (void)cls;
    return h ? render(env, (ps_sampler *)(intptr_t)h, -1) : NULL;
}

JNIEXPORT jstring JNICALL Java_dev_parallax_gpu_nvml_NvmlNative_sampleJson(JNIEnv *env, jclass cls, jlong h, jint d) {
    (void)cls;
    return h && d >= 0 ? render(env, (ps_sampler *)(intptr_t)h, d) : NULL;
}

JNIEXPORT void JNICALL Java_dev_parallax_gpu_nvml_NvmlNative_close(JNIEnv *env, jclass cls, jlong h) {
    (void)env;
    (void)cls;
    ps_close((ps_sampler *)(intptr_t)h);
}
