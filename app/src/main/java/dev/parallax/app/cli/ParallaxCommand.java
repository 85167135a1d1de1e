package dev.parallax.app.cli;

import dev.parallax.app.Launcher;
import dev.parallax.app.cli.model.ModelCommand;
import dev.parallax.app.workbench.WorkbenchLauncher;
import dev.parallax.plugin.PluginRegistry;
import dev.parallax.trace.io.TraceLoader;
import dev.parallax.trace.io.TraceSetLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

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
                AnalyzeCommand.class,
                DiffCommand.class,
                PluginsCommand.class,
                ScreenshotCommand.class,
        })
public final class ParallaxCommand implements Callable<Integer> {
    /** Returned when the workbench window was started and the JVM must keep running. */
    public static final int KEEP_RUNNING = -1;

    @Option(names = "--plugins", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Also load plugin jars from DIR (besides ~/.parallax/plugins); repeatable.")
    List<Path> pluginDirs = new ArrayList<>();

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an internal error (for a bug report).")
    boolean debug;

    @Parameters(arity = "0..*", paramLabel = "PATH",
            description = "Trace files or folders to open in the workbench (no subcommand).")
    List<Path> paths = new ArrayList<>();

    private PluginRegistry registry;

    /**
     * The command line with Parallax's subcommands and those contributed on the class path
     * ({@link dev.parallax.app.spi.CommandContribution}, e.g. the GPU profiler's {@code profile} and {@code gpus});
     * a contributed name that is taken already is skipped.
     */
    public static picocli.CommandLine commandLine() {
        return commandLine(picocli.CommandLine.defaultFactory());
    }

    /** As {@link #commandLine()}, with commands created by {@code factory}. */
    public static picocli.CommandLine commandLine(picocli.CommandLine.IFactory factory) {
        picocli.CommandLine cl = new picocli.CommandLine(new ParallaxCommand(), factory);
        for (dev.parallax.app.spi.CommandContribution c : java.util.ServiceLoader.load(
                dev.parallax.app.spi.CommandContribution.class, ParallaxCommand.class.getClassLoader())) {
            for (Object command : c.commands()) {
                String name = new picocli.CommandLine(command).getCommandName();
                if (!cl.getSubcommands().containsKey(name)) {
                    cl.addSubcommand(name, command);
                }
            }
        }
        return cl;
    }

    /** With no subcommand: starts the workbench window (opening PATHs) and keeps the JVM running. */
    @Override
    public Integer call() {
        return WorkbenchLauncher.launch(paths, pluginDirs) ? KEEP_RUNNING : 1;
    }

    /**
     * The loader of trace sets the subcommands use: the importers of {@link #plugins()} when run under this
     * command, else the built-in ones; files load in parallel on all cores (or {@code threads}).
     */
    static TraceSetLoader traceSetLoader(ParallaxCommand parent, int threads) {
        TraceLoader loader = parent != null ? new TraceLoader(parent.plugins().importers()) : TraceLoader.discover();
        return new TraceSetLoader(loader, threads);
    }

    /** The plugin folders given on the command line. */
    public List<Path> pluginDirs() {
        return List.copyOf(pluginDirs);
    }

    /**
     * The importers and analyses to use: built-in ones plus the plugins of ~/.parallax/plugins and
     * {@code --plugins} folders, loaded on first use. Plugin problems are printed to stderr, naming the plugin.
     */
    public synchronized PluginRegistry plugins() {
        if (registry == null) {
            registry = PluginRegistry.load(PluginRegistry.Config.defaults(Launcher.class.getClassLoader(), pluginDirs));
            registry.messages().forEach(m -> System.err.println("parallax: " + m));
            registry.plugins().stream().filter(p -> p.state() == dev.parallax.plugin.PluginInfo.State.FAILED)
                    .forEach(p -> System.err.println("parallax: " + p.problem()));
            registry.onFault(f -> System.err.println("parallax: " + f.message()));
        }
        return registry;
    }
}
