package dev.parallax.samples.core;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Opens generator output files: buffered, optionally gzip-compressed, counting the uncompressed bytes. */
public final class SampleOutput {
    private SampleOutput() {
    }

    /** An output stream that counts the bytes written through it. */
    public static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        /** Bytes written so far (before compression). */
        public long count() {
            return count;
        }
    }

    /**
     * Opens {@code file} for writing (parent folders created); with {@code gzip} the content is compressed and
     * the file name should end in {@code .gz}. The returned stream counts uncompressed bytes.
     */
    public static CountingStream open(Path file, boolean gzip) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream raw = Files.newOutputStream(file);
        OutputStream sink = gzip ? new GZIPOutputStream(raw, 1 << 16) : new BufferedOutputStream(raw, 1 << 16);
        return new CountingStream(sink);
    }

    /** {@code name} with {@code .gz} appended when {@code gzip}. */
    public static String fileName(String name, boolean gzip) {
        return gzip ? name + ".gz" : name;
    }

    /** Parses a size such as {@code 1g}, {@code 500m}, {@code 64k} or {@code 12345} into bytes. */
    public static long parseSize(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long mult = 1;
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith("k")) {
            mult = 1L << 10;
        } else if (t.endsWith("m")) {
            mult = 1L << 20;
        } else if (t.endsWith("g")) {
            mult = 1L << 30;
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.round(Double.parseDouble(t) * mult);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + text + "' (examples: 1g, 500m, 64k, 12345)");
        }
    }
}
