package dev.parallax.trace.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.IOException;
import java.util.Arrays;

/**
 * Writes a JSON value read from a parser again as compact JSON text (no white space, strings re-escaped
 * minimally, numbers as written) into a reused character buffer: how an argument that is an array or an
 * object ({@code "Input Dims": [[1, 3]]}) is kept, as one interned string.
 */
final class CompactJson {
    private char[] buf = new char[256];
    private int len;

    /** The text written by the last {@link #write}: {@code chars()[0, length())}. */
    char[] chars() {
        return buf;
    }

    int length() {
        return len;
    }

    /** Writes the value at the parser's current token (an array or object), replacing what was there. */
    void write(JsonParser p, JsonToken start) throws IOException {
        len = 0;
        int depth = 0;
        JsonToken t = start;
        while (true) {
            switch (t) {
                case START_ARRAY:
                case START_OBJECT:
                    separator();
                    append(t == JsonToken.START_ARRAY ? '[' : '{');
                    depth++;
                    break;
                case END_ARRAY:
                case END_OBJECT:
                    append(t == JsonToken.END_ARRAY ? ']' : '}');
                    depth--;
                    break;
                case FIELD_NAME:
                    separator();
                    quoted(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    append(':');
                    break;
                case VALUE_STRING:
                    separator();
                    quoted(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    break;
                default:
                    separator();
                    appendRaw(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            }
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
            if (t == null) {
                throw new JsonEOFException(p, null, "end of input inside an argument value");
            }
        }
    }

    private void separator() {
        if (len > 0) {
            char last = buf[len - 1];
            if (last != ':' && last != '[' && last != '{') {
                append(',');
            }
        }
    }

    private void append(char c) {
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, len * 2);
        }
        buf[len++] = c;
    }

    private void appendRaw(char[] c, int off, int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(c, off, buf, len, n);
        len += n;
    }

    private void quoted(char[] c, int off, int n) {
        append('"');
        for (int i = off; i < off + n; i++) {
            char ch = c[i];
            if (ch == '"' || ch == '\\') {
                append('\\');
                append(ch);
            } else if (ch < 0x20) {
                append('\\');
                append('u');
                String hex = Integer.toHexString(ch);
                for (int k = hex.length(); k < 4; k++) {
                    append('0');
                }
                for (int k = 0; k < hex.length(); k++) {
                    append(hex.charAt(k));
                }
            } else {
                append(ch);
            }
        }
        append('"');
    }
}
