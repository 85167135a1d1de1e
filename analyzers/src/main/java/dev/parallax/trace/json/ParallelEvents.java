package dev.parallax.trace.json;

import dev.parallax.util.CancelledException;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Reads the event array of one plain (not compressed) JSON trace file on several threads. The array is cut
 * into chunks at guessed element starts ({@code '{'} after {@code '}' ','}, found without knowing where
 * strings are); each chunk is parsed into an {@link EventBatch} on its own, and its strings are looked up in
 * the trace's interner (decoded where new, and flow ids read as numbers) on the same thread; the batches are
 * committed in file order on the calling thread, which also parses whenever its next batch is not ready. A guess is trusted
 * only when the true parse of the chunk before it ends exactly there, so a wrong guess (inside a string, in
 * nested arguments) is detected, and then, like any parse problem, the caller reads the file sequentially:
 * the result is always the one of a sequential read.
 *
 * <p>Helper threads come from the fork/join pool the caller runs in (so that several files loaded at once
 * share one bounded pool), or the common pool: never more than {@code threads} in all, the caller included.
 */
final class ParallelEvents {
    /** Files below this size are read sequentially. */
    static final long DEFAULT_MIN_BYTES = 64L << 20;
    static final int DEFAULT_CHUNK_BYTES = 1 << 20;
    /** How far past a guessed position an element start is looked for. */
    private static final int SEARCH_BYTES = 1 << 20;
    /** Prefix before the event array that is scanned for it. */
    private static final int PREFIX_BYTES = 64 << 20;

    /** Thrown when the parallel reading cannot give the sequential result: read the file sequentially. */
    static final class Fallback extends RuntimeException {
        Fallback(Throwable cause) {
            super(cause == null ? "fallback" : cause.toString(), cause, false, false);
        }
    }

    private final FileChannel file;
    private final long size;
    private final Progress progress;
    private final String label;
    private final int threads;
    /** Chunk starts (absolute offsets of the first byte of an element); the first is the array's first byte. */
    private final long[] starts;
    private final long arrayStart;

    private final EventBatch[] batches;
    private final List<List<String>> types;
    private final Throwable[] failures;
    private final boolean[] ready;
    /** Committed batches, kept for the next chunks (at most the window's size exist at once). */
    private final java.util.ArrayDeque<EventBatch> spares = new java.util.ArrayDeque<>();
    private int claimed;
    private int committed;
    private volatile boolean stop;
    private volatile long arrayEnd = -1;
    /** Spaces the outline stream gave before the array was read (the tokenizer wanted them early). */
    private int padding;
    /** CPU nanoseconds the calling thread spent committing chunks (the part that does not run in parallel). */
    private long commitNanos;
    /** The thread that commits; chunks parsed by any other were parsed by helpers. */
    private volatile Thread caller;
    /** The trace's interner, which chunks look their strings up in once parsed. */
    private ByteInterner traceStrings;
    private final java.util.concurrent.atomic.AtomicInteger helped = new java.util.concurrent.atomic.AtomicInteger();

    private ParallelEvents(FileChannel file, long size, Progress progress, String label,
                           int threads, long arrayStart, long[] starts) {
        this.file = file;
        this.size = size;
        this.progress = progress;
        this.label = label;
        this.threads = threads;
        this.arrayStart = arrayStart;
        this.starts = starts;
        int n = starts.length;
        this.batches = new EventBatch[n];
        this.types = new ArrayList<>(java.util.Collections.nCopies(n, (List<String>) null));
        this.failures = new Throwable[n];
        this.ready = new boolean[n];
    }

