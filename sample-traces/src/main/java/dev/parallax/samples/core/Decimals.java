package dev.parallax.samples.core;

/**
 * Formats numbers as plain decimal text with a fixed number of decimals, without going through
 * {@code Double.toString} (whose shortest-digit output changed between JDK releases), so generated files are
 * identical on every JVM.
 */
public final class Decimals {
    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Decimals() {
    }

    /** {@code ns} nanoseconds as microseconds with exactly three decimals, e.g. {@code 1234567 -> "1234.567"}. */
    public static String micros(long ns) {
        return fixedFromScaled(ns, 3);
    }

    /** {@code value} rounded half-up to {@code decimals} decimals (0–8), trailing zeros kept. */
    public static String fixed(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        long scaled = Math.round(value * POW10[decimals]);
        return fixedFromScaled(scaled, decimals);
    }

    /** {@code scaled / 10^decimals} as decimal text. */
    public static String fixedFromScaled(long scaled, int decimals) {
        if (decimals == 0) {
            return Long.toString(scaled);
        }
        boolean negative = scaled < 0;
        long abs = Math.abs(scaled);
        long whole = abs / POW10[decimals];
        long frac = abs % POW10[decimals];
        StringBuilder sb = new StringBuilder(24);
        if (negative) {
            sb.append('-');
        }
        sb.append(whole).append('.');
        String f = Long.toString(frac);
        for (int i = f.length(); i < decimals; i++) {
            sb.append('0');
        }
        return sb.append(f).toString();
    }

    /** {@code value} with thousands separators, e.g. {@code 2640144 -> "2,640,144"}. */
    public static String grouped(long value) {
        String s = Long.toString(Math.abs(value));
        StringBuilder sb = new StringBuilder();
        int lead = s.length() % 3;
        for (int i = 0; i < s.length(); i++) {
            if (i > 0 && (i - lead) % 3 == 0) {
                sb.append(',');
            }
            sb.append(s.charAt(i));
        }
        return value < 0 ? "-" + sb : sb.toString();
    }
}
