package dev.parallax.trace.json;

import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.ArgStore;
import dev.parallax.trace.CounterTrack;
import dev.parallax.trace.Diagnostic;
import dev.parallax.trace.FlowTable;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parallel read of one file (forced on with small chunks) gives exactly the model of the sequential
 * read: tracks, rows (start, duration, name, category, depth, decoded arguments), flows, counters, metadata,
 * phase counts and diagnostics (codes, counts, first offsets, messages), for every JSON trace in the shared
 * folder, for cut copies of them, and for seeded random chunk boundaries.
 */
class ParallelEquivalenceTest {
    @TempDir
    Path dir;

    /** A canonical text of everything a trace holds, strings decoded (ids may differ, values may not). */
    static String dump(Trace t) {
        StringBuilder sb = new StringBuilder();
        sb.append("meta ").append(canonical(t.metadata())).append('\n');
        sb.append("phases ").append(new java.util.TreeMap<>(t.eventsByPhase())).append('\n');
        sb.append("time ").append(t.minTime()).append(' ').append(t.maxTime()).append('\n');
        ArgStore args = t.args();
        for (SliceTrack s : t.sliceTracks()) {
            sb.append("track ").append(s.id()).append(' ').append(s.info()).append(" rows ").append(s.size())
                    .append('\n');
            for (int r = 0; r < s.size(); r++) {
                sb.append(s.start(r)).append(' ').append(s.duration(r)).append(' ').append(t.string(s.name(r)))
                        .append(" | ").append(t.string(s.category(r))).append(" d").append(s.depth(r));
                int h = s.args(r);
                if (h >= 0) {
                    for (int i = 0; i < args.argCount(h); i++) {
                        int type = args.type(h, i);
                        long v = args.rawValue(h, i);
                        sb.append(' ').append(t.string(args.key(h, i))).append('=').append(type).append(':')
                                .append(type == ArgStore.STRING || type == ArgStore.JSON ? t.string((int) v)
                                        : Long.toString(v));
                    }
                }
                sb.append('\n');
            }
        }
        for (CounterTrack c : t.counterTracks()) {
            sb.append("counter ").append(c.id()).append(' ').append(c.info()).append(' ').append(c.name())
                    .append('\n');
            for (int i = 0; i < c.size(); i++) {
                sb.append(c.time(i)).append(' ').append(c.value(i)).append('\n');
            }
        }
        FlowTable f = t.flows();
        for (int i = 0; i < f.size(); i++) {
            sb.append("flow ").append(f.flowId(i)).append(' ').append(t.string(f.category(i))).append(' ')
                    .append(f.fromTrack(i)).append(':').append(f.fromRow(i)).append(" -> ")
                    .append(f.toTrack(i)).append(':').append(f.toRow(i)).append('\n');
        }
        for (Diagnostic d : t.diagnostics().items()) {
            sb.append("diag ").append(d).append('\n');
        }
        sb.append("truncated ").append(t.diagnostics().truncated()).append(' ').append(t.diagnostics().bytesLost());
        return sb.toString();
    }

