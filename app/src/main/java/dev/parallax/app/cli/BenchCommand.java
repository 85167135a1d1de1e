package dev.parallax.app.cli;

import dev.parallax.app.bench.TimelineBenchCommand;
import picocli.CommandLine.Command;

/** {@code parallax bench}: measurements of the engine on the user's own files. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchImportCommand.class, BenchAnalysesCommand.class, BenchCriticalPathCommand.class,
        TimelineBenchCommand.class},
        description = "Benchmarks of the engine (see its subcommands).")
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand (import, analyses, timeline)");
    }
}
