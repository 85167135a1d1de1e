package dev.parallax.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.trace.summary.TraceSummary;
import dev.parallax.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code parallax summary PATH... [--json]}: what each trace file holds and how it loaded. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {"Loads trace files (or folders of rank files) and prints, per file: format, rank and "
                + "where it came from, time span, events by phase and category, tracks, GPU streams, the top "
                + "kernels by GPU time, flows, load diagnostics and load speed.",
                "Exit status: 0 ok, 2 usage error, 3 an input could not be read (the rest is still printed), "
                        + "5 loaded with errors; see docs/robustness.md."})
public final class SummaryCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Trace files or folders of rank files.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--json", description = "Print JSON (snake_case keys) instead of text.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "Files loaded in parallel (default: cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    ParallaxCommand parent;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TraceSetLoader.Outcome outcome;
        try {
            outcome = ParallaxCommand.traceSetLoader(parent, threads).load(paths, Progress.none());
        } catch (IOException e) {
            err.println("parallax summary: " + e.getMessage());
            err.flush();
            return ExitStatus.INPUT;
        }
        List<TraceSummary> summaries = new ArrayList<>();
        for (TraceSet.Member m : outcome.traceSet().members()) {
            summaries.add(TraceSummary.of(m.trace(), m.rank(), m.rankSource()));
        }
        if (json) {
            writeJson(out, summaries, outcome);
        } else {
            SummaryText.print(out, summaries, outcome.notes());
        }
        out.flush();
        for (String problem : LoadStatus.problems(outcome)) {
            err.println("parallax summary: " + problem);
        }
        err.flush();
        return LoadStatus.of(outcome);
    }

    private static void writeJson(PrintWriter out, List<TraceSummary> summaries, TraceSetLoader.Outcome outcome)
            throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeArrayFieldStart("files");
        for (TraceSummary s : summaries) {
            SummaryJson.write(g, s);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("notes");
        for (String n : outcome.notes()) {
            g.writeString(n);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("failures");
        for (TraceSetLoader.Failure f : outcome.failures()) {
            g.writeStartObject();
            g.writeStringField("file", f.file().toString());
            g.writeStringField("message", f.message());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.println();
    }
}
