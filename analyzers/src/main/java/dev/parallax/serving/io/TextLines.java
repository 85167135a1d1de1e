package dev.parallax.serving.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (ended by LF, CR or CR LF, as {@link java.io.BufferedReader} does) with a bound on their
 * length: a line longer than {@link #MAX_LINE_CHARS} yields its first {@code MAX_LINE_CHARS} characters, the
 * rest is skipped without being kept, and {@link #lastWasCut()} says so. A file of one endless line therefore
 * costs neither unbounded memory nor time in the parsers after it. {@link #lastBytes()} gives the UTF-8
 * length of the whole last line with its terminator, for byte offsets in diagnostics.
 */
final class TextLines implements Closeable {
    /** The longest line kept whole: 1 Mi characters (vLLM stat lines are about 300). */
    static final int MAX_LINE_CHARS = 1 << 20;

    private final Reader in;
    private final int maxChars;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int end;
    private boolean eof;
    private boolean cut;
    private long lastBytes;

    TextLines(Reader in) {
        this(in, MAX_LINE_CHARS);
    }

    TextLines(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its terminator, or null at the end of the input. */
    String next() throws IOException {
        StringBuilder line = null;
        cut = false;
        long bytes = 0;
        int kept = 0;
        while (true) {
            if (pos >= end) {
                if (eof || !fill()) {
                    if (line == null) {
                        return null;
                    }
                    lastBytes = bytes;
                    return line.toString();
                }
            }
            if (line == null) {
                line = new StringBuilder(Math.min(256, maxChars));
            }
            int start = pos;
            while (pos < end && buf[pos] != '\n' && buf[pos] != '\r') {
                pos++;
            }
            int n = pos - start;
            bytes += utf8(buf, start, pos);
            int room = maxChars - kept;
            if (n > room) {
                cut = true;
            }
            int take = Math.min(n, room);
            line.append(buf, start, take);
            kept += take;
            if (pos < end) {
                char term = buf[pos++];
                bytes++;
                if (term == '\r') {
                    if (pos >= end && !eof) {
                        fill();
                    }
                    if (pos < end && buf[pos] == '\n') {
                        pos++;
                        bytes++;
                    }
                }
                lastBytes = bytes;
                return line.toString();
            }
        }
    }

    /** Whether the last line returned was longer than the bound (and was cut to it). */
    boolean lastWasCut() {
        return cut;
    }

    /** UTF-8 bytes of the last line, with the part skipped and its terminator. */
    long lastBytes() {
        return lastBytes;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            pos = 0;
            end = 0;
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    private static long utf8(char[] b, int from, int to) {
        long n = to - from;
        for (int i = from; i < to; i++) {
            char c = b[i];
            if (c >= 0x80) {
                n += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
