package dev.parallax.app.report;

import java.util.Locale;

/** Text formatting of numbers, durations and sizes for the report. */
final class ReportFormat {
    private ReportFormat() {
    }

    /** A duration in ns as a short human text, e.g. {@code 1.25 ms}. */
    static String duration(long ns) {
        double a = Math.abs((double) ns);
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "%.3g s", ns / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.3g ms", ns / 1e6);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, "%.3g µs", ns / 1e3);
        }
        return ns + " ns";
    }

    /** A table or metric value as text; numbers keep enough digits to be checked against the data. */
    static String value(Object v) {
        if (v == null) {
            return "—";
        }
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                return "—";
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return String.format(Locale.ROOT, "%.1f", d);
            }
            double a = Math.abs(d);
            if (a >= 1000) {
                return String.format(Locale.ROOT, "%.1f", d);
            }
            if (a >= 1) {
                return String.format(Locale.ROOT, "%.3f", d);
            }
            return String.format(Locale.ROOT, "%.4g", d);
        }
        if (v instanceof Float f) {
            return value((double) f);
        }
        return String.valueOf(v);
    }

    static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format(Locale.ROOT, "%.2f MiB", b / (double) (1L << 20));
        }
        if (b >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        return b + " B";
    }
}
