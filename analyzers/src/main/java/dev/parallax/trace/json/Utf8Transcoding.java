package dev.parallax.trace.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A UTF-16 or UTF-32 JSON text (RFC 8259 §8.1 lets readers accept them) read as UTF-8, so the byte-level
 * {@link JsonTokenizer} reads every encoding: its byte-order mark is dropped, characters that do not decode
 * become U+FFFD. For ASCII text, UTF-8 offset {@code u} is byte {@code bom + u * unit} of the original.
 */
final class Utf8Transcoding extends InputStream {
    private final Reader reader;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private final ByteBuffer bytes = ByteBuffer.allocate(4 * 8192 + 16);
    private boolean end;

    Utf8Transcoding(InputStream in, TextEncoding encoding) throws IOException {
        long skipped = in.skip(encoding.bomBytes());
        for (long k = skipped; k < encoding.bomBytes() && in.read() >= 0; k++) {
            // skip() may stop early on a stream: read the rest of the mark
        }
        this.reader = new InputStreamReader(in, encoding.charset());
        bytes.flip();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!bytes.hasRemaining()) {
            if (end) {
                return -1;
            }
            bytes.clear();
            int n = reader.read(chars);
            end = n < 0;
            chars.flip();
            encoder.encode(chars, bytes, end);
            if (end) {
                encoder.flush(bytes);
            }
            chars.compact();
            bytes.flip();
        }
        int n = Math.min(len, bytes.remaining());
        bytes.get(b, off, n);
        return n;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
