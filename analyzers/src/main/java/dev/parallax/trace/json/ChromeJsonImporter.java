package dev.parallax.trace.json;

import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.io.ImportLimits;
import dev.parallax.trace.io.TraceImporter;
import dev.parallax.trace.io.TraceLoader;
import dev.parallax.trace.io.TraceInput;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Imports Chrome Trace Event Format JSON and PyTorch profiler (Kineto) traces, plain or gzip-compressed,
 * in both the bare-array and the object form, streaming with a byte-level tokenizer (see {@link ChromeJsonReader}, {@link JsonTokenizer}). Lenient like the
 * trace viewers: trailing commas, a missing closing bracket, NaN/Infinity and stray backslash escapes
 * are accepted; a file cut off anywhere keeps every complete event. A plain file from 64 MB has its event
 * array read on several threads ({@link ParallelEvents}) with the same result as the sequential read.
 *
 * <p>Format reference: "Trace Event Format" (Google, Chrome tracing), and Kineto's
 * {@code ChromeTraceLogger} for the PyTorch keys ({@code distributedInfo}, {@code deviceProperties},
 * {@code baseTimeNanoseconds}).
 */
public final class ChromeJsonImporter implements TraceImporter {
    private final ImportLimits limits;
    /** Threads for one file: {@code -Dparallax.importThreads=N} (1: always sequential), else the processors. */
    private int threads = Math.max(1, Integer.getInteger("parallax.importThreads",
            Runtime.getRuntime().availableProcessors()));
    /** Plain files from this size on are read in parallel chunks (smaller ones, and gzip, sequentially). */
    public static final long PARALLEL_MIN_BYTES = ParallelEvents.DEFAULT_MIN_BYTES;
    private long parallelMinBytes = PARALLEL_MIN_BYTES;
    private int chunkBytes = ParallelEvents.DEFAULT_CHUNK_BYTES;
    private long[] cuts;
    private int lastChunks;
    private long lastCommitNanos;
    private int lastHelperChunks;

    public ChromeJsonImporter() {
        this(ImportLimits.defaults());
    }

    /**
     * This importer reading one plain file on up to {@code n} threads, the caller's included (1: always
     * sequential). The default is the number of processors; the result is the same for every {@code n}.
     */
    public ChromeJsonImporter threads(int n) {
        this.threads = Math.max(1, n);
        return this;
    }

    /** Tests: read files from {@code minBytes} on in parallel chunks of {@code bytes}, or at {@code at} when given. */
    ChromeJsonImporter chunks(long minBytes, int bytes, long[] at) {
        this.parallelMinBytes = minBytes;
        this.chunkBytes = bytes;
        this.cuts = at;
        return this;
    }

    /** How many chunks the last load committed in parallel (0: it was read sequentially). */
    public int lastChunks() {
        return lastChunks;
    }

    /** Tests: how many chunks of the last load other threads than the caller parsed. */
    int lastHelperChunks() {
        return lastHelperChunks;
    }

    /**
     * CPU nanoseconds the last parallel load spent committing its chunks in file order on the calling
     * thread: the serial part, which bounds the speed-up on any number of cores (0 after a sequential read).
     */
    public long lastCommitNanos() {
        return lastCommitNanos;
    }

    public ChromeJsonImporter(ImportLimits limits) {
        this.limits = limits;
    }

    @Override
    public String id() {
        return "chrome-json";
    }

    @Override
    public String description() {
        return "Chrome trace JSON and PyTorch profiler (Kineto) traces, plain or gzip";
    }

    @Override
    public int sniff(Path file, byte[] head) {
        TextEncoding enc = TextEncoding.detect(head);
        if (enc.unitBytes() > 1) {
            // UTF-16/32 JSON: judge the same text as UTF-8 (the parser decodes it; see JSON RFC 8259 §8.1)
            String text = new String(head, enc.bomBytes(), head.length - enc.bomBytes(), enc.charset());
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            return sniffUtf8(utf8, head.length < TraceLoader.HEAD_BYTES);
        }
        return sniffUtf8(head, head.length < TraceLoader.HEAD_BYTES);
    }

