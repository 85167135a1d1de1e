package dev.parallax.analysis.roofline;

import java.util.Locale;

/** Operator families with one work formula each (TraceLens's perf-model categories). */
public enum OpCategory {
    GEMM, ATTENTION, CONV, NORM, SOFTMAX, ELEMENTWISE, REDUCTION, COPY;

    /** Lower-case id for tables and JSON. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
