package dev.parallax.trace.io;

import dev.parallax.util.Progress;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens a trace file for streaming: detects gzip by its magic bytes (never by name), decompresses
 * transparently, counts raw and decoded bytes, reports progress on the raw bytes, honours cancellation
 * and stops a gzip bomb at the {@link ImportLimits} cap. Close it when done.
 */
public final class TraceInput implements AutoCloseable {
    private static final int PROGRESS_STEP = 1 << 20;

    private final Path file;
    private final long fileBytes;
    private final boolean gzip;
    private final CountingStream raw;
    private final CountingStream decoded;

    private TraceInput(Path file, long fileBytes, boolean gzip, CountingStream raw, CountingStream decoded) {
        this.file = file;
        this.fileBytes = fileBytes;
        this.gzip = gzip;
        this.raw = raw;
        this.decoded = decoded;
    }

    /**
     * Opens {@code file}.
     *
     * @throws IOException with a message naming the file when it does not exist or cannot be read
     */
    public static TraceInput open(Path file, Progress progress, ImportLimits limits) throws IOException {
        long size;
        InputStream in;
        try {
            if (Files.isDirectory(file)) {
                throw new IOException(file + ": is a folder, not a trace file");
            }
            size = Files.size(file);
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException(file + ": permission denied", e);
        }
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        boolean gz = isGzip(buffered);
        String label = "Reading " + file.getFileName();
        CountingStream rawCount = new CountingStream(buffered, Long.MAX_VALUE, progress, size, label, true);
        if (!gz) {
            return new TraceInput(file, size, false, rawCount, rawCount);
        }
        InputStream unzip;
        try {
            unzip = new GZIPInputStream(rawCount, 1 << 16);
        } catch (IOException e) {
            rawCount.close();
            throw new IOException(file + ": starts like gzip but its header is damaged (" + describe(e) + ")", e);
        }
        CountingStream decodedCount = new CountingStream(unzip, limits.capFor(size, true), null, -1, label, false);
        decodedCount.limitRatio(rawCount, limits);
        return new TraceInput(file, size, true, rawCount, decodedCount);
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    /**
     * The first up to {@code n} bytes of {@code file}'s content, decompressed when it is gzip (for
     * sniffing); fewer when the file is shorter or its compressed stream is damaged.
     */
    public static byte[] head(Path file, int n) throws IOException {
        try (TraceInput in = open(file, Progress.none(), ImportLimits.defaults())) {
            return in.stream().readNBytes(n);
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            return new byte[0];
        }
    }

    /** Whether the file is gzip-compressed (by its magic bytes). */
    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    public Path file() {
        return file;
    }

    /** The decoded content. */
    public InputStream stream() {
        return decoded;
    }

    public boolean compressed() {
        return gzip;
    }

    /** Bytes on disk. */
    public long fileBytes() {
        return fileBytes;
    }

    /** Decoded bytes read so far. */
    public long decodedBytesRead() {
        return decoded.count;
    }

    /** Whether the decoded stream has been read to its end (the last read returned end of input). */
    public boolean reachedEnd() {
        return decoded.ended;
    }

    /** Raw bytes read so far. */
    public long rawBytesRead() {
        return raw.count;
    }

    @Override
    public void close() throws IOException {
        decoded.close();
    }

    /** What went wrong in a compressed stream, in words (the JDK's exceptions often carry no message). */
    static String describe(IOException e) {
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        if (e instanceof java.io.EOFException) {
            return "the compressed data ends early: the file is cut off";
        }
        if (e instanceof java.util.zip.ZipException) {
            return "damaged compressed data";
        }
        return e.getClass().getSimpleName();
    }

    /**
     * Counts bytes, reports progress every MB, checks cancellation, enforces a cap on the bytes read and, for
     * a decompressed stream, on the ratio of decoded to compressed bytes read so far, so that a gzip bomb is
     * stopped early instead of after its whole allowance has been decoded.
     */
    private static final class CountingStream extends FilterInputStream {
        private final long cap;
        private CountingStream compressed;
        private double maxRatio;
        private long ratioFloor;
        private final Progress progress;
        private final long total;
        private final String label;
        long count;
        boolean ended;
        private long nextReport = PROGRESS_STEP;

        CountingStream(InputStream in, long cap, Progress progress, long total, String label, boolean report) {
            super(in);
            this.cap = cap;
            this.progress = report ? progress : null;
            this.total = total;
            this.label = label;
        }

        /** Also stops when more than {@code limits.maxCompressionRatio()} times the compressed bytes read are decoded. */
        void limitRatio(CountingStream raw, ImportLimits limits) {
            this.compressed = raw;
            this.maxRatio = limits.maxCompressionRatio();
            this.ratioFloor = limits.minDecodedCap();
        }

        private void checkLimits() throws IOException {
            if (count >= cap) {
                throw new DecodedSizeLimitException(cap);
            }
            if (compressed != null && count > ratioFloor && count > maxRatio * compressed.count) {
                throw new DecodedSizeLimitException(count, maxRatio);
            }
        }

        @Override
        public int read() throws IOException {
            checkLimits();
            int b;
            try {
                b = in.read();
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw withMessage(e);
            }
            if (b >= 0) {
                advance(1);
            } else {
                ended = true;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            checkLimits();
            int n;
            try {
                n = in.read(b, off, (int) Math.min(len, Math.max(1, cap - count)));
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw withMessage(e);
            }
            if (n > 0) {
                advance(n);
            } else if (n < 0) {
                ended = true;
            }
            return n;
        }

        private static IOException withMessage(IOException e) {
            if (e.getMessage() != null && !e.getMessage().isBlank()) {
                return e;
            }
            IOException named = e instanceof java.io.EOFException ? new java.io.EOFException(describe(e))
                    : new java.util.zip.ZipException(describe(e));
            named.initCause(e);
            return named;
        }

        private void advance(int n) {
            count += n;
            if (progress != null && count >= nextReport) {
                nextReport = count + PROGRESS_STEP;
                progress.update(count, total, label);
                progress.checkCancelled();
            }
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            count += s;
            return s;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
