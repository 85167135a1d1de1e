package dev.parallax.app.cli;

import dev.parallax.app.cli.model.ModelCommand;
import dev.parallax.app.cli.profile.GpusCommand;
import dev.parallax.app.cli.profile.ProfileCommand;
import dev.parallax.app.workbench.WorkbenchLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** The top-level {@code parallax} command; its subcommands are the headless face of the app. */
@Command(name = "parallax", mixinStandardHelpOptions = true, version = "Parallax 0.1.0",
        description = "Performance-analysis workbench for large-model training and inference traces.",
        subcommands = {
                SummaryCommand.class,
                ReportCommand.class,
                ModelCommand.class,
                BenchCommand.class,
                ProfileCommand.class,
                GpusCommand.class,
                AnalyzeCommand.class,
                ScreenshotCommand.class,
        })
public final class ParallaxCommand implements Callable<Integer> {
    /** Returned when the workbench window was started and the JVM must keep running. */
    public static final int KEEP_RUNNING = -1;

    @Parameters(arity = "0..*", paramLabel = "PATH",
            description = "Trace files or folders to open in the workbench (no subcommand).")
    List<Path> paths = new ArrayList<>();

    /** With no subcommand: starts the workbench window (opening PATHs) and keeps the JVM running. */
    @Override
    public Integer call() {
        return WorkbenchLauncher.launch(paths) ? KEEP_RUNNING : 1;
    }
}
