package dev.parallax.serving.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens text inputs (plain or gzip-compressed, sniffed by magic bytes) as UTF-8 with bad bytes replaced. */
final class TextInput {
    private TextInput() {
    }

    static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            in = new java.io.BufferedInputStream(in, 1 << 16);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            return new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** Bytes of a line in UTF-8 plus its line feed (for diagnostics' byte offsets). */
    static long utf8Length(String line) {
        long n = line.length() + 1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    n += 1;
                } else if (Character.isHighSurrogate(c)) {
                    n += 2;
                    i++;
                } else {
                    n += 2;
                }
            }
        }
        return n;
    }

    /** The sniffing head as text (UTF-8, bad bytes replaced). */
    static String head(byte[] head) {
        return head == null ? "" : new String(head, StandardCharsets.UTF_8);
    }
}
