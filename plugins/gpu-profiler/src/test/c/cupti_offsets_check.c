/* Compiles only when the record offsets in cupti_records.h match CUDA's own cupti_activity.h. */
#include <cupti.h>
#include "cupti_records.h"

#define SAME(a, b) _Static_assert((int)(a) == (int)(b), #a " != " #b)
SAME(PX_KIND_MEMCPY, CUPTI_ACTIVITY_KIND_MEMCPY);
SAME(PX_KIND_MEMSET, CUPTI_ACTIVITY_KIND_MEMSET);
SAME(PX_KIND_KERNEL, CUPTI_ACTIVITY_KIND_KERNEL);
SAME(PX_KIND_DRIVER, CUPTI_ACTIVITY_KIND_DRIVER);
SAME(PX_KIND_RUNTIME, CUPTI_ACTIVITY_KIND_RUNTIME);
SAME(PX_KIND_CONCURRENT_KERNEL, CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL);
SAME(PX_KIND_MARKER, CUPTI_ACTIVITY_KIND_MARKER);
SAME(PX_DOMAIN_DRIVER_API, CUPTI_CB_DOMAIN_DRIVER_API);
SAME(PX_DOMAIN_RUNTIME_API, CUPTI_CB_DOMAIN_RUNTIME_API);
SAME(PX_MARKER_INSTANTANEOUS, CUPTI_ACTIVITY_FLAG_MARKER_INSTANTANEOUS);
SAME(PX_MARKER_START, CUPTI_ACTIVITY_FLAG_MARKER_START);
SAME(PX_MARKER_END, CUPTI_ACTIVITY_FLAG_MARKER_END);
SAME(PX_OBJECT_THREAD, CUPTI_ACTIVITY_OBJECT_THREAD);
SAME(PX_CUPTI_ERROR_MAX_LIMIT_REACHED, CUPTI_ERROR_MAX_LIMIT_REACHED);
SAME(PX_CUPTI_ERROR_UNKNOWN, CUPTI_ERROR_UNKNOWN);

#define AT(T, f, off) _Static_assert(offsetof(T, f) == (off), #T "." #f)
#define KERNEL_OFFSETS(T) \
    AT(T, registersPerThread, PX_KERNEL_REGISTERS); AT(T, start, PX_KERNEL_START); AT(T, end, PX_KERNEL_END); \
    AT(T, deviceId, PX_KERNEL_DEVICE); AT(T, contextId, PX_KERNEL_CONTEXT); AT(T, streamId, PX_KERNEL_STREAM); \
    AT(T, gridX, PX_KERNEL_GRID_X); AT(T, blockX, PX_KERNEL_BLOCK_X); \
    AT(T, staticSharedMemory, PX_KERNEL_STATIC_SMEM); AT(T, dynamicSharedMemory, PX_KERNEL_DYNAMIC_SMEM); \
    AT(T, correlationId, PX_KERNEL_CORRELATION); AT(T, name, PX_KERNEL_NAME)
KERNEL_OFFSETS(CUpti_ActivityKernel10);
#define COPY_OFFSETS(T) \
    AT(T, copyKind, PX_MEMCPY_COPY_KIND); AT(T, srcKind, PX_MEMCPY_SRC_KIND); AT(T, dstKind, PX_MEMCPY_DST_KIND); \
    AT(T, bytes, PX_MEMCPY_BYTES); AT(T, start, PX_MEMCPY_START); AT(T, end, PX_MEMCPY_END); \
    AT(T, deviceId, PX_MEMCPY_DEVICE); AT(T, contextId, PX_MEMCPY_CONTEXT); AT(T, streamId, PX_MEMCPY_STREAM); \
    AT(T, correlationId, PX_MEMCPY_CORRELATION)
COPY_OFFSETS(CUpti_ActivityMemcpy6);
AT(CUpti_ActivityMemset4, value, PX_MEMSET_VALUE);
AT(CUpti_ActivityMemset4, bytes, PX_MEMSET_BYTES);
AT(CUpti_ActivityMemset4, start, PX_MEMSET_START);
AT(CUpti_ActivityMemset4, end, PX_MEMSET_END);
AT(CUpti_ActivityMemset4, deviceId, PX_MEMSET_DEVICE);
AT(CUpti_ActivityMemset4, contextId, PX_MEMSET_CONTEXT);
AT(CUpti_ActivityMemset4, streamId, PX_MEMSET_STREAM);
AT(CUpti_ActivityMemset4, correlationId, PX_MEMSET_CORRELATION);
AT(CUpti_ActivityAPI, cbid, PX_API_CBID);
AT(CUpti_ActivityAPI, start, PX_API_START);
AT(CUpti_ActivityAPI, end, PX_API_END);
AT(CUpti_ActivityAPI, processId, PX_API_PROCESS);
AT(CUpti_ActivityAPI, threadId, PX_API_THREAD);
AT(CUpti_ActivityAPI, correlationId, PX_API_CORRELATION);
AT(CUpti_ActivityMarker2, flags, PX_MARKER_FLAGS);
AT(CUpti_ActivityMarker2, timestamp, PX_MARKER_TIMESTAMP);
AT(CUpti_ActivityMarker2, id, PX_MARKER_ID);
AT(CUpti_ActivityMarker2, objectKind, PX_MARKER_OBJECT_KIND);
AT(CUpti_ActivityMarker2, objectId, PX_MARKER_OBJECT_ID);
AT(CUpti_ActivityMarker2, name, PX_MARKER_NAME);
AT(CUpti_ActivityMarker2, domain, PX_MARKER_DOMAIN);

int main(void) { return 0; }
