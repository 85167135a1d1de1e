package dev.parallax.analysis.classify;

import java.util.Locale;

/** What a slice does, as far as time breakdowns are concerned. */
public enum KernelClass {
    /** Computation on the device (the default for GPU events no rule claims). */
    COMPUTE,
    /** Collective or point-to-point communication (NCCL, RCCL, DeepEP, custom all-reduce, ...). */
    COMMUNICATION,
    /** Memory copies and sets (memcpy, memset, DMA). */
    MEMORY,
    /** Synchronisation (stream/device/event synchronize, waits). */
    SYNC,
    /** Host-side launches of device work (cudaLaunchKernel, cudaMemcpyAsync, ...). */
    LAUNCH,
    /** Annotations (user ranges, profiler steps, collective markers): never counted as busy time. */
    ANNOTATION,
    /** Anything else (the default for host events). */
    OTHER;

    /** Lower-case id used in rule files and JSON output. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether time in this class keeps a device busy (compute, communication, memory). */
    public boolean isDeviceWork() {
        return this == COMPUTE || this == COMMUNICATION || this == MEMORY;
    }

    /** Parses an id such as {@code communication} (case-insensitive). */
    public static KernelClass parse(String id) {
        try {
            return valueOf(id.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown class '" + id + "' (expected one of compute, communication,"
                    + " memory, sync, launch, annotation, other)");
        }
    }
}
