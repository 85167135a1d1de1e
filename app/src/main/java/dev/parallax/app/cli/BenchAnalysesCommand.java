package dev.parallax.app.cli;

import dev.parallax.analysis.Analyses;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.bench.SyntheticTraceSet;
import dev.parallax.analysis.gpu.GpuAnalysis;
import dev.parallax.analysis.gpu.ProfileCache;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code parallax bench analyses [--events N] [--ranks R] [--repeat K]}: generates a deterministic trace set
 * in memory ({@link SyntheticTraceSet}) and times the four GPU analyses (breakdown, idle, kernels, overlap)
 * run one after another on it with one shared classification cache, as the command line and the
 * workbench run them: the first analysis classifies every rank, the others reuse it.
 */
@Command(name = "analyses", mixinStandardHelpOptions = true,
        description = {"Times breakdown, idle, kernels and overlap on a generated trace set (classification "
                + "included), best and median of --repeat runs.",
                "Exit status: 0 ok, 2 usage error."})
public final class BenchAnalysesCommand implements Callable<Integer> {
    static final List<String> IDS = List.of("breakdown", "idle", "kernels", "overlap");

    @Option(names = "--events", paramLabel = "N", defaultValue = "10000000",
            description = "Device events in the whole set (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--ranks", paramLabel = "R", defaultValue = "8", description = "Ranks (default ${DEFAULT-VALUE}).")
    int ranks;

    @Option(names = "--repeat", paramLabel = "K", defaultValue = "5",
            description = "Timed runs (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Generator seed.")
    long seed;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "parallax", description = "Rules preset.")
    String preset;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    @Override
    public Integer call() {
        if (events < ranks || ranks < 1 || repeat < 1) {
            err.println("parallax bench analyses: need --ranks >= 1, --events >= --ranks and --repeat >= 1");
            return 2;
        }
        long t0 = System.nanoTime();
        TraceSet set = SyntheticTraceSet.generate(events, ranks, seed);
        long genNs = System.nanoTime() - t0;
        long slices = set.traces().stream().mapToLong(t -> t.sliceCount()).sum();
        out.printf(Locale.ROOT, "generated %d device events (%d slices with launches and steps) on %d ranks in %.2f s%n",
                events, slices, ranks, genNs / 1e9);
        Analyses registry = Analyses.discover();
        List<GpuAnalysis> analyses = new ArrayList<>();
        for (String id : IDS) {
            analyses.add((GpuAnalysis) registry.byId(id).orElseThrow());
        }
        double[] totals = new double[repeat];
        double[] cpu = new double[repeat];
        double[][] per = new double[IDS.size()][repeat];
        for (int k = 0; k < repeat; k++) {
            ProfileCache cache = new ProfileCache();
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            for (int i = 0; i < analyses.size(); i++) {
                GpuAnalysis a = analyses.get(i);
                long s = System.nanoTime();
                ParameterValues p = ParameterValues.parse(a.parameters(), java.util.Map.of("preset", preset));
                a.run(set, p, Progress.none(), cache);
                per[i][k] = (System.nanoTime() - s) / 1e9;
            }
            totals[k] = (System.nanoTime() - start) / 1e9;
            cpu[k] = (processCpuNanos() - cpuStart) / 1e9;
            out.printf(Locale.ROOT, "run %d: %.3f s wall, %.3f s CPU  (%s)%n", k + 1, totals[k], cpu[k],
                    breakdown(per, k));
        }
        out.printf(Locale.ROOT, "all four analyses on %d device events, %d ranks, %d cores: best %.3f s, median %.3f s "
                        + "wall; CPU time (all threads, incl. GC) best %.3f s, median %.3f s%n",
                events, ranks, Runtime.getRuntime().availableProcessors(), min(totals), median(totals), min(cpu),
                median(cpu));
        out.println("(wall time depends on other load on the machine; CPU time much less so)");
        return 0;
    }

    /** CPU time of the whole process (all threads, GC included), or 0 where the JVM does not report it. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static String breakdown(double[][] per, int k) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < IDS.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(IDS.get(i)).append(String.format(Locale.ROOT, " %.3f", per[i][k]));
        }
        return sb.toString();
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
