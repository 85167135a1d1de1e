package dev.parallax.trace.json;

/**
 * Numbers written as text (ids, counter values as strings), read without throwing: a trace may hold
 * millions of string ids, and an exception per event would dominate the import.
 */
final class IdNumbers {
    /** Returned by {@link #parse} for text that is not a number of the accepted forms or does not fit. */
    static final long NOT_A_NUMBER = Long.MIN_VALUE;

    private IdNumbers() {
    }

    /**
     * The value of a decimal integer (optional sign) or, when {@code hex} allows it, of {@code 0x} followed by
     * up to 16 hexadecimal digits (read as an unsigned 64-bit value); {@link #NOT_A_NUMBER} otherwise.
     */
    static long parse(CharSequence s, boolean hex) {
        int n = s.length();
        if (n == 0) {
            return NOT_A_NUMBER;
        }
        if (hex && n > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
            if (n - 2 > 16) {
                return NOT_A_NUMBER;
            }
            long v = 0;
            for (int i = 2; i < n; i++) {
                int d = Character.digit(s.charAt(i), 16);
                if (d < 0) {
                    return NOT_A_NUMBER;
                }
                v = v << 4 | d;
            }
            return v;
        }
        int i = 0;
        boolean negative = false;
        char c0 = s.charAt(0);
        if (c0 == '-' || c0 == '+') {
            negative = c0 == '-';
            i = 1;
            if (n == 1) {
                return NOT_A_NUMBER;
            }
        }
        long v = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return NOT_A_NUMBER;
            }
            int d = c - '0';
            // accumulate negatively, as Long.parseLong does, so that Long.MIN_VALUE's digits fit
            if (v < (Long.MIN_VALUE + d) / 10) {
                return NOT_A_NUMBER;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                return NOT_A_NUMBER;
            }
            return -v;
        }
        return v;
    }

    /**
     * {@link Double#parseDouble} of the text, or NaN when it is not a number; text that cannot start a number
     * (the common case for a string that is not one) is refused before parsing, so no exception is thrown.
     */
    static double parseDouble(String s) {
        int i = 0;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            i = 1;
        }
        if (i >= s.length()) {
            return Double.NaN;
        }
        char c = s.charAt(i);
        if (!(c >= '0' && c <= '9') && c != '.' && c != 'N' && c != 'I') {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
