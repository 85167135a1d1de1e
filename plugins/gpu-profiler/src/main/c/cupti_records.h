/*
 * The few CUPTI declarations the injection library uses, written out so it builds without the
 * CUDA toolkit. Values and offsets are those of CUDA 13's cupti_activity.h; the offsets are stable
 * across record versions (CUpti_ActivityKernel4..10, Memcpy5/6, Memset4, API, Marker2) and are
 * checked against the real header by src/test/c/cupti_offsets_check.c where the header exists.
 */
#ifndef PARALLAX_CUPTI_RECORDS_H
#define PARALLAX_CUPTI_RECORDS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef int px_result;   /* CUptiResult */
typedef void *px_context; /* CUcontext */
typedef void (*px_buffer_request_fn)(uint8_t **buffer, size_t *size, size_t *maxNumRecords);
typedef void (*px_buffer_complete_fn)(px_context ctx, uint32_t streamId, uint8_t *buffer, size_t size,
                                      size_t validSize);

enum {
    PX_CUPTI_SUCCESS = 0,
    PX_CUPTI_ERROR_MAX_LIMIT_REACHED = 12,
    PX_CUPTI_ERROR_UNKNOWN = 999,
};

/* CUpti_ActivityKind */
enum {
    PX_KIND_MEMCPY = 1,
    PX_KIND_MEMSET = 2,
    PX_KIND_KERNEL = 3,
    PX_KIND_DRIVER = 4,
    PX_KIND_RUNTIME = 5,
    PX_KIND_CONCURRENT_KERNEL = 10,
    PX_KIND_MARKER = 12,
};

/* CUpti_CallbackDomain */
enum { PX_DOMAIN_DRIVER_API = 1, PX_DOMAIN_RUNTIME_API = 2 };

/* CUpti_ActivityFlag for markers */
enum { PX_MARKER_INSTANTANEOUS = 1, PX_MARKER_START = 2, PX_MARKER_END = 4 };

/* CUpti_ActivityObjectKind */
enum { PX_OBJECT_PROCESS = 1, PX_OBJECT_THREAD = 2, PX_OBJECT_DEVICE = 3, PX_OBJECT_CONTEXT = 4,
       PX_OBJECT_STREAM = 5 };

/* Record field offsets (bytes from the start of a record; the kind is the uint32 at 0). */
#define PX_KERNEL_REGISTERS 6   /* uint16 */
#define PX_KERNEL_START 16      /* uint64 ns */
#define PX_KERNEL_END 24
#define PX_KERNEL_DEVICE 40     /* uint32 */
#define PX_KERNEL_CONTEXT 44
#define PX_KERNEL_STREAM 48
#define PX_KERNEL_GRID_X 52     /* int32 x3 */
#define PX_KERNEL_BLOCK_X 64    /* int32 x3 */
#define PX_KERNEL_STATIC_SMEM 76
#define PX_KERNEL_DYNAMIC_SMEM 80
#define PX_KERNEL_CORRELATION 92
#define PX_KERNEL_NAME 104      /* const char* */
#define PX_KERNEL_MIN_SIZE 112

#define PX_MEMCPY_COPY_KIND 4   /* uint8 */
#define PX_MEMCPY_SRC_KIND 5
#define PX_MEMCPY_DST_KIND 6
#define PX_MEMCPY_BYTES 8       /* uint64 */
#define PX_MEMCPY_START 16
#define PX_MEMCPY_END 24
#define PX_MEMCPY_DEVICE 32     /* uint32 */
#define PX_MEMCPY_CONTEXT 36
#define PX_MEMCPY_STREAM 40
#define PX_MEMCPY_CORRELATION 44
#define PX_MEMCPY_MIN_SIZE 48

#define PX_MEMSET_VALUE 4       /* uint32 */
#define PX_MEMSET_BYTES 8
#define PX_MEMSET_START 16
#define PX_MEMSET_END 24
#define PX_MEMSET_DEVICE 32
#define PX_MEMSET_CONTEXT 36
#define PX_MEMSET_STREAM 40
#define PX_MEMSET_CORRELATION 44
#define PX_MEMSET_MIN_SIZE 48

#define PX_API_CBID 4           /* uint32 */
#define PX_API_START 8          /* uint64 */
#define PX_API_END 16
#define PX_API_PROCESS 24       /* uint32 */
#define PX_API_THREAD 28
#define PX_API_CORRELATION 32
#define PX_API_MIN_SIZE 40

#define PX_MARKER_FLAGS 4       /* uint32 */
#define PX_MARKER_TIMESTAMP 8   /* uint64 */
#define PX_MARKER_ID 16         /* uint32 */
#define PX_MARKER_OBJECT_KIND 20
#define PX_MARKER_OBJECT_ID 24  /* pt: processId 24, threadId 28; dcs: deviceId 24, contextId 28, streamId 32 */
#define PX_MARKER_NAME 40       /* const char* */
#define PX_MARKER_DOMAIN 48     /* const char* */
#define PX_MARKER_MIN_SIZE 56

static inline uint32_t px_u32(const uint8_t *r, size_t off) { uint32_t v; memcpy(&v, r + off, sizeof v); return v; }
static inline uint64_t px_u64(const uint8_t *r, size_t off) { uint64_t v; memcpy(&v, r + off, sizeof v); return v; }
static inline uint16_t px_u16(const uint8_t *r, size_t off) { uint16_t v; memcpy(&v, r + off, sizeof v); return v; }
static inline const char *px_ptr(const uint8_t *r, size_t off) { const char *v; memcpy(&v, r + off, sizeof v); return v; }

#endif