    /** A value's text with maps in key order (unordered maps iterate differently from one JVM to the next). */
    static String canonical(Object v) {
        if (v instanceof java.util.Map<?, ?> m) {
            java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), canonical(x)));
            return sorted.toString();
        }
        if (v instanceof java.util.Collection<?> c) {
            return c.stream().map(ParallelEquivalenceTest::canonical).toList().toString();
        }
        if (v instanceof Record r) {
            StringBuilder sb = new StringBuilder(r.getClass().getSimpleName()).append('[');
            for (java.lang.reflect.RecordComponent rc : r.getClass().getRecordComponents()) {
                try {
                    sb.append(rc.getName()).append('=').append(canonical(rc.getAccessor().invoke(r))).append(", ");
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }

    private static Trace load(ChromeJsonImporter importer, Path f) {
        try {
            return importer.load(f, Progress.none());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads {@code f} both ways and compares; returns how many chunks the parallel read committed. */
    private int check(Path f, int chunkBytes, long[] cuts) {
        Trace seq = load(new ChromeJsonImporter().threads(1), f);
        ChromeJsonImporter par = new ChromeJsonImporter().threads(2).chunks(0, chunkBytes, cuts);
        Trace p = load(par, f);
        assertThat(dump(p)).as("%s in chunks of %d (%s)", f, chunkBytes, cuts == null ? "" : Arrays.toString(cuts))
                .isEqualTo(dump(seq));
        return par.lastChunks();
    }

    private List<Path> plainCopies() throws IOException {
        Path root = TraceFiles.sharedTraces();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(Files::isRegularFile).filter(x -> x.toString().matches(".*\\.json(\\.gz)?$"))
                    .sorted().toList()) {
                byte[] text = TraceFiles.decoded(f);
                out.add(TraceFiles.write(dir, out.size() + "-" + f.getFileName().toString().replace(".gz", ""),
                        text));
            }
        }
        return out;
    }

    @Test
    void everySharedTraceReadsTheSameInParallelChunks() throws IOException {
        int parallel = 0;
        List<Path> files = plainCopies();
        assertThat(files).hasSizeGreaterThan(20);
        for (Path f : files) {
            long size = Files.size(f);
            int chunk = (int) Math.max(512, size / 7);
            if (check(f, chunk, null) > 1) {
                parallel++;
            }
        }
        // most real traces are object-form Kineto/Chrome files that the parallel path does take
        assertThat(parallel).isGreaterThan(files.size() / 2);
    }

    @Test
    void cutCopiesReadTheSame() throws IOException {
        SplittableRandom rnd = new SplittableRandom(17);
        for (Path f : plainCopies()) {
            byte[] all = Files.readAllBytes(f);
            if (all.length < 1000) {
                continue;
            }
            for (int i = 0; i < 2; i++) {
                int cut = 1 + rnd.nextInt(all.length - 1);
                Path c = TraceFiles.write(dir, "cut.json", Arrays.copyOf(all, cut));
                check(c, Math.max(256, cut / 5), null);
            }
        }
    }

    @Test
    void randomChunkBoundaries() throws IOException {
        SplittableRandom rnd = new SplittableRandom(20261204);
        int parallel = 0;
        List<Path> files = plainCopies();
        for (Path f : files) {
            long size = Files.size(f);
            if (size < 2000) {
                continue;
            }
            for (int round = 0; round < 3; round++) {
                long[] cuts = new long[1 + rnd.nextInt(12)];
                for (int i = 0; i < cuts.length; i++) {
                    cuts[i] = rnd.nextLong(size);
                }
                Arrays.sort(cuts);
                if (check(f, 1 << 20, cuts) > 1) {
                    parallel++;
                }
            }
        }
        assertThat(parallel).isGreaterThan(0);
    }

    @Test
    void problemsInsideChunksKeepTheirOffsetsAndOrder() {
        StringBuilder sb = new StringBuilder("{\"schemaVersion\": 1, \"traceEvents\": [\n");
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < 3000; i++) {
            int k = rnd.nextInt(12);
            String ev = switch (k) {
                case 0 -> "{\"ph\": \"B\", \"name\": \"b" + i % 7 + "\", \"pid\": 1, \"tid\": 2, \"ts\": " + i + "}";
                case 1 -> "{\"ph\": \"E\", \"pid\": 1, \"tid\": 2, \"ts\": " + i + "}";
                case 2 -> "{\"ph\": \"X\", \"name\": \"x\", \"pid\": \"p\", \"tid\": 3, \"ts\": " + i + "}";
                case 3 -> "{\"name\": \"nophase\", \"ts\": 1}";
                case 4 -> "{\"ph\": \"s\", \"id\": \"0x" + Integer.toHexString(i / 2) + "\", \"cat\": \"ac2g\", "
                        + "\"pid\": 1, \"tid\": 2, \"ts\": " + i + "}";
                case 5 -> "{\"ph\": \"f\", \"id\": " + (i / 2) + ", \"bp\": \"e\", \"cat\": \"ac2g\", \"pid\": 0, "
                        + "\"tid\": \"stream 7\", \"ts\": " + i + "}";
                case 6 -> "{\"ph\": \"X\", \"cat\": \"kernel\", \"name\": \"k\\u00e9\\\"q\", \"pid\": 0, "
                        + "\"tid\": \"stream 7\", \"ts\": " + i + ", \"dur\": 2, \"args\": {\"stream\": 7, "
                        + "\"device\": 0, \"correlation\": " + i + ", \"shape\": [[1, 2], {\"a\": null}], "
                        + "\"big\": 1e999, \"t\": true, \"z\": null, \"name\": \"},{\\\"ph\\\"\"}}";
                case 7 -> "{\"ph\": \"C\", \"name\": \"mem\", \"pid\": 1, \"ts\": " + i
                        + ", \"args\": {\"bytes\": " + i + ", \"bad\": \"x\"}}";
                case 8 -> "{\"ph\": \"b\", \"cat\": \"a\", \"id\": " + (i % 5) + ", \"name\": \"as\", \"pid\": 1, "
                        + "\"ts\": " + i + "}";
                case 9 -> "{\"ph\": \"e\", \"cat\": \"a\", \"id\": " + (i % 5) + ", \"pid\": 1, \"ts\": " + i + "}";
                case 10 -> rnd.nextBoolean() ? "5" : "{\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": 1, "
                        + "\"tid\": 2, \"args\": {\"name\": \"worker " + i + "\"}}";
                default -> "{\"ph\": \"X\", \"name\": [1], \"pid\": 1, \"tid\": 2, \"ts\": \"" + i + ".5\", "
                        + "\"dur\": \"x\"}";
            };
            sb.append(ev).append(i + 1 < 3000 ? ",\n" : "\n");
        }
        sb.append("], \"traceName\": \"t\", \"otherData\": {\"version\": \"9\"}, \"baseTimeNanoseconds\": 1000}\n");
        Path f = TraceFiles.write(dir, "mixed.json", sb.toString().getBytes(StandardCharsets.UTF_8));
        long size = sb.length();
        for (int chunk : new int[]{300, 2000, 9000}) {
            assertThat(check(f, chunk, null)).isGreaterThan(1);
        }
        SplittableRandom cuts = new SplittableRandom(6);
        for (int round = 0; round < 20; round++) {
            long[] at = new long[1 + cuts.nextInt(30)];
            for (int i = 0; i < at.length; i++) {
                at[i] = cuts.nextLong(size);
            }
            Arrays.sort(at);
            check(f, 1 << 20, at);
        }
    }

    @Test
    void bareArrayAndTrailingCommaAndUnclosedArray() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 500; i++) {
            sb.append("{\"ph\": \"X\", \"name\": \"n").append(i % 9).append("\", \"pid\": 1, \"tid\": 1, \"ts\": ")
                    .append(i * 10).append(", \"dur\": 5},\n");
        }
        Path closed = TraceFiles.write(dir, "bare.json", sb + "]");
        assertThat(check(closed, 1000, null)).isGreaterThan(1);
        Path open = TraceFiles.write(dir, "open.json", sb.toString());
        assertThat(check(open, 1000, null)).isZero();
    }

    @Test
    void progressRisesAndCancelStopsTheParallelRead() throws IOException {
        StringBuilder sb = new StringBuilder("{\"traceEvents\": [\n");
        for (int i = 0; i < 20000; i++) {
            sb.append("{\"ph\": \"X\", \"name\": \"n\", \"pid\": 1, \"tid\": 1, \"ts\": ").append(i * 10)
                    .append(", \"dur\": 5}").append(i + 1 < 20000 ? ",\n" : "\n");
        }
        Path f = TraceFiles.write(dir, "many.json", sb.append("]}").toString());
        long size = Files.size(f);
        List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Progress watch = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                seen.add(done);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        ChromeJsonImporter par = new ChromeJsonImporter().threads(2).chunks(0, 20000, null);
        par.load(f, watch);
        assertThat(par.lastChunks()).isGreaterThan(10);
        assertThat(seen).isSorted().contains(size);
        assertThat(seen.size()).isGreaterThan(10);

        java.util.concurrent.atomic.AtomicInteger updates = new java.util.concurrent.atomic.AtomicInteger();
        Progress cancelSoon = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                updates.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return updates.get() >= 2;
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new ChromeJsonImporter().threads(2).chunks(0, 20000, null).load(f, cancelSoon))
                .isInstanceOf(dev.parallax.util.CancelledException.class);
    }

    @Test
    void aSetOfOneFileLendsItsOtherThreadsToTheFilesChunks() throws IOException {
        StringBuilder sb = new StringBuilder("{\"traceEvents\": [\n");
        for (int i = 0; i < 20000; i++) {
            sb.append("{\"ph\": \"X\", \"name\": \"n").append(i % 13).append("\", \"pid\": 1, \"tid\": 1, \"ts\": ")
                    .append(i * 10).append(", \"dur\": 5}").append(i + 1 < 20000 ? ",\n" : "\n");
        }
        Path f = TraceFiles.write(dir, "one.json", sb.append("]}").toString());
        ChromeJsonImporter par = new ChromeJsonImporter().threads(2).chunks(0, 4096, null);
        dev.parallax.trace.io.TraceSetLoader set =
                new dev.parallax.trace.io.TraceSetLoader(new dev.parallax.trace.io.TraceLoader(List.of(par)), 2);
        assertThat(set.load(List.of(f), Progress.none()).failures()).isEmpty();
        assertThat(par.lastChunks()).isGreaterThan(100);
        // the loader's pool has a thread besides the one loading the file: it parses chunks too
        assertThat(par.lastHelperChunks()).isGreaterThan(0);
    }
}
