package dev.parallax.app.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.ResultJson;
import dev.parallax.analysis.diff.Comparison;
import dev.parallax.analysis.diff.StepSelection;
import dev.parallax.analysis.diff.TraceDiff;
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
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code parallax diff A B [--steps N:M] [--steps-a ..] [--steps-b ..] [--ranks 0,1|0:3] [--preset hta] [--json]}:
 * compares run B with the baseline A (two traces, two folders of ranks, or two ranks of one folder) and prints
 * both sides, the deltas, what explains the step-time difference and the findings.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compares two runs: B against the baseline A (trace files or folders of rank files; the same "
                + "folder twice with --ranks A:B compares two ranks). Steps are paired by ProfilerStep number (else by "
                + "order), ranks by id; kernels by normalised name and by the operator that launched them.",
                "Times are µs per step and rank; delta = B − A.",
                "Exit status: 0 ok, 2 usage error, 3 an input could not be read."})
public final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A", description = "The baseline: a trace file or a folder of rank files.")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The run compared with A.")
    Path b;

    @Option(names = "--steps", paramLabel = "N[:M]",
            description = "ProfilerStep numbers to compare on both sides (default: all steps both runs have).")
    String steps;

    @Option(names = "--steps-a", paramLabel = "N[:M]", description = "Steps of A (paired with B's by order).")
    String stepsA;

    @Option(names = "--steps-b", paramLabel = "N[:M]", description = "Steps of B (paired with A's by order).")
    String stepsB;

    @Option(names = "--ranks", split = ",", paramLabel = "R|RA:RB",
            description = "Ranks to compare: ids present in both (0,1) or pairs of A's and B's ranks (0:3).")
    List<String> ranks = new ArrayList<>();

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "parallax",
            description = "Classification rules preset: parallax (default) or hta.")
    String preset;

    @Option(names = "--json", description = "Print JSON (snake_case keys, times in µs) instead of text.")
    boolean json;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "25",
            description = "Rows printed per table in text output (default ${DEFAULT-VALUE}).")
    int maxRows;

    @picocli.CommandLine.ParentCommand
    ParallaxCommand parent;

    private final PrintStream out;
    private final PrintStream err;

    public DiffCommand() {
        this(System.out, System.err);
    }

    DiffCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException {
        TraceDiff.Options options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        TraceSet setA;
        TraceSet setB;
        try {
            setA = load(a);
            setB = a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize()) ? setA : load(b);
        } catch (IOException e) {
            err.println("parallax diff: " + e.getMessage());
            return 3;
        }
        if (setA == null || setB == null) {
            return 3;
        }
        Comparison c;
        try {
            c = TraceDiff.compare(setA, setB, options, Progress.none());
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        Result r = c.result();
        if (json) {
            JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
            g.useDefaultPrettyPrinter();
            ResultJson.write(r, g);
            g.flush();
            out.println();
        } else {
            out.println("A: " + setA.name() + " (" + setA.size() + (setA.size() == 1 ? " rank)" : " ranks)"));
            out.println("B: " + setB.name() + " (" + setB.size() + (setB.size() == 1 ? " rank)" : " ranks)"));
            for (String note : c.notes()) {
                out.println("note: " + note);
            }
            out.println();
            ResultText.print(out, r, maxRows);
        }
        return 0;
    }

    TraceDiff.Options options() {
        if (steps != null && (stepsA != null || stepsB != null)) {
            throw new IllegalArgumentException("use --steps or --steps-a/--steps-b, not both");
        }
        StepSelection sa = StepSelection.parse(stepsA != null ? stepsA : steps);
        StepSelection sb = StepSelection.parse(stepsB != null ? stepsB : steps);
        if (!List.of("parallax", "hta").contains(preset)) {
            throw new IllegalArgumentException("unknown preset '" + preset + "' (parallax or hta)");
        }
        List<int[]> pairs = new ArrayList<>();
        for (String r : ranks) {
            String t = r.strip();
            try {
                int colon = t.indexOf(':');
                int x = Integer.parseInt(colon < 0 ? t : t.substring(0, colon).strip());
                int y = colon < 0 ? x : Integer.parseInt(t.substring(colon + 1).strip());
                pairs.add(new int[] {x, y});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--ranks '" + r + "': expected R or RA:RB (rank ids)");
            }
        }
        return TraceDiff.Options.defaults().withPreset(preset).withSteps(sa, sb).withRankPairs(pairs);
    }

    private TraceSet load(Path p) throws IOException {
        TraceSetLoader.Outcome o = ParallaxCommand.traceSetLoader(parent, Runtime.getRuntime().availableProcessors())
                .load(List.of(p), Progress.none());
        for (String note : o.notes()) {
            err.println("parallax diff: note: " + note);
        }
        if (!o.failures().isEmpty()) {
            for (TraceSetLoader.Failure f : o.failures()) {
                err.println("parallax diff: " + f.message());
            }
            return null;
        }
        return o.traceSet();
    }

    private int usage(String message) {
        err.println("parallax diff: " + message);
        return 2;
    }
}
