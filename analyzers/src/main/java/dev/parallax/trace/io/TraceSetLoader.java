package dev.parallax.trace.io;

import dev.parallax.trace.RankSource;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.CancelledException;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Opens the traces of one job (a folder of rank files, or several files) as a {@link TraceSet}. Files
 * load in parallel on a bounded pool (a large file's import uses idle threads of the same pool); progress is reported
 * over the bytes of all files; cancellation stops every load. Each trace's rank comes from its
 * {@code distributedInfo.rank}, else from its file name ({@code rank-N}, {@code workerN}, ...), else from
 * load order; two files claiming one rank keep the first (in path order) and move the other to a free
 * rank, with a note. Clocks need no shifting: every trace's times are already absolute nanoseconds.
 */
public final class TraceSetLoader {
    private final TraceLoader loader;
    private final int threads;

    public TraceSetLoader(TraceLoader loader, int threads) {
        this.loader = loader;
        this.threads = Math.max(1, threads);
    }

    /** A loader with every importer on the class path and one thread per core. */
    public static TraceSetLoader withDefaults() {
        return new TraceSetLoader(TraceLoader.discover(), Runtime.getRuntime().availableProcessors());
    }

    /** A file that could not be loaded, and why. */
    public record Failure(Path file, String message) {
    }

    /**
     * The loaded set, the files that failed, and notes about ranks (where they came from, duplicates).
     */
    public record Outcome(TraceSet traceSet, List<Failure> failures, List<String> notes) {
        public Outcome {
            failures = List.copyOf(failures);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Loads every given file, and every file directly inside every given folder that an importer reads
     * (files in a folder that no importer reads are skipped with a note).
     *
     * @throws IOException when no trace at all could be loaded (the message names each file and why)
     */
    public Outcome load(List<Path> paths, Progress progress) throws IOException {
        List<String> notes = new ArrayList<>();
        PipeSpool spool = new PipeSpool();
        try {
            List<Path> readable = new ArrayList<>();
            for (Path p : paths) {
                readable.add(spool.seekable(p, notes));
            }
            Outcome o = loadFiles(readable, progress, notes);
            return spool.named(o);
        } catch (IOException e) {
            throw new IOException(spool.rename(e.getMessage()), e);
        } finally {
            spool.close();
        }
    }

    private Outcome loadFiles(List<Path> paths, Progress progress, List<String> notes) throws IOException {
        List<Path> files = new ArrayList<>();
        Set<Path> fromFolders = new HashSet<>();
        List<Failure> failures = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> inside = s.filter(Files::isRegularFile).sorted().toList();
                    for (Path f : inside) {
                        try {
                            loader.choose(f);
                            files.add(f);
                            fromFolders.add(f);
                        } catch (IOException e) {
                            notes.add("skipped " + e.getMessage());
                        }
                    }
                }
            } else {
                files.add(p);
            }
        }
        files = SameFiles.once(files, notes);
        long totalBytes = 0;
        for (Path f : files) {
            totalBytes += Files.exists(f) ? Files.size(f) : 0;
        }
        List<List<Trace>> loaded = loadAll(files, progress, totalBytes, failures);
        // A file holding several ranks (MultiRankImporter) contributes one member per rank; its ranks come
        // from the file's own declarations, never from its name.
        List<Path> memberFiles = new ArrayList<>();
        List<Trace> memberTraces = new ArrayList<>();
        Set<Path> multiRank = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            List<Trace> ts = loaded.get(i);
            if (ts == null) {
                continue;
            }
            if (ts.size() == 1) {
                // a JSON file beside the ranks (e.g. a results or config file) that held no trace at all
                Trace t = ts.get(0);
                if (fromFolders.contains(files.get(i)) && t.sliceCount() == 0 && t.counterSampleCount() == 0
                        && (t.diagnostics().count("no-events") > 0 || t.diagnostics().count("not-a-trace") > 0)) {
                    notes.add("skipped " + files.get(i) + ": JSON without trace events");
                    continue;
                }
                // nothing loaded and an error said why: the file could not be used, like one that failed
                if (t.sliceCount() == 0 && t.counterSampleCount() == 0 && t.diagnostics().hasErrors()) {
                    failures.add(new Failure(files.get(i), files.get(i) + ": nothing loaded: "
                            + firstError(t)));
                    continue;
                }
            }
            if (ts.size() > 1) {
                multiRank.add(files.get(i));
                notes.add(files.get(i) + ": holds " + ts.size() + " ranks, loaded as one trace each");
            }
            for (Trace t : ts) {
                memberFiles.add(files.get(i));
                memberTraces.add(t);
            }
        }
        // vLLM logs and metrics scrapes opened with a trace go on the trace's clock (one axis per set)
        memberTraces = new ArrayList<>(dev.parallax.serving.io.ServingClock.align(memberTraces,
                dev.parallax.serving.io.ServingClock.configuredLogZone(notes), notes));
        List<TraceSet.Member> members = assignRanks(memberFiles, memberTraces.toArray(new Trace[0]), multiRank,
                notes);
        if (members.isEmpty()) {
            StringBuilder sb = new StringBuilder("no trace could be loaded");
            for (Failure f : failures) {
                sb.append("\n  ").append(f.message());
            }
            if (files.isEmpty()) {
                sb.append(": no trace files in ").append(paths);
            }
            throw new IOException(sb.toString());
        }
        String name = paths.size() == 1 ? paths.get(0).toString() : paths.size() + " files";
        return new Outcome(new TraceSet(name, members), failures, notes);
    }

    /** A failure's message, always naming the file. */
    private static String failureMessage(Path file, Throwable c) {
        if (c instanceof OutOfMemoryError) {
            return file + ": not enough memory to load it (the Java heap is limited to "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB; give Java more with -Xmx, or open fewer ranks)";
        }
        String m = c.getMessage();
        if (m == null || m.isBlank()) {
            return file + ": " + c;
        }
        return m.contains(file.toString()) ? m : file + ": " + m;
    }

    private static String firstError(Trace t) {
        for (dev.parallax.trace.Diagnostic d : t.diagnostics().items()) {
            if (d.severity() == dev.parallax.trace.Severity.ERROR) {
                return d.message() + (d.firstOffset() >= 0 ? " (at byte " + d.firstOffset() + ")" : "");
            }
        }
        return "errors while reading";
    }

    private List<List<Trace>> loadAll(List<Path> files, Progress progress, long totalBytes, List<Failure> failures)
            throws IOException {
        List<List<Trace>> traces = new ArrayList<>(java.util.Collections.nCopies(files.size(), (List<Trace>) null));
        if (files.isEmpty()) {
            return traces;
        }
        AtomicLong done = new AtomicLong();
        // a fork/join pool of all the threads, also when there are fewer files: a large file's parallel chunks
        // run on the threads no other file keeps busy, never on more (its threads start only when asked for)
        ExecutorService pool = new java.util.concurrent.ForkJoinPool(threads, p -> {
            java.util.concurrent.ForkJoinWorkerThread t =
                    java.util.concurrent.ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("trace-load-" + t.getPoolIndex());
            return t;
        }, null, false);
        try {
            List<Future<List<Trace>>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> loader.loadRanks(f, new FileProgress(progress, done, totalBytes))));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    traces.set(i, futures.get(i).get());
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    // the fork/join pool wraps a task's checked exception, and copies one thrown on another thread
                    while (c != null && c.getCause() != null && (c.getClass() == RuntimeException.class
                            || c.getCause().getClass() == c.getClass())) {
                        c = c.getCause();
                    }
                    if (c instanceof CancelledException ce) {
                        throw ce;
                    }
                    failures.add(new Failure(files.get(i), failureMessage(files.get(i), c)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException();
                }
            }
            progress.update(totalBytes, totalBytes, "Loaded " + files.size() + " files");
            return traces;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<TraceSet.Member> assignRanks(List<Path> files, Trace[] traces, Set<Path> multiRank,
                                                     List<String> notes) {
        int[] rank = new int[files.size()];
        RankSource[] source = new RankSource[files.size()];
        Set<Integer> taken = new HashSet<>();
        Map<Integer, Path> owner = new HashMap<>();
        List<Integer> unranked = new ArrayList<>();
        boolean[] duplicate = new boolean[files.size()];
        for (int i = 0; i < files.size(); i++) {
            Trace t = traces[i];
            if (t == null) {
                continue;
            }
            Integer declared = t.metadata().rank();
            OptionalInt fromName = multiRank.contains(files.get(i)) ? OptionalInt.empty()
                    : RankFromFileName.rank(files.get(i));
            int r;
            if (declared != null) {
                r = declared;
                source[i] = RankSource.DISTRIBUTED_INFO;
            } else if (fromName.isPresent()) {
                r = fromName.getAsInt();
                source[i] = RankSource.FILE_NAME;
            } else {
                unranked.add(i);
                continue;
            }
            if (taken.contains(r)) {
                notes.add(files.get(i) + ": rank " + r + " (from " + describe(source[i]) + ") is already taken by "
                        + owner.get(r) + ": given the next free rank");
                unranked.add(i);
                duplicate[i] = true;
                continue;
            }
            taken.add(r);
            owner.put(r, files.get(i));
            rank[i] = r;
        }
        int next = 0;
        for (int i : unranked) {
            while (taken.contains(next)) {
                next++;
            }
            rank[i] = next;
            taken.add(next);
            if (duplicate[i]) {
                notes.add(files.get(i) + ": rank " + next + " (load order, after a duplicate)");
            }
            source[i] = RankSource.LOAD_ORDER;
        }
        List<TraceSet.Member> members = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (traces[i] != null) {
                members.add(new TraceSet.Member(traces[i], rank[i], source[i]));
            }
        }
        return members;
    }

    private static String describe(RankSource s) {
        return s == RankSource.DISTRIBUTED_INFO ? "distributedInfo.rank" : s == RankSource.FILE_NAME
                ? "the file name" : "load order";
    }

    /** Adds one file's byte progress to the set's total; cancellation follows the parent. */
    private static final class FileProgress implements Progress {
        private final Progress parent;
        private final AtomicLong done;
        private final long total;
        private long mine;

        FileProgress(Progress parent, AtomicLong done, long total) {
            this.parent = parent;
            this.done = done;
            this.total = total;
        }

        @Override
        public synchronized void update(long d, long t, String message) {
            long delta = Math.max(0, d - mine);
            mine += delta;
            parent.update(done.addAndGet(delta), total, message);
        }

        @Override
        public boolean isCancelled() {
            return parent.isCancelled() || Thread.currentThread().isInterrupted();
        }
    }
}
