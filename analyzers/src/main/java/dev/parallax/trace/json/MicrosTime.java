package dev.parallax.trace.json;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Converts a Chrome-trace time (microseconds written as a decimal number, read as ASCII bytes, e.g. {@code 1623142623460111.125})
 * to integer nanoseconds straight from the number's text, so no binary floating-point rounding can move a
 * time (a sub-µs slice keeps its exact duration and never becomes negative). Digits past the third decimal
 * are rounded half-up; exponent notation takes a slow exact path.
 */
final class MicrosTime {
    /** Returned for text that is not a finite number or does not fit in a long of nanoseconds. */
    static final long INVALID = Long.MIN_VALUE;

    private static final long MAX_MICROS = Long.MAX_VALUE / 1000 - 1;

    private MicrosTime() {
    }

    /** Nanoseconds for the microsecond text {@code c[off, off+len)}, or {@link #INVALID}. */
    static long parse(byte[] c, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && c[i] == ' ') {
            i++;
        }
        while (end > i && c[end - 1] == ' ') {
            end--;
        }
        if (i == end) {
            return INVALID;
        }
        boolean negative = false;
        if (c[i] == '-' || c[i] == '+') {
            negative = c[i] == '-';
            i++;
        }
        long whole = 0;
        int digits = 0;
        while (i < end && c[i] >= '0' && c[i] <= '9') {
            if (whole > MAX_MICROS / 10) {
                return INVALID;
            }
            whole = whole * 10 + (c[i] - '0');
            digits++;
            i++;
        }
        long frac = 0;
        int fracDigits = 0;
        boolean roundUp = false;
        if (i < end && c[i] == '.') {
            i++;
            while (i < end && c[i] >= '0' && c[i] <= '9') {
                if (fracDigits < 3) {
                    frac = frac * 10 + (c[i] - '0');
                } else if (fracDigits == 3) {
                    roundUp = c[i] >= '5';
                }
                fracDigits++;
                i++;
            }
        }
        if (digits == 0 && fracDigits == 0) {
            return INVALID;
        }
        if (i < end) {
            if (c[i] == 'e' || c[i] == 'E') {
                return slow(new String(c, off, len, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            return INVALID;
        }
        if (whole > MAX_MICROS) {
            return INVALID;
        }
        for (int k = fracDigits; k < 3; k++) {
            frac *= 10;
        }
        long ns = whole * 1000 + frac + (roundUp ? 1 : 0);
        return negative ? -ns : ns;
    }

    /** Nanoseconds for microsecond text given as a String (e.g. a quoted {@code "ts"}), or {@link #INVALID}. */
    static long parse(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return parse(b, 0, b.length);
    }

    private static long slow(String text) {
        try {
            BigDecimal ns = new BigDecimal(text.trim()).movePointRight(3).setScale(0, RoundingMode.HALF_UP);
            if (ns.abs().compareTo(BigDecimal.valueOf(MAX_MICROS).movePointRight(3)) > 0) {
                return INVALID;
            }
            return ns.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return INVALID;
        }
    }
}
