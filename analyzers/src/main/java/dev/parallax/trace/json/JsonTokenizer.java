package dev.parallax.trace.json;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A pull tokenizer of UTF-8 JSON (RFC 8259) that works on the bytes: strings and numbers are handed out as
 * ranges of its buffer (escapes decoded into a side buffer only when a string has any), so reading a token
 * allocates nothing and no character decoding happens on the way, as in Perfetto's JSON tokenizer.
 *
 * <p>Lenient as trace viewers are: a trailing comma before {@code ]} or {@code }}, the non-numeric numbers
 * {@code NaN}, {@code Infinity}, {@code INF} (signed), control characters inside strings and a backslash
 * before any character are accepted. Anything else that is not JSON is a {@link Malformed} error, input that
 * ends inside a value an {@link Cut} one, and a string, number or nesting past the limits a {@link TooLarge}
 * one; each names the byte offset where it happened.
 */
final class JsonTokenizer {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final int EOF = 0;
    static final int START_OBJECT = 1;
    static final int END_OBJECT = 2;
    static final int START_ARRAY = 3;
    static final int END_ARRAY = 4;
    static final int FIELD_NAME = 5;
    static final int STRING = 6;
    static final int INT = 7;
    static final int FLOAT = 8;
    static final int TRUE = 9;
    static final int FALSE = 10;
    static final int NULL = 11;

    /** Longest string (in bytes, after unescaping). */
    static final int MAX_STRING_BYTES = 64 << 20;
    static final int MAX_NUMBER_LENGTH = 1000;
    static final int MAX_DEPTH = 1000;

    /** A syntax error at a byte offset. */
    static class Malformed extends IOException {
        private final long offset;

        Malformed(String message, long offset) {
            super(message);
            this.offset = offset;
        }

        long offset() {
            return offset;
        }
    }

    /** The input ends inside a value. */
    static final class Cut extends Malformed {
        Cut(String message, long offset) {
            super(message, offset);
        }
    }

    /** A string, number or nesting larger than the limits. */
    static final class TooLarge extends Malformed {
        TooLarge(String message, long offset) {
            super(message, offset);
        }
    }

    private static final byte[] TRUE_TEXT = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE_TEXT = "false".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;
    /** Absolute offset of {@code buf[0]}. */
    private long base;
    private boolean eof;
    /** How far the last {@link #fill} moved the buffer's content to the left. */
    private int shifted;

    private int token = -1;
    private long tokenStart;
    private byte[] text;
    private int textOff;
    private int textLen;
    private byte[] unescaped = new byte[256];
    private boolean nonNumeric;
    /** The value of the current {@link #INT} when the fast path read it. */
    private long value;
    private boolean valueKnown;

    /** Open containers: {@code true} for an object. */
    private boolean[] objects = new boolean[32];
    private int depth;
    /** A field name was read; its value comes next. */
    private boolean afterName;
    /** The innermost container (or the root) has just had a complete value. */
    private boolean afterValue;

    /** Tokenizes {@code in}, whose first byte has absolute offset {@code start}. */
    JsonTokenizer(InputStream in, long start) {
        this.in = in;
        this.buf = new byte[1 << 16];
        this.base = start;
    }

    // ---- the current token ----------------------------------------------------------------------

    int token() {
        return token;
    }

    /** Absolute offset of the current token's first byte. */
    long tokenStart() {
        return tokenStart;
    }

    /** Absolute offset just past the last token read. */
    long offset() {
        return base + pos;
    }

    /** The bytes of a string or field name (unescaped, UTF-8), or of a number or literal as written. */
    byte[] text() {
        return text;
    }

    int textOffset() {
        return textOff;
    }

    int textLength() {
        return textLen;
    }

    /** The first byte of the text, or -1 when it is empty. */
    int firstByte() {
        return textLen == 0 ? -1 : text[textOff];
    }

    /** The current string's text as a Java string. */
    String string() {
        return new String(text, textOff, textLen, StandardCharsets.UTF_8);
    }

    /** A number that is {@code NaN} or an infinity, written as such. */
    boolean isNonNumeric() {
        return nonNumeric;
    }