    /**
     * A plan for reading {@code file} in chunks of about {@code chunkBytes}, or null when it should be read
     * sequentially (too small, an encoding other than plain UTF-8, no event array found near the start, not
     * closed at the end, or only one chunk). {@code cuts}, when given, are the guessed chunk positions
     * (tests); else every {@code chunkBytes}.
     */
    static ParallelEvents plan(FileChannel file, Progress progress, String label,
                               int threads, long minBytes, int chunkBytes, long[] cuts) throws IOException {
        long size = file.size();
        if (size < minBytes || size < 8 || threads < 2) {
            return null;
        }
        long array = arrayStart(file, Math.min(size, PREFIX_BYTES));
        if (array < 0 || !closed(file, size)) {
            return null;
        }
        if (cuts == null) {
            List<Long> guesses = new ArrayList<>();
            for (long g = array + chunkBytes; g < size; g += chunkBytes) {
                guesses.add(g);
            }
            cuts = guesses.stream().mapToLong(Long::longValue).toArray();
        }
        long[] starts = new long[cuts.length + 1];
        int n = 0;
        starts[n++] = array;
        for (long g : cuts) {
            long s = elementStart(file, Math.max(g, starts[n - 1] + 1), size);
            if (s > starts[n - 1]) {
                starts[n++] = s;
            }
        }
        if (n < 2) {
            return null;
        }
        return new ParallelEvents(file, size, progress, label, threads, array,
                java.util.Arrays.copyOf(starts, n));
    }

    /** Where the first byte after the event array's opening bracket is, or -1. */
    long arrayStart() {
        return arrayStart;
    }

    /** The closing bracket's offset; known once the last chunk is committed. */
    long arrayEnd() {
        return arrayEnd;
    }

    /** How far offsets after the event array move from the outline's to the file's. */
    long outlineGap() {
        return arrayEnd - arrayStart - padding;
    }

    /** CPU nanoseconds the calling thread spent committing the chunks in order: the serial part of the read. */
    long commitNanos() {
        return commitNanos;
    }

    private static long cpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** How many chunks helper threads parsed (the rest the calling thread did). */
    int helperChunks() {
        return helped.get();
    }

    /** How many chunks. */
    int chunks() {
        return starts.length;
    }

    // ---- finding the array and element starts ---------------------------------------------------

