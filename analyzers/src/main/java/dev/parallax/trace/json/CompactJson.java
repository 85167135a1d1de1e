package dev.parallax.trace.json;

import java.io.IOException;
import java.util.Arrays;

/**
 * Writes a JSON value read from a {@link JsonTokenizer} again as compact JSON text (no white space, strings
 * re-escaped minimally, numbers as written) into a reused UTF-8 buffer: how an argument that is an array or
 * an object ({@code "Input Dims": [[1, 3]]}) is kept, as one interned string.
 */
final class CompactJson {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private byte[] buf = new byte[256];
    private int len;

    /** The text written by the last {@link #write}: {@code bytes()[0, length())}. */
    byte[] bytes() {
        return buf;
    }

    int length() {
        return len;
    }

    /** Writes the value at the tokenizer's current token (an array or object), replacing what was there. */
    void write(JsonTokenizer p) throws IOException {
        len = 0;
        int depth = 0;
        int t = p.token();
        while (true) {
            switch (t) {
                case JsonTokenizer.START_ARRAY:
                case JsonTokenizer.START_OBJECT:
                    separator();
                    append(t == JsonTokenizer.START_ARRAY ? '[' : '{');
                    depth++;
                    break;
                case JsonTokenizer.END_ARRAY:
                case JsonTokenizer.END_OBJECT:
                    append(t == JsonTokenizer.END_ARRAY ? ']' : '}');
                    depth--;
                    break;
                case JsonTokenizer.FIELD_NAME:
                    separator();
                    quoted(p.text(), p.textOffset(), p.textLength());
                    append(':');
                    break;
                case JsonTokenizer.STRING:
                    separator();
                    quoted(p.text(), p.textOffset(), p.textLength());
                    break;
                case JsonTokenizer.NULL:
                    separator();
                    append('n');
                    append('u');
                    append('l');
                    append('l');
                    break;
                default:
                    separator();
                    appendRaw(p.text(), p.textOffset(), p.textLength());
            }
            if (depth == 0) {
                return;
            }
            t = p.next();
        }
    }

    private void separator() {
        if (len > 0) {
            byte last = buf[len - 1];
            if (last != ':' && last != '[' && last != '{') {
                append(',');
            }
        }
    }

    private void append(int c) {
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, len * 2);
        }
        buf[len++] = (byte) c;
    }

    private void appendRaw(byte[] c, int off, int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(c, off, buf, len, n);
        len += n;
    }

    private void quoted(byte[] c, int off, int n) {
        append('"');
        for (int i = off; i < off + n; i++) {
            byte ch = c[i];
            if (ch == '"' || ch == '\\') {
                append('\\');
                append(ch);
            } else if (ch >= 0 && ch < 0x20) {
                append('\\');
                append('u');
                append('0');
                append('0');
                append(HEX[ch >> 4]);
                append(HEX[ch & 15]);
            } else {
                append(ch);
            }
        }
        append('"');
    }
}
