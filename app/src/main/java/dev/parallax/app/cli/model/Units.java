package dev.parallax.app.cli.model;

import java.util.Locale;

/** Human-readable numbers for the text output, and parsing of byte sizes with units. */
final class Units {
    private Units() {
    }

    /** Bytes in GiB (binary) with the unit. */
    static String gib(double bytes) {
        return String.format(Locale.ROOT, "%.3f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    /** Bytes in both decimal GB and binary GiB. */
    static String bytes(double bytes) {
        if (Math.abs(bytes) < 1e8) {
            return String.format(Locale.ROOT, "%,.0f B (%.2f KiB)", bytes, bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%,.0f B (%.3f GB, %.3f GiB)", bytes, bytes / 1e9, bytes / (1024.0 * 1024 * 1024));
    }

    /** Seconds scaled to s, ms or µs. */
    static String seconds(double s) {
        if (Double.isInfinite(s) || Double.isNaN(s)) {
            return String.valueOf(s);
        }
        double a = Math.abs(s);
        if (a >= 1 || a == 0) {
            return String.format(Locale.ROOT, "%.4g s", s);
        }
        if (a >= 1e-3) {
            return String.format(Locale.ROOT, "%.4g ms", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.4g µs", s * 1e6);
    }

    /** FLOPs with an SI prefix. */
    static String flops(double f) {
        String[] p = {"", "K", "M", "G", "T", "P", "E", "Z"};
        int i = 0;
        double v = f;
        while (Math.abs(v) >= 1000 && i < p.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, "%.4g %sFLOP", v, p[i]);
    }

    /**
     * Parses a byte size: a plain number ({@code 1e9}) or one with a unit: B, KB, MB, GB, TB (powers of 1000),
     * KiB, MiB, GiB, TiB (powers of 1024).
     */
    static double parseBytes(String text) {
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        String[][] units = {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}, {"tib", "1099511627776"},
                {"kb", "1e3"}, {"mb", "1e6"}, {"gb", "1e9"}, {"tb", "1e12"}, {"b", "1"}};
        for (String[] u : units) {
            if (lower.endsWith(u[0])) {
                return number(t.substring(0, t.length() - u[0].length()), text) * Double.parseDouble(u[1]);
            }
        }
        return number(t, text);
    }

    private static double number(String s, String original) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot read '" + original + "' as a size in bytes (e.g. 1e9, 256MiB, 1GB)");
        }
    }
}
