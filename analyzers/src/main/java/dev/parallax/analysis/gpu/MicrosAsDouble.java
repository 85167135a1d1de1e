package dev.parallax.analysis.gpu;

import java.math.BigDecimal;

/**
 * A nanosecond count as the double a JSON parser reads from its microsecond text (e.g. {@code
 * 1712195495506290.123}): the double nearest to ns/1000. Tools that keep trace times as doubles (HTA via
 * pandas) see epoch-scale microsecond time stamps quantised to 1/4 µs; reproducing their numbers needs the
 * same value, not the exact one.
 */
public final class MicrosAsDouble {
    private static final long EXACT_LIMIT = 1L << 53;

    private MicrosAsDouble() {
    }

    /** The double nearest to {@code ns / 1000}. */
    public static double of(long ns) {
        if (ns > -EXACT_LIMIT && ns < EXACT_LIMIT) {
            return ns / 1000.0; // ns is exact as a double and IEEE division rounds correctly
        }
        return Double.parseDouble(BigDecimal.valueOf(ns, 3).toPlainString());
    }
}
