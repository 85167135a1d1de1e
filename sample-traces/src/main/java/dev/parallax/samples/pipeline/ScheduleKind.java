package dev.parallax.samples.pipeline;

/** Pipeline schedules the generator can simulate. */
public enum ScheduleKind {
    /**
     * One-forward-one-backward (PipeDream-Flush, Narayanan et al. 2019; Megatron-LM's default): stage s runs
     * p−s−1 warm-up forwards, then alternates, then drains the backwards. Bubble (p−1)/(m+p−1).
     */
    ONE_F_ONE_B("1f1b"),
    /**
     * Interleaved 1F1B (Narayanan et al., "Efficient Large-Scale Language Model Training on GPU Clusters Using
     * Megatron-LM", SC 2021): each stage holds v model chunks; bubble (p−1)/(v·m+p−1).
     */
    INTERLEAVED("interleaved");

    private final String id;

    ScheduleKind(String id) {
        this.id = id;
    }

    /** The command-line / sidecar name. */
    public String id() {
        return id;
    }

    /** Parses {@code 1f1b} or {@code interleaved}. */
    public static ScheduleKind parse(String text) {
        for (ScheduleKind k : values()) {
            if (k.id.equalsIgnoreCase(text.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown schedule '" + text + "' (known: 1f1b, interleaved)");
    }

    /** The textbook bubble fraction for p stages, m micro-batches, v chunks. */
    public double theoreticalBubbleFraction(int p, int m, int v) {
        int chunks = this == INTERLEAVED ? v : 1;
        return (p - 1.0) / (chunks * m + p - 1.0);
    }
}
