package dev.parallax.analysis;

import java.util.Locale;

/**
 * The one way every front end (command-line text, workbench tables, PDF report) writes a value of a
 * {@link Unit} for people: durations at the scale that fits (ns, µs, ms, s, min), bytes in KiB/MiB/GiB/TiB,
 * rates and FLOP counts with SI prefixes (k, M, G, T, P), percentages and fractions as "12.3 %", ratios as
 * "1.25×", counts with thousands separators. The JSON keeps the stored number; only text is formatted here.
 */
public final class UnitFormat {
    private static final String[] SI = {"", "k", "M", "G", "T", "P", "E"};
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private UnitFormat() {
    }

    /** {@code value} (stored in {@code unit}) as text with its unit; "—" for null or a non-finite number. */
    public static String format(Object value, Unit unit) {
        if (value == null) {
            return "—";
        }
        if (!(value instanceof Number n)) {
            return String.valueOf(value);
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            return "—";
        }
        boolean integral = value instanceof Long || value instanceof Integer || value instanceof Short;
        return switch (unit) {
            case NS, US, MS, S -> duration(v * unit.nanos());
            case BYTES -> bytes(v);
            case PERCENT -> number(v, 3) + " %";
            case FRACTION -> number(v * 100, 3) + " %";
            case RATIO -> number(v, 3) + "×";
            case COUNT -> integral || v == Math.rint(v) && Math.abs(v) < 1e15
                    ? String.format(Locale.ROOT, "%,d", (long) v) : number(v, 3);
            case NONE -> integral ? String.valueOf(n.longValue()) : number(v, 4);
            case FLOP, FLOP_PER_S, BYTES_PER_S, TOKENS_PER_S, PER_S, HZ, WATT, FLOP_PER_BYTE, TOKENS ->
                    si(v, unit.symbol());
        };
    }

    /** A duration of {@code ns} nanoseconds at the scale that fits: "850 ns", "12.4 µs", "3.20 ms", "1.50 s", "2.5 min". */
    public static String duration(double ns) {
        double a = Math.abs(ns);
        if (a < 1e3) {
            return number(ns, 3) + " ns";
        }
        if (a < 1e6) {
            return number(ns / 1e3, 3) + " µs";
        }
        if (a < 1e9) {
            return number(ns / 1e6, 3) + " ms";
        }
        if (a < 60e9) {
            return number(ns / 1e9, 3) + " s";
        }
        return number(ns / 60e9, 3) + " min";
    }

    /** A byte count in binary units: "512 B", "1.50 KiB", "2.00 GiB". */
    public static String bytes(double b) {
        int i = 0;
        double v = b;
        while (Math.abs(v) >= 1024 && i < BINARY.length - 1) {
            v /= 1024;
            i++;
        }
        return (i == 0 ? number(v, 4) : number(v, 3)) + " " + BINARY[i];
    }

    /** A value with an SI prefix before {@code symbol}: "312 TFLOP/s", "1.2 k tokens/s". */
    public static String si(double v, String symbol) {
        int i = 0;
        double x = v;
        while (Math.abs(x) >= 1000 && i < SI.length - 1) {
            x /= 1000;
            i++;
        }
        String sep = symbol.startsWith("/") ? "" : " ";
        if (symbol.isEmpty()) {
            return number(x, 3) + SI[i];
        }
        boolean word = Character.isLowerCase(symbol.charAt(0)) && !symbol.startsWith("/");
        return number(x, 3) + sep + (SI[i].isEmpty() ? "" : SI[i] + (word ? " " : "")) + symbol;
    }

    /**
     * A number with about {@code digits} significant digits, no exponent for everyday magnitudes and no
     * trailing zeros after the point: 1234.5 → "1,234.5" (4 digits: "1,235"), 0.012345 → "0.0123".
     */
    public static String number(double v, int digits) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e15 || a < 1e-6) {
            return String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
        }
        int magnitude = (int) Math.floor(Math.log10(a));
        int decimals = Math.max(0, digits - 1 - magnitude);
        String s = String.format(Locale.ROOT, "%,." + decimals + "f", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return s;
    }
}
