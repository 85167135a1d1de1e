package dev.parallax.analysis;

/** The kinds of input an analysis needs; declared by {@link Analysis#requirements()} and shown to users. */
public enum Requirement {
    /** Device activity: kernels, copies or sets on GPU streams. */
    GPU_KERNELS("GPU kernels"),
    /** CPU operators ({@code cpu_op}) with their launch links to kernels. */
    CPU_OPS("CPU operators"),
    /** Operator input shapes ({@code record_shapes=True}). */
    SHAPES("operator shapes"),
    /** A pipeline-parallel job: pipeline process groups or send/recv patterns between ranks. */
    PIPELINE("pipeline-parallel ranks"),
    /** Serving data: KV-cache counters, request spans, vLLM logs or Prometheus scrapes. */
    SERVING("KV-cache or request data"),
    /** Two runs to compare. */
    BASELINE("a baseline run");

    private final String label;

    Requirement(String label) {
        this.label = label;
    }

    /** Words for a user, e.g. "GPU kernels". */
    public String label() {
        return label;
    }
}
