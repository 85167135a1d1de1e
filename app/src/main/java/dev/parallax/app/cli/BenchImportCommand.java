package dev.parallax.app.cli;

import dev.parallax.trace.Trace;
import dev.parallax.trace.io.TraceLoader;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.trace.json.ChromeJsonImporter;
import dev.parallax.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code parallax bench import FILE... [--repeat N]}: import speed of each file on one thread (MB/s of
 * decoded JSON, events/s), the heap the loaded model keeps per event (measured after GC), and, with
 * several files, the speed-up of loading them all in parallel over loading them one after another.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Measures import throughput (MB/s, events/s), retained heap per event after GC, and "
                + "multi-file scaling (all files on 1 thread vs. on N threads).",
                "Exit status: 0 ok, 2 usage error, 3 an input could not be read."})
public final class BenchImportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Trace files.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
            description = "Timed loads per file (best and median reported; default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for one file read in parallel chunks (plain JSON from 64 MB) and for the "
                    + "multi-file run (default: cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--no-heap", description = "Skip the retained-heap measurement.")
    boolean noHeap;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private PrintWriter out;
    private PrintWriter err;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        try {
            return run();
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run() throws Exception {
        if (repeat < 1 || threads < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--repeat and --threads must be at least 1");
        }
        TraceLoader loader = TraceLoader.discover();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                err.println("parallax bench import: " + f + ": no such file");
                return 3;
            }
        }
        out.printf(Locale.ROOT, "JVM: %s, max heap %s, %d cores%n", System.getProperty("java.vm.version"),
                SummaryText.bytes(Runtime.getRuntime().maxMemory()), Runtime.getRuntime().availableProcessors());
        long totalDecoded = 0;
        for (Path f : files) {
            double[] secs = new double[repeat];
            double[] cpu = new double[repeat];
            double[] processCpu = new double[repeat];
            Trace last = null;
            long events = 0;
            chunkThreads(loader, 1);
            for (int i = 0; i < repeat; i++) {
                last = null;
                long c0 = threads().getCurrentThreadCpuTime();
                long p0 = processCpuNanos();
                long t0 = System.nanoTime();
                try {
                    last = loader.load(f, Progress.none());
                } catch (IOException e) {
                    err.println("parallax bench import: " + e.getMessage());
                    return 3;
                }
                secs[i] = (System.nanoTime() - t0) / 1e9;
                cpu[i] = (threads().getCurrentThreadCpuTime() - c0) / 1e9;
                processCpu[i] = (processCpuNanos() - p0) / 1e9;
            }
            events = last.eventsByPhase().values().stream().mapToLong(Long::longValue).sum();
            if (events == 0) {
                // a format without Chrome phases (Nsight's SQLite): its rows
                events = last.sliceCount() + last.counterSampleCount();
            }
            long decoded = last.loadStats().decodedBytes();
            totalDecoded += decoded;
            double[] sorted = secs.clone();
            Arrays.sort(sorted);
            double best = sorted[0];
            double median = sorted[sorted.length / 2];
            out.printf(Locale.ROOT, "%s%n  %s decoded (%s on disk), %d events, %d slices%n", f,
                    SummaryText.bytes(decoded), SummaryText.bytes(last.loadStats().fileBytes()), events,
                    last.sliceCount());
            out.printf(Locale.ROOT, "  one thread: best %.3f s = %.1f MB/s, %.2f M events/s; median %.3f s = %.1f MB/s%n",
                    best, decoded / 1e6 / best, events / 1e6 / best, median, decoded / 1e6 / median);
            Arrays.sort(cpu);
            out.printf(Locale.ROOT, "  CPU time of the loading thread: best %.3f s = %.1f MB/s per CPU second "
                    + "(differs from wall time when other processes share the cores)%n", cpu[0], decoded / 1e6 / cpu[0]);
            Arrays.sort(processCpu);
            if (processCpu[0] > 0) {
                out.printf(Locale.ROOT, "  CPU time of the whole process (JIT compiler and GC included): best %.3f s = "
                        + "%.1f MB/s per CPU second%n", processCpu[0], decoded / 1e6 / processCpu[0]);
            }
            if (threads > 1) {
                chunkThreads(loader, threads);
                double[] wall = new double[repeat];
                double[] pcpu = new double[repeat];
                double[] ccpu = new double[repeat];
                double[] commit = new double[repeat];
                for (int i = 0; i < repeat; i++) {
                    last = null;
                    long c0 = threads().getCurrentThreadCpuTime();
                    long p0 = processCpuNanos();
                    long t0 = System.nanoTime();
                    last = loader.load(f, Progress.none());
                    wall[i] = (System.nanoTime() - t0) / 1e9;
                    pcpu[i] = (processCpuNanos() - p0) / 1e9;
                    ccpu[i] = (threads().getCurrentThreadCpuTime() - c0) / 1e9;
                    commit[i] = commitSeconds(loader);
                }
                int chunks = lastChunks(loader);
                chunkThreads(loader, Runtime.getRuntime().availableProcessors());
                Arrays.sort(wall);
                Arrays.sort(pcpu);
                Arrays.sort(ccpu);
                if (chunks == 0) {
                    out.printf(Locale.ROOT, "  %d threads: the file was read sequentially (parallel chunks need plain "
                            + "JSON of at least %d MB with an event array)%n", threads,
                            ChromeJsonImporter.PARALLEL_MIN_BYTES >> 20);
                } else {
                    reportParallel(chunks, decoded, median, cpu[0], wall, pcpu, ccpu, commit);
                }
            }
            if (!noHeap) {
                Trace keep = last;
                last = null;
                long withTrace = usedAfterGc();
                keep = touch(keep);
                keep = null;
                long without = usedAfterGc();
                long retained = Math.max(0, withTrace - without);
                out.printf(Locale.ROOT, "  retained heap: %s = %.1f bytes/event, %.2f × the JSON size%n",
                        SummaryText.bytes(retained), events == 0 ? 0 : retained / (double) events,
                        decoded == 0 ? 0 : retained / (double) decoded);
            }
        }
        if (files.size() > 1) {
            int n = Math.min(threads, files.size());
            double[] one = timeSet(loader, 1);
            double[] many = timeSet(loader, n);
            if (one == null || many == null) {
                return 3;
            }
            out.printf(Locale.ROOT, "%d files, %s: on 1 thread %.3f s (%.1f MB/s, %.1f MB per CPU second); "
                            + "on %d threads %.3f s (%.1f MB/s, %.1f MB per CPU second); speed-up %.2f×%n",
                    files.size(), SummaryText.bytes(totalDecoded), one[0], totalDecoded / 1e6 / one[0],
                    totalDecoded / 1e6 / one[1], n, many[0], totalDecoded / 1e6 / many[0],
                    totalDecoded / 1e6 / many[1], one[0] / many[0]);
            out.printf(Locale.ROOT, "  cores busy on average: %.2f on 1 thread, %.2f on %d threads (below the thread "
                    + "count when other processes share the cores)%n", one[1] / one[0], many[1] / many[0], n);
        }
        return 0;
    }

    /** The parallel loads' line: times, speed-up over the one-thread {@code median}, the serial commit's share. */
    private void reportParallel(int chunks, long decoded, double median, double oneCpu, double[] wall, double[] pcpu,
                                double[] ccpu, double[] commit) {
        double m = wall[wall.length / 2];
        double processCpu = pcpu[pcpu.length / 2];
        double callerCpu = ccpu[ccpu.length / 2];
        out.printf(Locale.ROOT, "  %d threads (one file in %d parallel chunks): best %.3f s = %.1f MB/s; median %.3f s "
                        + "= %.1f MB/s, speed-up %.2f× over one thread (medians); process CPU %.3f s (%.2f cores "
                        + "busy)%n", threads, chunks, wall[0], decoded / 1e6 / wall[0], m, decoded / 1e6 / m, median / m,
                processCpu, processCpu / m);
        out.printf(Locale.ROOT, "    of it the calling thread (it commits the chunks in order, and parses when it would "
                + "wait) %.3f s; with %d free cores the wall time would be about %.3f s%n", callerCpu, threads,
                Math.max(callerCpu, processCpu / threads));
        Arrays.sort(commit);
        double serial = commit[commit.length / 2];
        if (serial > 0) {
            // Amdahl: the in-order commit stays serial, parsing divides over the cores
            out.printf(Locale.ROOT, "    the in-order commit (serial) took %.3f s CPU = %.0f%% of the one-thread CPU "
                            + "time; projected speed-up on 4 / 8 / 16 free cores: %.1f× / %.1f× / %.1f×%n",
                    serial, 100 * serial / oneCpu, amdahl(oneCpu, serial, 4), amdahl(oneCpu, serial, 8),
                    amdahl(oneCpu, serial, 16));
        }
    }

    /** Speed-up on {@code n} cores of a job taking {@code total} seconds on one, {@code serial} of them serial. */
    private static double amdahl(double total, double serial, int n) {
        return total / (serial + Math.max(0, total - serial) / n);
    }

    /** The loader's JSON importer, whose parallel reading the benchmark sets and reports (null if none). */
    private static ChromeJsonImporter jsonImporter(TraceLoader loader) {
        for (dev.parallax.trace.io.TraceImporter i : loader.importers()) {
            if (i instanceof ChromeJsonImporter c) {
                return c;
            }
        }
        return null;
    }

    /** Chunks of the JSON importer's last load (0: it read the file sequentially). */
    private static int lastChunks(TraceLoader loader) {
        ChromeJsonImporter c = jsonImporter(loader);
        return c == null ? 0 : c.lastChunks();
    }

    /** Seconds the JSON importer's last parallel load spent in its serial, in-order commit. */
    private static double commitSeconds(TraceLoader loader) {
        ChromeJsonImporter c = jsonImporter(loader);
        return c == null ? 0 : c.lastCommitNanos() / 1e9;
    }

    /** Sets how many threads the JSON importer uses for one file (1: sequential). */
    private static void chunkThreads(TraceLoader loader, int n) {
        ChromeJsonImporter c = jsonImporter(loader);
        if (c != null) {
            c.threads(n);
        }
    }

    /** Median wall seconds and process CPU seconds of loading all files as one set on {@code n} threads. */
    private double[] timeSet(TraceLoader loader, int n) throws IOException {
        TraceSetLoader set = new TraceSetLoader(loader, n);
        double[] wall = new double[repeat];
        double[] cpu = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            TraceSetLoader.Outcome o = set.load(files, Progress.none());
            wall[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (processCpuNanos() - c0) / 1e9;
            if (!o.failures().isEmpty()) {
                err.println("parallax bench import: " + o.failures().get(0).message());
                return null;
            }
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[repeat / 2], cpu[repeat / 2]};
    }

    private static java.lang.management.ThreadMXBean threads() {
        return ManagementFactory.getThreadMXBean();
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    private static Trace touch(Trace t) {
        return t.sliceCount() >= 0 ? t : null;
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
