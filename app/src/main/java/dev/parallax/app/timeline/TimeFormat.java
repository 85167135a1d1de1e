package dev.parallax.app.timeline;

import java.util.Locale;

/** Formats nanosecond durations and offsets with the unit that suits their size (ns, µs, ms, s). */
public final class TimeFormat {
    private TimeFormat() {
    }

    /** A duration such as {@code 812 ns}, {@code 12.4 µs}, {@code 3.25 ms} or {@code 1.500 s}. */
    public static String duration(double ns) {
        double a = Math.abs(ns);
        if (a < 1_000) {
            return trim(ns, a < 10 ? 2 : 0) + " ns";
        }
        if (a < 1_000_000) {
            return trim(ns / 1e3, digits(a / 1e3)) + " µs";
        }
        if (a < 1_000_000_000) {
            return trim(ns / 1e6, digits(a / 1e6)) + " ms";
        }
        return trim(ns / 1e9, digits(a / 1e9)) + " s";
    }

    private static int digits(double v) {
        return v < 10 ? 3 : v < 100 ? 2 : 1;
    }

    private static String trim(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return s;
    }

    /**
     * A tick label for {@code ns} (an offset from the trace start) when ticks are {@code stepNs} apart: the
     * unit is chosen from the step so neighbouring labels read alike (e.g. {@code 1.250 ms}, {@code 1.255 ms}).
     */
    public static String tick(long ns, long stepNs) {
        String unit;
        double div;
        if (stepNs < 1_000) {
            unit = " ns";
            div = 1;
        } else if (stepNs < 1_000_000) {
            unit = " µs";
            div = 1e3;
        } else if (stepNs < 1_000_000_000) {
            unit = " ms";
            div = 1e6;
        } else {
            unit = " s";
            div = 1e9;
        }
        double step = stepNs / div;
        int decimals = 0;
        while (decimals < 6 && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals))) > 1e-6) {
            decimals++;
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", ns / div) + unit;
    }
}
