package dev.parallax.analysis.gpu;

/** Conversions used in result tables: microseconds with ns precision and percentages that never divide by 0. */
public final class Units {
    private Units() {
    }

    /** Nanoseconds as microseconds (exact to the nanosecond). */
    public static double us(long ns) {
        return ns / 1000.0;
    }

    /** 100·part/whole, or null when whole is 0. */
    public static Double pct(long part, long whole) {
        return whole == 0 ? null : 100.0 * part / whole;
    }

}
