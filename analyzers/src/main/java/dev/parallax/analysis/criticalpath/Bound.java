package dev.parallax.analysis.criticalpath;

/**
 * What bounds a stretch of the critical path, as Holistic Trace Analysis classifies its edges
 * ({@code bound_by}): CPU operator time, GPU kernel time (compute or communication), the delay between a
 * launch call and its kernel, and the gap between consecutive kernels on a stream. Zero-weight edges
 * (dependencies, synchronisation) bound nothing.
 */
public enum Bound {
    CPU("cpu_bound", "CPU-bound"),
    GPU_COMPUTE("gpu_compute_bound", "GPU compute"),
    GPU_COMMUNICATION("gpu_communication_bound", "GPU communication"),
    LAUNCH("gpu_kernel_launch_overhead", "kernel launch overhead"),
    KERNEL_KERNEL("gpu_kernel_kernel_overhead", "kernel-kernel gaps"),
    NONE("none", "dependency");

    private final String key;
    private final String label;

    Bound(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** HTA's name, used as metric prefix and in tables. */
    public String key() {
        return key;
    }

    /** Words for people. */
    public String label() {
        return label;
    }
}
