package dev.parallax.app.cli;

import dev.parallax.analysis.Analyses;
import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.AnalysisRunner;
import dev.parallax.analysis.Result;
import dev.parallax.app.report.ReportContent;
import dev.parallax.app.report.ReportRenderer;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.OutputGuard;
import dev.parallax.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code parallax report PATH... -o report.pdf [--analyses a,b]}: loads the traces, runs the analyses and
 * writes the PDF report, with no display needed (for CI pipelines).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Loads trace files (or folders of rank files), runs analyses and writes a PDF report: "
                + "cover, executive summary of the findings, one section per analysis with tables and vector "
                + "charts, timeline snapshots and the load diagnostics.",
                "Exit status: 0 ok, 2 usage error (also: the output names an input), 3 an input or analysis could "
                        + "not be used (the report holds the rest), 4 the report could not be written, 5 loaded "
                        + "with errors; see docs/robustness.md."})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Trace files or folders of rank files.")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The PDF to write.")
    Path output;

    @Option(names = "--analyses", split = ",", paramLabel = "ID",
            description = "Analyses to include, comma-separated (default: every analysis available).")
    List<String> analysisIds = new ArrayList<>();

    @Option(names = "--param", paramLabel = "KEY=VALUE",
            description = "An analysis parameter (repeatable); KEY or ANALYSIS.KEY, e.g. preset=hta.")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--title", paramLabel = "TEXT", description = "Report title (default: Performance report).")
    String title = "Performance report";

    @Option(names = "--sections", split = ",", paramLabel = "SECTION",
            description = "Sections to include: summary, analyses, timeline, diagnostics (default: all).")
    List<String> sections = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "PATH",
            description = "A baseline run (trace file or folder): adds a section comparing the report's run with it.")
    Path baseline;

    @picocli.CommandLine.ParentCommand
    ParallaxCommand parent;

    private final PrintStream out;
    private final PrintStream err;

    public ReportCommand() {
        this(System.out, System.err);
    }

    ReportCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Analyses available = parent != null ? parent.plugins().analyses() : Analyses.discover();
        List<Analysis> chosen = new ArrayList<>();
        if (analysisIds.isEmpty()) {
            chosen.addAll(available.all());
        } else {
            for (String id : analysisIds) {
                var a = available.byId(id.trim());
                if (a.isEmpty()) {
                    err.println("parallax report: unknown analysis '" + id + "' (available: "
                            + String.join(", ", available.ids()) + ")");
                    return 2;
                }
                chosen.add(a.get());
            }
        }
        EnumSet<ReportContent.Section> include = EnumSet.allOf(ReportContent.Section.class);
        if (!sections.isEmpty()) {
            include.clear();
            for (String s : sections) {
                try {
                    include.add(ReportContent.Section.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    err.println("parallax report: unknown section '" + s + "' (summary, analyses, timeline, diagnostics)");
                    return 2;
                }
            }
        }
        try {
            List<Path> inputs = new ArrayList<>(paths);
            if (baseline != null) {
                inputs.add(baseline);
            }
            OutputGuard.check(output, inputs);
        } catch (OutputGuard.RefusedOutputException e) {
            err.println("parallax report: " + e.getMessage());
            return e.wouldOverwriteInput() ? ExitStatus.USAGE : ExitStatus.OUTPUT;
        }
        for (Path r : LoadStatus.rulesParameters(parameters)) {
            String problem = LoadStatus.rulesProblem(r);
            if (problem != null) {
                err.println("parallax report: " + problem);
                return ExitStatus.INPUT;
            }
        }
        if (!paths.isEmpty() && paths.stream().allMatch(dev.parallax.cluster.JobResultJson::looksLike)) {
            return JobReport.write(paths, output, title, include, out, err);
        }
        TraceSetLoader.Outcome outcome;
        try {
            outcome = ParallaxCommand.traceSetLoader(parent, Runtime.getRuntime().availableProcessors())
                    .load(paths, Progress.none());
        } catch (IOException e) {
            err.println("parallax report: " + e.getMessage());
            err.println("parallax report: no report written because no input could be read");
            return ExitStatus.INPUT;
        }
        int status = LoadStatus.of(outcome);
        List<Result> results;
        try {
            results = AnalysisRunner.run(outcome.traceSet(), chosen, parameters, Progress.none());
        } catch (IllegalArgumentException e) {
            err.println("parallax report: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        for (Result r : results) {
            if (r.findings().stream().anyMatch(f -> "out-of-memory".equals(f.code()))) {
                err.println("parallax report: " + r.analysisId() + ": " + AnalysisRunner.OUT_OF_MEMORY);
                status = ExitStatus.worst(status, ExitStatus.INPUT);
            }
        }
        if (baseline != null) {
            results = new ArrayList<>(results);
            Integer failed = addComparison(outcome.traceSet(), results);
            if (failed != null) {
                return failed;
            }
        }
        ReportContent content = new ReportContent(title, outcome.traceSet(), results, include, ZonedDateTime.now(), -1, -1);
        try {
            new ReportRenderer().render(content, output, Progress.none());
        } catch (IOException e) {
            err.println("parallax report: " + e.getMessage());
            return ExitStatus.OUTPUT;
        }
        out.println("wrote " + output + " (" + outcome.traceSet().size() + " ranks, " + results.size() + " analyses)");
        for (String problem : LoadStatus.problems(outcome)) {
            err.println("parallax report: " + problem);
        }
        if (!outcome.failures().isEmpty()) {
            err.println("parallax report: the report covers the " + outcome.traceSet().size()
                    + " ranks that loaded; the files above are left out");
        }
        return status;
    }

    /** Appends the comparison of {@code run} with the baseline to {@code results}; an exit status on failure. */
    private Integer addComparison(dev.parallax.trace.TraceSet run, List<Result> results) {
        TraceSetLoader.Outcome base;
        try {
            base = ParallaxCommand.traceSetLoader(parent, Runtime.getRuntime().availableProcessors())
                    .load(List.of(baseline), Progress.none());
        } catch (IOException e) {
            err.println("parallax report: baseline: " + e.getMessage());
            return ExitStatus.INPUT;
        }
        if (!base.failures().isEmpty()) {
            base.failures().forEach(f -> err.println("parallax report: baseline: " + f.message()));
            return ExitStatus.INPUT;
        }
        try {
            results.add(dev.parallax.analysis.diff.TraceDiff.compare(base.traceSet(), run,
                    dev.parallax.analysis.diff.TraceDiff.Options.defaults(), Progress.none()).result());
        } catch (IllegalArgumentException e) {
            err.println("parallax report: baseline: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        return null;
    }
}
