package dev.parallax.serving.io;

import dev.parallax.trace.io.ImportLimits;
import dev.parallax.trace.io.TraceInput;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Opens text inputs (plain or gzip-compressed, sniffed by magic bytes) as UTF-8 lines with bad bytes replaced. */
final class TextInput {
    private TextInput() {
    }

    /**
     * Opens {@code file} as bounded lines ({@link TextLines}); gzip is decompressed under the same limits as
     * traces ({@link ImportLimits#defaults()}: a "gzip bomb" stops with a {@link
     * dev.parallax.trace.io.DecodedSizeLimitException}).
     */
    static TextLines open(Path file) throws IOException {
        TraceInput input = TraceInput.open(file, Progress.none(), ImportLimits.defaults());
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new TextLines(new InputStreamReader(input.stream(), decoder) {
            @Override
            public void close() throws IOException {
                input.close();
            }
        });
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
