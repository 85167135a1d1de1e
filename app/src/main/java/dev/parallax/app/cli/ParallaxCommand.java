package dev.parallax.app.cli;

import dev.parallax.app.cli.model.ModelCommand;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** The top-level {@code parallax} command; its subcommands are the headless face of the app. */
@Command(name = "parallax", mixinStandardHelpOptions = true, version = "Parallax 0.1.0",
        description = "Performance-analysis workbench for large-model training and inference traces.",
        subcommands = {ModelCommand.class, SummaryCommand.class, AnalyzeCommand.class, BenchCommand.class})
public final class ParallaxCommand implements Callable<Integer> {
    /** Returned when the workbench window was started and the JVM must keep running. */
    public static final int KEEP_RUNNING = -1;

    @Override
    public Integer call() {
        System.err.println("The workbench is not available yet; use a subcommand (see --help).");
        return 2;
    }
}
