package dev.parallax.app.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code parallax bench}: measurements of the app's own speed. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure Parallax's own speed (see the subcommands).",
        subcommands = {TimelineBenchCommand.class})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return 2;
    }
}