    /** An {@link #INT} with too many digits for a long. */
    boolean isBigInteger() {
        return token == INT && !valueKnown && longOrOverflow() == Long.MIN_VALUE && !isMinLong();
    }

    /** The value of an {@link #INT} that fits a long. */
    long longValue() {
        return valueKnown ? value : longOrOverflow();
    }

    /** The value of a number token. */
    double doubleValue() {
        if (nonNumeric) {
            boolean negative = text[textOff] == '-';
            return text[textOff + (negative || text[textOff] == '+' ? 1 : 0)] == 'N' ? Double.NaN
                    : negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (token == INT && textLen < 19) {
            return longValue();
        }
        return DecimalNumbers.parse(text, textOff, textLen);
    }

    private long longOrOverflow() {
        int i = textOff;
        int end = textOff + textLen;
        boolean negative = text[i] == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        for (; i < end; i++) {
            int d = text[i] - '0';
            // accumulate negatively so that Long.MIN_VALUE's digits fit
            if (v < (Long.MIN_VALUE + d) / 10) {
                return Long.MIN_VALUE;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            return v == Long.MIN_VALUE ? Long.MIN_VALUE : -v;
        }
        return v;
    }

    private boolean isMinLong() {
        return textLen == 20 && new String(text, textOff, textLen, StandardCharsets.ISO_8859_1)
                .equals("-9223372036854775808");
    }

    // ---- reading --------------------------------------------------------------------------------

    /** Reads the next token; {@link #EOF} after the last root value. */
    int next() throws IOException {
        if (token < 0) {
            skipByteOrderMark();
        }
        int c = skipSpace();
        tokenStart = base + pos;
        if (depth == 0) {
            if (c < 0) {
                return token = EOF;
            }
            afterValue = false;
            return value(c);
        }
        boolean object = objects[depth - 1];
        if (afterName) {
            if (c != ':') {
                throw c < 0 ? cut("end of input after a field name") : unexpected(c, "where ':' was expected");
            }
            pos++;
            afterName = false;
            c = skipSpace();
            tokenStart = base + pos;
            if (c < 0) {
                throw cut("end of input where a field value was expected");
            }
            return value(c);
        }
        if (afterValue) {
            if (c == ',') {
                pos++;
                afterValue = false;
                c = skipSpace();
                tokenStart = base + pos;
            } else if (c != (object ? '}' : ']')) {
                throw c < 0 ? cut("end of input inside " + (object ? "an object" : "an array"))
                        : unexpected(c, object ? "where ',' or '}' was expected" : "where ',' or ']' was expected");
            }
        }
        if (c == (object ? '}' : ']')) {
            pos++;
            depth--;
            afterValue = true;
            return token = object ? END_OBJECT : END_ARRAY;
        }
        if (c < 0) {
            throw cut("end of input inside " + (object ? "an object" : "an array"));
        }
        if (object) {
            if (c != '"') {
                throw unexpected(c, "where a field name was expected (a string in double quotes)");
            }
            readString();
            afterName = true;
            return token = FIELD_NAME;
        }
        return value(c);
    }

    /** Reads the next token inside an object: true for a field name, false at the object's end. */
    boolean nextField() throws IOException {
        return next() == FIELD_NAME;
    }

    /** Skips the value the current token starts (its whole content for an object or array). */
    void skipValue() throws IOException {
        if (token != START_OBJECT && token != START_ARRAY) {
            return;
        }
        int target = depth - 1;
        while (depth > target) {
            int t = next();
            if (t == EOF) {
                throw cut("end of input inside a skipped value");
            }
        }
    }

    private int value(int c) throws IOException {
        switch (c) {
            case '{':
            case '[':
                pos++;
                if (depth == MAX_DEPTH) {
                    throw new TooLarge("nesting depth exceeds the maximum allowed (" + MAX_DEPTH + ")", tokenStart);
                }
                if (depth == objects.length) {
                    objects = java.util.Arrays.copyOf(objects, depth * 2);
                }
                objects[depth++] = c == '{';
                afterValue = false;
                return token = c == '{' ? START_OBJECT : START_ARRAY;
            case '"':
                readString();
                afterValue = true;
                return token = STRING;
            case '-':
            case '0':
            case '1':
            case '2':
            case '3':
            case '4':
            case '5':
            case '6':
            case '7':
            case '8':
            case '9':
                afterValue = true;
                return token = readNumber();
            default:
                afterValue = true;
                return token = readLiteral(c);
        }
    }

    /** Skips a UTF-8 byte-order mark at the start of the input (offsets still count its bytes). */
    private void skipByteOrderMark() throws IOException {
        while (limit - pos < 3 && fill(pos)) {
            // read until three bytes are there or the input ends
        }
        if (limit - pos >= 3 && (buf[pos] & 0xff) == 0xEF && (buf[pos + 1] & 0xff) == 0xBB
                && (buf[pos + 2] & 0xff) == 0xBF) {
            pos += 3;
        }
    }

    /** Skips white space; the next byte (at {@code pos}) or -1 at the end of input. */
    private int skipSpace() throws IOException {
        while (true) {
            while (pos < limit) {
                byte b = buf[pos];
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    return b & 0xff;
                }
                pos++;
            }
            if (!fill(pos)) {
                return -1;
            }
        }
    }

    /**
     * Reads more input, keeping the bytes from {@code keep} on (moved to the start of the buffer, which grows
     * when they fill it; {@link #shifted} says how far they moved). False at the end of input.
     */
    private boolean fill(int keep) throws IOException {
        shifted = 0;
        if (eof) {
            return false;
        }
        if (keep > 0) {
            System.arraycopy(buf, keep, buf, 0, limit - keep);
            limit -= keep;
            pos -= keep;
            base += keep;
            shifted = keep;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_STRING_BYTES + 64) {
                throw new TooLarge("string value length exceeds the maximum allowed (" + MAX_STRING_BYTES + ")",
                        base);
            }
            buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_STRING_BYTES + 64));
        }
        int n;
        do {
            n = in.read(buf, limit, buf.length - limit);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    /** Reads the string whose opening quote is at {@code pos}; the text is its content. */
    private void readString() throws IOException {
        int start = pos + 1;
        int i = start;
        while (true) {
            if (i >= limit) {
                int from = pos;
                if (!fill(from)) {
                    throw cut("end of input inside a string");
                }
                start -= shifted;
                i -= shifted;
                continue;
            }
            // eight bytes at a time to the first quote or backslash (SWAR: a zero byte in word ^ pattern)
            while (i + 8 <= limit) {
                long w = (long) LONGS.get(buf, i);
                long q = w ^ 0x2222222222222222L;
                long e = w ^ 0x5C5C5C5C5C5C5C5CL;
                long hit = ((q - 0x0101010101010101L) & ~q | (e - 0x0101010101010101L) & ~e) & 0x8080808080808080L;
                if (hit != 0) {
                    i += Long.numberOfTrailingZeros(hit) >>> 3;
                    break;
                }
                i += 8;
            }
            if (i >= limit) {
                continue;
            }
            byte b = buf[i];
            if (b == '"') {
                text = buf;
                textOff = start;
                textLen = i - start;
                pos = i + 1;
                checkLength(textLen);
                return;
            }
            if (b == '\\') {
                escapedString(start, i);
                return;
            }
            i++;
        }
    }

    /** The rest of a string with escapes, from the first backslash at {@code i}: decoded into its own buffer. */
    private void escapedString(int start, int i) throws IOException {
        int n = i - start;
        ensureUnescaped(n + 16);
        System.arraycopy(buf, start, unescaped, 0, n);
        pos = i;
        while (true) {
            if (pos >= limit && !fill(pos)) {
                throw cut("end of input inside a string");
            }
            byte b = buf[pos];
            if (b == '"') {
                pos++;
                break;
            }
            ensureUnescaped(n + 4);
            if (b != '\\') {
                unescaped[n++] = b;
                pos++;
                continue;
            }
            if (pos + 1 >= limit && !fill(pos)) {
                throw cut("end of input inside a string");
            }
            byte e = buf[pos + 1];
            pos += 2;
            switch (e) {
                case 'n':
                    unescaped[n++] = '\n';
                    break;
                case 't':
                    unescaped[n++] = '\t';
                    break;
                case 'r':
                    unescaped[n++] = '\r';
                    break;
                case 'b':
                    unescaped[n++] = '\b';
                    break;
                case 'f':
                    unescaped[n++] = '\f';
                    break;
                case 'u':
                    n = unicodeEscape(n);
                    break;
                default:
                    // \" \\ \/ and, leniently, a backslash before any other character: the character
                    unescaped[n++] = e;
            }
            checkLength(n);
        }
        text = unescaped;
        textOff = 0;
        textLen = n;
    }

    /** Decodes {@code XXXX} (after {@code \\u}, a surrogate pair taking two escapes) as UTF-8 at {@code n}. */
    private int unicodeEscape(int n) throws IOException {
        int cp = hex4();
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (pos + 1 >= limit) {
                fill(pos);
            }
            if (pos + 1 < limit && buf[pos] == '\\' && buf[pos + 1] == 'u') {
                pos += 2;
                int low = hex4();
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else {
                    n = utf8(n, 0xFFFD);
                    cp = low >= 0xD800 && low <= 0xDFFF ? 0xFFFD : low;
                }
            } else {
                cp = 0xFFFD;
            }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            cp = 0xFFFD;
        }
        return utf8(n, cp);
    }

    private int hex4() throws IOException {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            if (pos >= limit && !fill(pos)) {
                throw cut("end of input inside a string");
            }
            int c = buf[pos];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                throw new Malformed("illegal unicode escape: expected a hex digit, got " + describe(c & 0xff),
                        base + pos);
            }
            v = v << 4 | d;
            pos++;
        }
        return v;
    }

    private int utf8(int n, int cp) {
        ensureUnescaped(n + 4);
        if (cp < 0x80) {
            unescaped[n++] = (byte) cp;
        } else if (cp < 0x800) {
            unescaped[n++] = (byte) (0xC0 | cp >> 6);
            unescaped[n++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            unescaped[n++] = (byte) (0xE0 | cp >> 12);
            unescaped[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
            unescaped[n++] = (byte) (0x80 | cp & 0x3F);
        } else {
            unescaped[n++] = (byte) (0xF0 | cp >> 18);
            unescaped[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
            unescaped[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
            unescaped[n++] = (byte) (0x80 | cp & 0x3F);
        }
        return n;
    }

    private void ensureUnescaped(int n) {
        if (n > unescaped.length) {
            unescaped = java.util.Arrays.copyOf(unescaped, Math.max(n, unescaped.length * 2));
        }
    }

    private void checkLength(int n) throws TooLarge {
        if (n > MAX_STRING_BYTES) {
            throw new TooLarge("string value length (" + n + ") exceeds the maximum allowed ("
                    + MAX_STRING_BYTES + ")", tokenStart);
        }
    }

    /** Reads a number starting at {@code pos}: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private int readNumber() throws IOException {
        nonNumeric = false;
        int start = pos;
        // the common case: an integer of up to 18 digits, followed by a delimiter already in the buffer
        int i = start;
        boolean negative = buf[i] == '-';
        if (negative) {
            i++;
        }
        int first = i;
        long v = 0;
        while (i < limit && i - first < 18) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d;
            i++;
        }
        if (i < limit && i > first && (buf[first] != '0' || i - first == 1)) {
            int b = buf[i] & 0xff;
            if (b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                text = buf;
                textOff = start;
                textLen = i - start;
                pos = i;
                value = negative ? -v : v;
                valueKnown = true;
                return INT;
            }
        }
        valueKnown = false;
        i = start;
        boolean integer = true;
        // the number's end: scan the characters a number can hold, then check its form
        while (true) {
            if (i >= limit) {
                if (!fill(start)) {
                    break;
                }
                i -= shifted;
                start -= shifted;
                continue;
            }
            byte b = buf[i];
            if (b >= '0' && b <= '9' || b == '-') {
                i++;
            } else if (b == '.' || b == 'e' || b == 'E' || b == '+') {
                integer = false;
                i++;
            } else if (b == 'I' && i == start + 1 && buf[start] == '-') {
                // -Infinity, -INF
                pos = start;
                return readLiteral('-');
            } else {
                break;
            }
            if (i - start > MAX_NUMBER_LENGTH) {
                throw new TooLarge("number value length exceeds the maximum allowed (" + MAX_NUMBER_LENGTH + ")",
                        base + start);
            }
        }
        text = buf;
        textOff = start;
        textLen = i - start;
        pos = i;
        if (i >= limit && depth > 0) {
            throw cut("end of input inside a number");
        }
        checkNumber(start, i);
        if (i < limit && !delimiter(buf[i] & 0xff)) {
            throw unexpected(buf[i] & 0xff, "after a number");
        }
        return integer ? INT : FLOAT;
    }

    private static boolean delimiter(int c) {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ':';
    }

    private void checkNumber(int start, int end) throws Malformed {
        int i = start;
        if (buf[i] == '-') {
            i++;
        }
        int digits = digits(i, end);
        if (digits == 0) {
            throw new Malformed("invalid number " + quote(start, end) + ": no digit after the sign", base + start);
        }
        if (buf[i] == '0' && digits > 1) {
            throw new Malformed("invalid number " + quote(start, end) + ": leading zeros are not allowed",
                    base + start);
        }
        i += digits;
        if (i < end && buf[i] == '.') {
            int f = digits(i + 1, end);
            if (f == 0) {
                throw new Malformed("invalid number " + quote(start, end) + ": no digit after the decimal point",
                        base + start);
            }
            i += 1 + f;
        }
        if (i < end && (buf[i] == 'e' || buf[i] == 'E')) {
            i++;
            if (i < end && (buf[i] == '+' || buf[i] == '-')) {
                i++;
            }
            int e = digits(i, end);
            if (e == 0) {
                throw new Malformed("invalid number " + quote(start, end) + ": no digit in the exponent",
                        base + start);
            }
            i += e;
        }
        if (i != end) {
            throw new Malformed("invalid number " + quote(start, end), base + start);
        }
    }

    private int digits(int from, int end) {
        int i = from;
        while (i < end && buf[i] >= '0' && buf[i] <= '9') {
            i++;
        }
        return i - from;
    }

    private String quote(int start, int end) {
        return "'" + new String(buf, start, Math.min(end - start, 40), StandardCharsets.ISO_8859_1) + "'";
    }

    /** Reads {@code true}, {@code false}, {@code null} or a non-numeric number starting with {@code c}. */
    private int readLiteral(int c) throws IOException {
        int start = pos;
        int i = pos;
        while (true) {
            if (i >= limit) {
                if (!fill(start)) {
                    break;
                }
                i -= shifted;
                start -= shifted;
                continue;
            }
            int b = buf[i];
            if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || (i == start && (b == '-' || b == '+'))) {
                i++;
                if (i - start > 32) {
                    break;
                }
            } else {
                break;
            }
        }
        if (i >= limit && depth > 0) {
            pos = i;
            throw cut("end of input inside a value");
        }
        String word = new String(buf, start, i - start, StandardCharsets.ISO_8859_1);
        nonNumeric = false;
        int t;
        switch (word) {
            case "true":
                text = TRUE_TEXT;
                textOff = 0;
                textLen = 4;
                pos = i;
                return TRUE;
            case "false":
                text = FALSE_TEXT;
                textOff = 0;
                textLen = 5;
                pos = i;
                return FALSE;
            case "null":
                t = NULL;
                break;
            case "NaN":
            case "Infinity":
            case "+Infinity":
            case "-Infinity":
            case "INF":
            case "+INF":
            case "-INF":
                nonNumeric = true;
                t = FLOAT;
                break;
            default:
                if (i == start) {
                    throw unexpected(c, "where a value was expected");
                }
                throw new Malformed("unrecognized token '" + word + "': expected a JSON value (a string, number, "
                        + "object, array, true, false or null)", base + start);
        }
        text = buf;
        textOff = start;
        textLen = i - start;
        pos = i;
        return t;
    }

    private Malformed unexpected(int c, String where) {
        return new Malformed("unexpected character " + describe(c) + " " + where, base + pos);
    }

    private static String describe(int c) {
        if (c >= 0x20 && c < 0x7F) {
            return "'" + (char) c + "' (code " + c + ")";
        }
        return "(code " + c + ")";
    }

    /** The input ended inside a value: the error is at its end. */
    private Cut cut(String message) {
        return new Cut(message, base + limit);
    }
}
