package dev.parallax.trace.json;

import java.nio.charset.StandardCharsets;

/**
 * Reads a JSON number's ASCII bytes as a double without making a String for the common case: a decimal of
 * at most 15 significant digits whose power of ten lies within ±22 is one correctly rounded multiplication
 * or division of two exactly representable doubles, so the result equals {@link Double#parseDouble}'s
 * (W. D. Clinger, "How to Read Floating Point Numbers Accurately", PLDI 1990, the fast path). Everything else
 * goes to {@link Double#parseDouble}.
 */
final class DecimalNumbers {
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final int MAX_DIGITS = 15;

    private DecimalNumbers() {
    }

    /** The value of the number written in {@code b[off, off + len)} (JSON number syntax). */
    static double parse(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        boolean negative = i < end && b[i] == '-';
        if (negative) {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        int intStart = i;
        for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
            if (mantissa != 0 || b[i] != '0') {
                mantissa = mantissa * 10 + (b[i] - '0');
                digits++;
            }
        }
        boolean any = i > intStart;
        if (i < end && b[i] == '.') {
            int fracStart = ++i;
            for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
                if (mantissa != 0 || b[i] != '0') {
                    mantissa = mantissa * 10 + (b[i] - '0');
                    digits++;
                }
                scale--;
            }
            any &= i > fracStart;
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean expNegative = i < end && b[i] == '-';
            if (i < end && (b[i] == '-' || b[i] == '+')) {
                i++;
            }
            int expStart = i;
            int exp = 0;
            for (; i < end && b[i] >= '0' && b[i] <= '9' && exp < 10_000; i++) {
                exp = exp * 10 + (b[i] - '0');
            }
            any &= i > expStart;
            scale += expNegative ? -exp : exp;
        }
        if (!any || i != end || digits > MAX_DIGITS) {
            return slow(b, off, len);
        }
        double v;
        if (mantissa == 0) {
            v = 0;
        } else if (scale >= 0 && scale < POWERS_OF_TEN.length) {
            v = mantissa * POWERS_OF_TEN[scale];
        } else if (scale < 0 && -scale < POWERS_OF_TEN.length) {
            v = mantissa / POWERS_OF_TEN[-scale];
        } else {
            return slow(b, off, len);
        }
        return negative ? -v : v;
    }

    private static double slow(byte[] b, int off, int len) {
        return Double.parseDouble(new String(b, off, len, StandardCharsets.ISO_8859_1));
    }
}
