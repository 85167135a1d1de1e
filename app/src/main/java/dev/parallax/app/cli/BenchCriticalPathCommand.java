package dev.parallax.app.cli;

import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.bench.SyntheticTraceSet;
import dev.parallax.analysis.criticalpath.CriticalPathAnalysis;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code parallax bench critical-path [--events N] [--repeat K]}: generates one rank's trace in memory
 * ({@link SyntheticTraceSet}: N device events, each with its launch call) and times the critical-path
 * analysis over the whole trace: graph, longest path, the what-ifs behind its findings, and its tables.
 */
@Command(name = "critical-path", mixinStandardHelpOptions = true,
        description = {"Times the critical-path analysis on one generated rank (whole trace as the region), best "
                + "and median of --repeat runs.", "Exit status: 0 ok, 2 usage error."})
public final class BenchCriticalPathCommand implements Callable<Integer> {
    @Option(names = "--events", paramLabel = "N", defaultValue = "1000000",
            description = "Device events on the rank, each with its launch call (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--repeat", paramLabel = "K", defaultValue = "3",
            description = "Timed runs (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--shrink", paramLabel = "REGEX:FACTOR", description = "Also run this what-if.")
    String shrink;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    @Override
    public Integer call() {
        if (events < 1 || repeat < 1) {
            err.println("parallax bench critical-path: need --events >= 1 and --repeat >= 1");
            return 2;
        }
        TraceSet set = SyntheticTraceSet.generate(events, 1, 42);
        long slices = set.traces().get(0).sliceCount();
        CriticalPathAnalysis a = new CriticalPathAnalysis();
        Map<String, String> texts = shrink == null ? Map.of("annotation", "") : Map.of("annotation", "", "shrink", shrink);
        ParameterValues p = ParameterValues.parse(a.parameters(), texts);
        double[] wall = new double[repeat];
        double[] cpu = new double[repeat];
        for (int k = 0; k < repeat; k++) {
            long c0 = BenchAnalysesCommand.processCpuNanos();
            long t0 = System.nanoTime();
            Result r = a.run(set, p, Progress.none());
            wall[k] = (System.nanoTime() - t0) / 1e9;
            cpu[k] = (BenchAnalysesCommand.processCpuNanos() - c0) / 1e9;
            out.printf(Locale.ROOT, "run %d: %.3f s wall, %.3f s CPU (graph %s nodes, %s edges, path %.1f µs)%n",
                    k + 1, wall[k], cpu[k], r.table("summary").value(0, "graph_nodes"),
                    r.table("summary").value(0, "graph_edges"), r.table("summary").value(0, "path_us"));
        }
        out.printf(Locale.ROOT, "critical path of one rank, %d slices (%d device events): best %.3f s, median %.3f s "
                        + "wall; CPU time best %.3f s, median %.3f s%n", slices, events,
                BenchAnalysesCommand.min(wall), BenchAnalysesCommand.median(wall), BenchAnalysesCommand.min(cpu),
                BenchAnalysesCommand.median(cpu));
        out.println("(wall time depends on other load on the machine; CPU time much less so)");
        return 0;
    }
}
