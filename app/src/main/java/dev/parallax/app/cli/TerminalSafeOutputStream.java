package dev.parallax.app.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The one guard between the command line's text and the terminal: an output stream of UTF-8 that
 * rewrites every control character except line feed and tab (ESC, BEL, CR, NUL, DEL, the C1 controls) and
 * every bidirectional-text control (U+061C, U+200E/F, U+202A–E, U+2066–9) and line/paragraph separator
 * (U+2028/9) as the visible text {@code \}{@code uXXXX}. A kernel name holding {@code ESC[2J} therefore
 * prints as {@code \}{@code u001B[2J} instead of clearing the screen. JSON output passes unchanged in
 * meaning: its writer already escapes C0 controls, and {@code \}{@code uXXXX} is the JSON escape of the
 * same character. Malformed UTF-8 passes through as is.
 */
public final class TerminalSafeOutputStream extends FilterOutputStream {
    /** Bytes of a pending multi-byte sequence that may be one to rewrite (at most 3). */
    private final byte[] pending = new byte[3];
    private int pendingLength;

    public TerminalSafeOutputStream(OutputStream out) {
        super(out);
    }

    /** {@code text} with the same characters escaped as the stream escapes them. */
    public static String escape(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                if (sb == null) {
                    sb = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                sb.append(String.format("\\u%04X", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    /** Whether a character must not reach a terminal raw. */
    static boolean unsafe(int c) {
        return c < 0x20 && c != '\n' && c != '\t'
                || c >= 0x7F && c <= 0x9F
                || c == 0x061C || c == 0x200E || c == 0x200F
                || c >= 0x2028 && c <= 0x202E
                || c >= 0x2066 && c <= 0x2069;
    }

    @Override
    public void write(int b) throws IOException {
        b &= 0xFF;
        if (pendingLength > 0) {
            pending[pendingLength++] = (byte) b;
            int need = (pending[0] & 0xE0) == 0xC0 ? 2 : 3;
            if ((b & 0xC0) != 0x80) {
                flushPending(pendingLength - 1);
                pendingLength = 0;
                write(b);
                return;
            }
            if (pendingLength == need) {
                int cp = need == 2 ? (pending[0] & 0x1F) << 6 | (pending[1] & 0x3F)
                        : (pending[0] & 0x0F) << 12 | (pending[1] & 0x3F) << 6 | (pending[2] & 0x3F);
                if (unsafe(cp)) {
                    writeEscape(cp);
                } else {
                    out.write(pending, 0, need);
                }
                pendingLength = 0;
            }
            return;
        }
        if (b < 0x80) {
            if (unsafe(b)) {
                writeEscape(b);
            } else {
                out.write(b);
            }
        } else if (b == 0xC2 || b == 0xD8 || b == 0xE2) {
            // leads of U+0080–U+00BF, U+0600–U+063F and U+2000–U+2FFF, which hold every character escaped
            pending[0] = (byte) b;
            pendingLength = 1;
        } else {
            out.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            int v = b[i] & 0xFF;
            boolean plain = pendingLength == 0 && (v >= 0x20 && v < 0x7F || v == '\n' || v == '\t'
                    || v >= 0x80 && v != 0xC2 && v != 0xD8 && v != 0xE2);
            if (!plain) {
                out.write(b, start, i - start);
                write(v);
                start = i + 1;
            }
        }
        out.write(b, start, end - start);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (pendingLength > 0) {
            flushPending(pendingLength);
            pendingLength = 0;
        }
        super.close();
    }

    private void flushPending(int n) throws IOException {
        out.write(pending, 0, n);
    }

    private void writeEscape(int cp) throws IOException {
        out.write(String.format("\\u%04X", cp).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
