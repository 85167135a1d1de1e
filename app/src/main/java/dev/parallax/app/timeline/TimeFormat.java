package dev.parallax.app.timeline;

import dev.parallax.analysis.UnitFormat;

import java.util.Locale;

/** Formats nanosecond durations and offsets with the unit that suits their size (ns, µs, ms, s). */
public final class TimeFormat {
    private TimeFormat() {
    }

    /** A duration such as {@code 812 ns}, {@code 12.4 µs}, {@code 3.25 ms} or {@code 1.5 s}: the one unit formatter's. */
    public static String duration(double ns) {
        return UnitFormat.duration(ns);
    }

    /**
     * A tick label for {@code ns} (an offset from the trace start) when ticks are {@code stepNs} apart: the
     * unit follows the offset's size and the decimals resolve the step, so neighbouring labels read alike
     * and stay short (e.g. {@code 1.68355 s}, {@code 1.6836 s}; {@code 250 µs}, {@code 300 µs}).
     */
    public static String tick(long ns, long stepNs) {
        long mag = Math.max(Math.abs(ns), stepNs);
        String unit;
        long div;
        if (mag < 1_000) {
            unit = " ns";
            div = 1;
        } else if (mag < 1_000_000) {
            unit = " µs";
            div = 1_000;
        } else if (mag < 1_000_000_000) {
            unit = " ms";
            div = 1_000_000;
        } else {
            unit = " s";
            div = 1_000_000_000;
        }
        int decimals = 0;
        long d = div;
        while (d > 1 && stepNs % d != 0) {
            d /= 10;
            decimals++;
        }
        if (decimals == 0) {
            return (ns / div) + unit;
        }
        long whole = Math.abs(ns) / div;
        long frac = Math.abs(ns) % div;
        String f = String.format(Locale.ROOT, "%0" + (int) Math.round(Math.log10(div)) + "d", frac)
                .substring(0, decimals);
        return (ns < 0 ? "-" : "") + whole + "." + f + unit;
    }
}
