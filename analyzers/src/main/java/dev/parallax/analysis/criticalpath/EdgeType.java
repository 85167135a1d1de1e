package dev.parallax.analysis.criticalpath;

/**
 * The kinds of edge of the critical-path graph, as Holistic Trace Analysis names them ({@code CPEdgeType}):
 * the span of an operator or kernel, a zero-weight dependency (consecutive top-level operators on a
 * thread, the CUDA runtime lock), a kernel launch delay, the gap between consecutive kernels on a stream,
 * and a zero-weight synchronisation (GPU → CPU or GPU → GPU).
 */
public enum EdgeType {
    OPERATOR("operator"),
    DEPENDENCY("dependency"),
    LAUNCH("kernel_launch_delay"),
    KERNEL_KERNEL("kernel_kernel_delay"),
    SYNC("sync_dependency");

    private final String key;

    EdgeType(String key) {
        this.key = key;
    }

    /** The snake_case name used in tables and JSON. */
    public String key() {
        return key;
    }
}
