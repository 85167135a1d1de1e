package dev.parallax.trace.json;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The Unicode encoding of a JSON text from its first four bytes: a byte-order mark, else the pattern of zero
 * bytes that the first character (always ASCII in JSON) leaves in UTF-16 and UTF-32 (RFC 4627 §3; RFC 8259
 * §8.1 keeps UTF-8 as the only one to write, readers may accept the others).
 *
 * @param unitBytes bytes per code unit: 1 (UTF-8), 2 (UTF-16) or 4 (UTF-32)
 * @param bomBytes  length of the byte-order mark, 0 when none
 * @param charset   the charset that decodes it
 */
record TextEncoding(int unitBytes, int bomBytes, Charset charset) {
    static final TextEncoding UTF_8 = new TextEncoding(1, 0, StandardCharsets.UTF_8);

    /** The encoding of a text that starts with {@code head} (at least 4 bytes tell it apart; fewer mean UTF-8). */
    static TextEncoding detect(byte[] head) {
        if (head.length < 2) {
            return UTF_8;
        }
        int b0 = head[0] & 0xff;
        int b1 = head[1] & 0xff;
        int b2 = head.length > 2 ? head[2] & 0xff : -1;
        int b3 = head.length > 3 ? head[3] & 0xff : -1;
        if (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF) {
            return new TextEncoding(4, 4, Charset.forName("UTF-32BE"));
        }
        if (b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0) {
            return new TextEncoding(4, 4, Charset.forName("UTF-32LE"));
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            return new TextEncoding(2, 2, StandardCharsets.UTF_16BE);
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            return new TextEncoding(2, 2, StandardCharsets.UTF_16LE);
        }
        if (head.length >= 4) {
            if (b0 == 0 && b1 == 0 && b2 == 0 && b3 != 0) {
                return new TextEncoding(4, 0, Charset.forName("UTF-32BE"));
            }
            if (b0 != 0 && b1 == 0 && b2 == 0 && b3 == 0) {
                return new TextEncoding(4, 0, Charset.forName("UTF-32LE"));
            }
        }
        if (b0 == 0 && b1 != 0) {
            return new TextEncoding(2, 0, StandardCharsets.UTF_16BE);
        }
        if (b0 != 0 && b1 == 0) {
            return new TextEncoding(2, 0, StandardCharsets.UTF_16LE);
        }
        return UTF_8;
    }
}