    private static int sniffUtf8(byte[] head, boolean whole) {
        int i = 0;
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            i = 3;
        }
        while (i < head.length && Character.isWhitespace(head[i])) {
            i++;
        }
        if (i >= head.length) {
            return 0;
        }
        String text = new String(head, i, head.length - i, StandardCharsets.ISO_8859_1);
        if (head[i] == '{') {
            if (text.contains("\"traceEvents\"")) {
                return 100;
            }
            if (text.contains("\"schemaVersion\"") || text.contains("\"deviceProperties\"")
                    || text.contains("\"distributedInfo\"")) {
                return 80;
            }
            // the whole content was seen and holds no events: not a trace; else traceEvents may come later
            return whole ? 0 : text.contains("\"ph\"") ? 40 : 10;
        }
        if (head[i] == '[') {
            int j = i + 1;
            while (j < head.length && Character.isWhitespace(head[j])) {
                j++;
            }
            if (j >= head.length || head[j] == ']') {
                return 30;
            }
            if (head[j] == '{') {
                // a whole array of objects none of which has a phase is a list of records, not of events
                return text.contains("\"ph\"") ? 90 : whole ? 0 : 20;
            }
        }
        return 0;
    }

    /** Up to 4 first bytes, pushed back; fewer when the stream ends or fails (the parser then meets it again). */
    private static byte[] peek(java.io.PushbackInputStream in) throws IOException {
        byte[] head = new byte[4];
        int n = 0;
        try {
            int c;
            while (n < 4 && (c = in.read()) >= 0) {
                head[n++] = (byte) c;
            }
        } catch (IOException e) {
            // a damaged stream: let the reader report it where it reads
        }
        in.unread(head, 0, n);
        return java.util.Arrays.copyOf(head, n);
    }

    @Override
    public Trace load(Path file, Progress progress) throws IOException {
        lastChunks = 0;
        lastCommitNanos = 0;
        lastHelperChunks = 0;
        if (threads > 1 && java.nio.file.Files.isRegularFile(file) && java.nio.file.Files.size(file) >= parallelMinBytes
                && !TraceInput.isGzip(file)) {
            Trace t = loadParallel(file, progress);
            if (t != null) {
                return t;
            }
        }
        return loadSequential(file, progress);
    }

    /** The parallel read of a plain file's event array (see {@link ParallelEvents}), or null to read it sequentially. */
    private Trace loadParallel(Path file, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            ParallelEvents chunks = ParallelEvents.plan(ch, progress,
                    "Reading " + file.getFileName(), threads, parallelMinBytes, chunkBytes, cuts);
            if (chunks == null) {
                return null;
            }
            long size = ch.size();
            TraceBuilder builder = new TraceBuilder(file.toString());
            try (InputStream outline = chunks.outline()) {
                ChromeJsonReader reader = new ChromeJsonReader(builder, new JsonTokenizer(outline, 0), null);
                reader.parallel(chunks, chunks.arrayStart());
                reader.read();
            } catch (ParallelEvents.Fallback e) {
                return null;
            } catch (dev.parallax.util.CancelledException e) {
                throw e;
            } catch (RuntimeException e) {
                // anything unexpected in the parallel read: the sequential read gives the answer and its report
                return null;
            }
            lastChunks = chunks.chunks();
            lastCommitNanos = chunks.commitNanos();
            lastHelperChunks = chunks.helperChunks();
            progress.update(size, size, "Indexing " + file.getFileName());
            return builder.build(size, size, System.nanoTime() - t0, threads);
        }
    }

    private Trace loadSequential(Path file, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        TraceBuilder builder = new TraceBuilder(file.toString());
        try (TraceInput input = TraceInput.open(file, progress, limits)) {
            java.io.PushbackInputStream in = new java.io.PushbackInputStream(input.stream(), 4);
            TextEncoding enc = TextEncoding.detect(peek(in));
            InputStream text = enc.unitBytes() > 1 ? new Utf8Transcoding(in, enc) : in;
            ChromeJsonReader reader = new ChromeJsonReader(builder, new JsonTokenizer(text, 0), input);
            if (enc.unitBytes() > 1) {
                reader.encoding(enc.unitBytes(), enc.bomBytes());
            }
            reader.read();
            long decoded = input.decodedBytesRead();
            progress.update(input.fileBytes(), input.fileBytes(), "Indexing " + file.getFileName());
            return builder.build(input.fileBytes(), decoded, System.nanoTime() - t0, threads);
        }
    }
}
