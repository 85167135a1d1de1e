package dev.parallax.app.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.parallax.analysis.Analyses;
import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.AnalysisRunner;
import dev.parallax.analysis.Parameter;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.ResultJson;
import dev.parallax.analysis.gpu.GpuAnalysis;
import dev.parallax.analysis.gpu.ProfileCache;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code parallax analyze PATH... --analysis ID [--preset hta] [--rules FILE] [--param key=value]... [--json]}:
 * runs any registered analysis on a trace set and prints its result as text or JSON ({@link ResultJson}).
 * {@code --list} lists the analyses and their parameters.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Runs analyses (breakdown, idle, kernels, overlap, ... see --list) on trace files or folders "
                + "of rank files and prints tables and findings, or JSON with --json.",
                "Exit status: 0 ok, 2 usage error, 3 an input (trace, rank, rules file) or analysis could not be "
                        + "used (the rest is still printed), 5 loaded with errors; see docs/robustness.md."})
public final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Trace files or folders of rank files.")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-a", "--analysis"}, paramLabel = "ID",
            description = "Analysis to run (repeatable; see --list).")
    List<String> analyses = new ArrayList<>();

    @Option(names = "--list", description = "List the available analyses and their parameters.")
    boolean list;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "Classification rules preset: parallax (default) or hta (HTA-compatible numbers).")
    String preset;

    @Option(names = "--rules", paramLabel = "FILE", description = "JSON classification rules file.")
    Path rules;

    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", description = "Analysis parameter (repeatable).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print JSON (snake_case keys) instead of text.")
    boolean json;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "40",
            description = "Rows printed per table in text output (default ${DEFAULT-VALUE}).")
    int maxRows;

    private final PrintStream out;
    private final PrintStream err;
    private final Analyses builtIn;
    /** The analyses in use for this run: the plugin registry's under {@code parallax}, else those given. */
    private Analyses registry;

    @picocli.CommandLine.ParentCommand
    ParallaxCommand parent;

    public AnalyzeCommand() {
        this(System.out, System.err, Analyses.discover());
    }

    AnalyzeCommand(PrintStream out, PrintStream err, Analyses registry) {
        this.out = out;
        this.err = err;
        this.builtIn = registry;
        this.registry = registry;
    }

    @Override
    public Integer call() throws IOException {
        registry = parent != null ? parent.plugins().analyses() : builtIn;
        if (list) {
            printList();
            return 0;
        }
        if (analyses.isEmpty()) {
            return usage("missing --analysis ID (one of " + registry.ids() + ")");
        }
        if (paths.isEmpty()) {
            return usage("missing PATH (trace files or folders)");
        }
        for (String key : params.keySet()) {
            boolean known = analyses.stream().map(registry::byId).anyMatch(o -> o.isPresent() && declares(o.get(), key));
            if (!known && analyses.size() > 1) {
                return usage("no chosen analysis takes --param " + key);
            }
        }
        List<Analysis> chosen = new ArrayList<>();
        List<ParameterValues> values = new ArrayList<>();
        for (String id : analyses) {
            Analysis a = registry.byId(id).orElse(null);
            if (a == null) {
                return usage("unknown analysis '" + id + "' (known: " + String.join(", ", registry.ids()) + ")");
            }
            Map<String, String> texts = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (declares(a, e.getKey()) || analyses.size() == 1) {
                    texts.put(e.getKey(), e.getValue());
                }
            }
            if (preset != null) {
                if (!declares(a, "preset")) {
                    return usage("analysis " + id + " takes no --preset");
                }
                texts.put("preset", preset);
            }
            if (rules != null) {
                if (!declares(a, "rules")) {
                    return usage("analysis " + id + " takes no --rules");
                }
                texts.put("rules", rules.toString());
            }
            try {
                values.add(ParameterValues.parse(a.parameters(), texts));
            } catch (IllegalArgumentException e) {
                return usage(id + ": " + e.getMessage());
            }
            chosen.add(a);
        }
        List<Path> rulesFiles = new ArrayList<>(LoadStatus.rulesParameters(params));
        if (rules != null) {
            rulesFiles.add(rules);
        }
        for (Path r : rulesFiles) {
            String problem = LoadStatus.rulesProblem(r);
            if (problem != null) {
                err.println("parallax analyze: " + problem);
                return ExitStatus.INPUT;
            }
        }
        TraceSetLoader.Outcome outcome;
        try {
            outcome = ParallaxCommand.traceSetLoader(parent, Runtime.getRuntime().availableProcessors())
                    .load(paths, Progress.none());
        } catch (IOException e) {
            err.println("parallax analyze: " + e.getMessage());
            return ExitStatus.INPUT;
        }
        for (String note : outcome.notes()) {
            err.println("parallax analyze: note: " + note);
        }
        TraceSet set = outcome.traceSet();
        ProfileCache cache = new ProfileCache();
        List<Result> results = new ArrayList<>();
        int status = LoadStatus.of(outcome);
        for (int i = 0; i < chosen.size(); i++) {
            Analysis a = chosen.get(i);
            try {
                results.add(a instanceof GpuAnalysis g ? g.run(set, values.get(i), Progress.none(), cache)
                        : a.run(set, values.get(i), Progress.none()));
            } catch (IllegalArgumentException e) {
                err.println("parallax analyze: " + a.id() + ": " + e.getMessage());
                results.add(AnalysisRunner.failed(a, e));
                status = ExitStatus.worst(status, ExitStatus.INPUT);
            } catch (OutOfMemoryError e) {
                cache = new ProfileCache();
                results.add(AnalysisRunner.outOfMemory(a));
                err.println("parallax analyze: " + a.id() + ": " + AnalysisRunner.OUT_OF_MEMORY);
                status = ExitStatus.worst(status, ExitStatus.INPUT);
            }
        }
        if (json) {
            JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
            g.useDefaultPrettyPrinter();
            if (results.size() == 1) {
                ResultJson.write(results.get(0), g);
            } else {
                g.writeStartArray();
                for (Result r : results) {
                    ResultJson.write(r, g);
                }
                g.writeEndArray();
            }
            g.flush();
            out.println();
        } else {
            out.println("Trace set: " + set.name() + " (" + set.size() + (set.size() == 1 ? " rank)" : " ranks)"));
            out.println();
            for (Result r : results) {
                ResultText.print(out, r, maxRows);
            }
        }
        for (String problem : LoadStatus.problems(outcome)) {
            err.println("parallax analyze: " + problem);
        }
        return status;
    }

    private static boolean declares(Analysis a, String key) {
        return a.parameters().stream().anyMatch(p -> p.id().equals(key));
    }

    private int usage(String message) {
        err.println("parallax analyze: " + message);
        return 2;
    }

    private void printList() {
        for (Analysis a : registry.all()) {
            out.println(a.id() + "  —  " + a.title());
            out.println("    " + a.description());
            if (!a.requirements().isEmpty()) {
                out.println("    needs: " + String.join(", ",
                        a.requirements().stream().map(dev.parallax.analysis.Requirement::label).toList()));
            }
            for (Parameter<?> p : a.parameters()) {
                out.println("    --param " + p.id() + "=" + p.defaultValue()
                        + (p.choices().isEmpty() ? "" : "  (" + String.join("|", p.choices()) + ")")
                        + "  " + p.description());
            }
        }
    }
}