    private static byte[] read(FileChannel file, long at, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            if (file.read(buf, at + buf.position()) < 0) {
                break;
            }
        }
        return buf.hasRemaining() ? java.util.Arrays.copyOf(buf.array(), buf.position()) : buf.array();
    }

    private static boolean space(int c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /** The last non-space byte closes the document (an object or the bare array). */
    private static boolean closed(FileChannel file, long size) throws IOException {
        int n = (int) Math.min(size, 4096);
        byte[] tail = read(file, size - n, n);
        for (int i = tail.length - 1; i >= 0; i--) {
            if (!space(tail[i])) {
                return tail[i] == '}' || tail[i] == ']';
            }
        }
        return false;
    }

    /**
     * Offset of the first byte after {@code [} of the event array: of a bare array, or of the top-level
     * member {@code "traceEvents"} (members before it are skipped honouring strings, escapes and nesting).
     * -1 when not found or anything is unusual (a byte-order mark, an escaped key).
     */
    static long arrayStart(FileChannel file, long limit) throws IOException {
        // usually within the first kilobytes: read more only while the scan runs out of bytes
        for (long n = Math.min(limit, 1 << 16); ; n = Math.min(limit, n * 8)) {
            long at = arrayStart(read(file, 0, (int) n));
            if (at >= 0 || n == limit) {
                return at;
            }
        }
    }

    private static long arrayStart(byte[] head) {
        int i = skip(head, 0);
        if (i >= head.length) {
            return -1;
        }
        if (head[i] == '[') {
            return i + 1;
        }
        if (head[i] != '{') {
            return -1;
        }
        i = skip(head, i + 1);
        while (i < head.length && head[i] == '"') {
            int keyEnd = stringEnd(head, i);
            if (keyEnd < 0) {
                return -1;
            }
            boolean events = keyEnd - i == 13 && new String(head, i + 1, 11,
                    java.nio.charset.StandardCharsets.ISO_8859_1).equals("traceEvents");
            i = skip(head, keyEnd);
            if (i >= head.length || head[i] != ':') {
                return -1;
            }
            i = skip(head, i + 1);
            if (events) {
                return i < head.length && head[i] == '[' ? i + 1 : -1;
            }
            i = valueEnd(head, i);
            if (i < 0) {
                return -1;
            }
            i = skip(head, i);
            if (i >= head.length || head[i] != ',') {
                return -1;
            }
            i = skip(head, i + 1);
        }
        return -1;
    }

    private static int skip(byte[] b, int i) {
        while (i < b.length && space(b[i])) {
            i++;
        }
        return i;
    }

    /** The index after the closing quote of the string starting at {@code i}, or -1. */
    private static int stringEnd(byte[] b, int i) {
        for (int j = i + 1; j < b.length; j++) {
            if (b[j] == '\\') {
                j++;
            } else if (b[j] == '"') {
                return j + 1;
            }
        }
        return -1;
    }

    /** The index after the JSON value starting at {@code i}, or -1 when it does not end in {@code b}. */
    private static int valueEnd(byte[] b, int i) {
        if (i >= b.length) {
            return -1;
        }
        if (b[i] == '"') {
            return stringEnd(b, i);
        }
        if (b[i] == '{' || b[i] == '[') {
            int depth = 0;
            for (int j = i; j < b.length; j++) {
                byte c = b[j];
                if (c == '"') {
                    j = stringEnd(b, j);
                    if (j < 0) {
                        return -1;
                    }
                    j--;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    if (--depth == 0) {
                        return j + 1;
                    }
                }
            }
            return -1;
        }
        int j = i;
        while (j < b.length && b[j] != ',' && b[j] != '}' && b[j] != ']' && !space(b[j])) {
            j++;
        }
        return j < b.length ? j : -1;
    }

    /**
     * The first position at or after {@code from} that looks like the start of an array element:
     * {@code '{'} preceded by {@code ','} and {@code '}'} (spaces between) and followed by {@code '"'};
     * {@code Long.MAX_VALUE} when none is near.
     */
    static long elementStart(FileChannel file, long from, long size) throws IOException {
        if (from >= size) {
            return Long.MAX_VALUE;
        }
        // an element usually starts within a few hundred bytes: read more only when none is found
        for (int n = 1 << 12; ; n = Math.min(SEARCH_BYTES, n * 16)) {
            long found = elementStart(read(file, from, (int) Math.min(n, size - from)));
            if (found >= 0) {
                return from + found;
            }
            if (n >= SEARCH_BYTES || size - from <= n) {
                return Long.MAX_VALUE;
            }
        }
    }

    private static long elementStart(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] != '{') {
                continue;
            }
            int k = i + 1;
            while (k < b.length && space(b[k])) {
                k++;
            }
            if (k >= b.length || b[k] != '"') {
                continue;
            }
            int j = i - 1;
            while (j >= 0 && space(b[j])) {
                j--;
            }
            if (j < 0 || b[j] != ',') {
                continue;
            }
            j--;
            while (j >= 0 && space(b[j])) {
                j--;
            }
            if (j >= 0 && b[j] == '}') {
                return i;
            }
        }
        return -1;
    }

    // ---- reading --------------------------------------------------------------------------------

    /** The document without the event array's content: the file up to {@code [} and from {@code ]} on. */
    InputStream outline() {
        return new InputStream() {
            private long pos;
            private boolean spliced;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                if (!spliced && pos >= arrayStart) {
                    if (arrayEnd < 0) {
                        // the tokenizer may look a few bytes ahead (a byte-order mark): give it spaces, counted
                        if (padding >= 4 || len == 0) {
                            throw new IllegalStateException("event array not read yet");
                        }
                        buf[off] = ' ';
                        padding++;
                        return 1;
                    }
                    pos = arrayEnd;
                    spliced = true;
                }
                long limit = spliced ? size : arrayStart;
                if (pos >= limit) {
                    return -1;
                }
                int n = (int) Math.min(len, limit - pos);
                int got = file.read(ByteBuffer.wrap(buf, off, n), pos);
                if (got > 0) {
                    pos += got;
                }
                return got;
            }
        };
    }

    /** The bytes a chunk's parser reads: {@code [} and the file from {@code start} on. */
    private InputStream chunk(long start) {
        return new InputStream() {
            private long pos = start - 1;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (pos == start - 1) {
                    buf[off] = '[';
                    pos++;
                    return 1;
                }
                if (pos >= size) {
                    return -1;
                }
                int got = file.read(ByteBuffer.wrap(buf, off, (int) Math.min(len, size - pos)), pos);
                if (got > 0) {
                    pos += got;
                }
                return got;
            }
        };
    }

    private void parse(int i) {
        if (Thread.currentThread() != caller) {
            helped.incrementAndGet();
        }
        Throwable failure = null;
        EventBatch batch = spare();
        ChromeJsonReader r = null;
        try (InputStream in = chunk(starts[i])) {
            r = new ChromeJsonReader(new JsonTokenizer(in, 0), batch, starts[i]);
            r.readChunk(i + 1 < starts.length ? starts[i + 1] : Long.MAX_VALUE, () -> stop || progress.isCancelled());
            batch.resolve(traceStrings);
        } catch (Throwable e) {
            failure = e;
        }
        synchronized (this) {
            batches[i] = batch;
            types.set(i, r == null ? List.of() : r.nonObjectTypes());
            failures[i] = failure;
            ready[i] = true;
            notifyAll();
        }
    }

    /** A committed batch to reuse, emptied, or a new one. */
    private EventBatch spare() {
        EventBatch b;
        synchronized (this) {
            b = spares.poll();
        }
        if (b == null) {
            return new EventBatch();
        }
        b.reset();
        return b;
    }

    /** The next chunk to parse, within a window ahead of the commits (bounding memory), or -1. */
    private synchronized int claim(boolean wait) throws InterruptedException {
        while (true) {
            if (stop || claimed >= starts.length) {
                return -1;
            }
            if (claimed < committed + threads + 2) {
                return claimed++;
            }
            if (!wait) {
                return -1;
            }
            wait();
        }
    }

    private void help() {
        try {
            int i;
            while ((i = claim(true)) >= 0) {
                parse(i);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Parses and commits every chunk into {@code reader}, in order; throws {@link Fallback} when it cannot. */
    void run(ChromeJsonReader reader) throws IOException {
        caller = Thread.currentThread();
        traceStrings = reader.traceStrings();
        ForkJoinPool pool = Thread.currentThread() instanceof ForkJoinWorkerThread w ? w.getPool()
                : ForkJoinPool.commonPool();
        int helpers = Math.min(threads - 1, Math.max(1, pool.getParallelism()));
        for (int h = 0; h < helpers; h++) {
            pool.execute(this::help);
        }
        try {
            for (int i = 0; i < starts.length; i++) {
                EventBatch batch = await(i);
                if (failures[i] != null) {
                    if (failures[i] instanceof CancelledException c) {
                        throw c;
                    }
                    throw new Fallback(failures[i]);
                }
                boolean last = i + 1 == starts.length;
                if (last ? batch.arrayEnd < 0 : batch.next != starts[i + 1]) {
                    throw new Fallback(null);
                }
                long c0 = cpuNanos();
                reader.replay(batch, types.get(i));
                commitNanos += cpuNanos() - c0;
                synchronized (this) {
                    batches[i] = null;
                    spares.push(batch);
                    committed = i + 1;
                    notifyAll();
                }
                if (last) {
                    arrayEnd = batch.arrayEnd;
                }
                progress.update(last ? size : starts[i + 1], size, label);
                progress.checkCancelled();
            }
        } finally {
            synchronized (this) {
                stop = true;
                notifyAll();
            }
        }
    }

    /** Waits for chunk {@code i}, parsing unclaimed chunks meanwhile. */
    private EventBatch await(int i) {
        try {
            while (true) {
                synchronized (this) {
                    if (ready[i]) {
                        return batches[i];
                    }
                }
                int j = claim(false);
                if (j >= 0) {
                    parse(j);
                    continue;
                }
                synchronized (this) {
                    while (!ready[i]) {
                        wait();
                    }
                    return batches[i];
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }
}
