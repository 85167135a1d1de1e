package dev.parallax.analysis.longctx;

import java.util.Locale;

/** The groups projected time is stacked by: GEMMs, attention, everything else, and ops kept as measured. */
public enum OpClass {
    GEMM("GEMM"), ATTENTION("attention"), OTHER("other (norms, elementwise, copies)"),
    UNCLASSIFIED("unclassified (as measured)");

    private final String label;

    OpClass(String label) {
        this.label = label;
    }

    /** Lower-case id for tables and JSON. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Label for charts. */
    public String label() {
        return label;
    }
}
