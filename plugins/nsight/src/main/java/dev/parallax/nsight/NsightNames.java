package dev.parallax.nsight;

import java.util.regex.Pattern;

/**
 * Names Parallax gives Nsight activities, chosen to match what the PyTorch profiler (Kineto) writes for
 * the same CUPTI records, so analyses written for Kineto traces read Nsight exports unchanged.
 * Kineto's spellings: {@code Memcpy HtoD (Pageable -> Device)}, {@code Memset (Device)}, runtime calls
 * without the CUPTI version suffix ({@code cudaLaunchKernel}, not {@code cudaLaunchKernel_v7000}).
 */
final class NsightNames {
    static final String CAT_KERNEL = "kernel";
    static final String CAT_MEMCPY = "gpu_memcpy";
    static final String CAT_MEMSET = "gpu_memset";
    static final String CAT_RUNTIME = "cuda_runtime";
    static final String CAT_NVTX = "user_annotation";
    static final String CAT_FLOW = "ac2g";

    private static final Pattern VERSION_SUFFIX = Pattern.compile("_v\\d+$");
    /** CUPTI_ACTIVITY_MEMCPY_KIND, as in ENUM_CUDA_MEMCPY_OPER. */
    private static final String[] COPY_KINDS = {"Unknown", "HtoD", "DtoH", "HtoA", "AtoH", "AtoA", "AtoD", "DtoA",
        "DtoD", "HtoH", "PtoP", "UVM HtoD", "UVM DtoH", "UVM DtoD"};
    /** CUPTI_ACTIVITY_MEMORY_KIND, as in ENUM_CUDA_MEM_KIND. */
    private static final String[] MEM_KINDS = {"Pageable", "Pinned", "Device", "Array", "Managed", "Device Static",
        "Managed Static", "Unknown"};

    private NsightNames() {
    }

    /** {@code cudaLaunchKernel_v7000} → {@code cudaLaunchKernel}. */
    static String runtimeName(String raw) {
        return raw == null ? "cuda runtime call" : VERSION_SUFFIX.matcher(raw).replaceFirst("");
    }

    static String copyKind(long kind) {
        return kind >= 0 && kind < COPY_KINDS.length ? COPY_KINDS[(int) kind] : "Unknown";
    }

    static String memoryKind(long kind) {
        return kind >= 0 && kind < MEM_KINDS.length ? MEM_KINDS[(int) kind] : "Unknown";
    }

    static String memcpyName(long copyKind, long srcKind, long dstKind) {
        String base = "Memcpy " + copyKind(copyKind);
        if (srcKind < 0 || dstKind < 0) {
            return base;
        }
        return base + " (" + memoryKind(srcKind) + " -> " + memoryKind(dstKind) + ")";
    }

    static String memsetName(long memKind) {
        return memKind < 0 ? "Memset" : "Memset (" + memoryKind(memKind) + ")";
    }

    /** Process id encoded in an Nsight {@code globalPid}/{@code globalTid}: bits 24..47. */
    static long pidOf(long globalId) {
        return (globalId >>> 24) & 0xFFFFFFL;
    }

    /** Thread id encoded in an Nsight {@code globalTid}: bits 0..23. */
    static long tidOf(long globalTid) {
        return globalTid & 0xFFFFFFL;
    }
}
