package dev.parallax.app.cli;

import picocli.CommandLine;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Runs the {@code parallax} command line: standard output and error go through a
 * {@link TerminalSafeOutputStream} (control and bidi characters of trace content escaped), picocli's colours
 * are off (they would be escaped too), and whatever escapes a command is one line naming the command and
 * what happened, with a stack trace only under {@code --debug}: not enough memory exits
 * {@link ExitStatus#INPUT} with the heap size and how to raise it, an I/O failure {@link ExitStatus#INPUT},
 * anything else {@link ExitStatus#INTERNAL}.
 */
public final class Cli {
    private Cli() {
    }

    /** Runs {@code args} on the process's standard streams and returns the exit status. */
    public static int run(String[] args) {
        Charset cs = stdoutCharset();
        PrintStream out = new PrintStream(new TerminalSafeOutputStream(new FileOutputStream(FileDescriptor.out)),
                true, cs);
        PrintStream err = new PrintStream(new TerminalSafeOutputStream(new FileOutputStream(FileDescriptor.err)),
                true, cs);
        System.setOut(out);
        System.setErr(err);
        return run(args, out, err);
    }

    /** Runs {@code args} with {@code out} and {@code err} as the command line's streams. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        String name = commandName(args);
        try {
            CommandLine.IFactory defaults = CommandLine.defaultFactory();
            CommandLine cl = ParallaxCommand.commandLine(new CommandLine.IFactory() {
                @Override
                @SuppressWarnings("unchecked")
                public <K> K create(Class<K> cls) throws Exception {
                    // the commands that print through streams given to them get these ones
                    if (cls == ReportCommand.class) {
                        return (K) new ReportCommand(out, err);
                    }
                    if (cls == AnalyzeCommand.class) {
                        return (K) new AnalyzeCommand(out, err, dev.parallax.analysis.Analyses.discover());
                    }
                    return defaults.create(cls);
                }
            });
            cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            cl.setExecutionExceptionHandler((ex, cmd, parsed) ->
                    report(ex, cmd.getCommandSpec().qualifiedName(" "), debug, err));
            return cl.execute(args);
        } catch (Throwable t) {
            // errors (not enough memory, stack overflow) pass picocli's handler
            return report(t, name, debug, err);
        }
    }

    /** Prints one line for a failure that escaped a command and returns its exit status. */
    static int report(Throwable t, String command, boolean debug, PrintStream err) {
        int status;
        String message;
        Throwable cause = t instanceof CommandLine.ExecutionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof OutOfMemoryError) {
            long max = Runtime.getRuntime().maxMemory() >> 20;
            message = "not enough memory (the Java heap is limited to " + max + " MB): give Java more, e.g. "
                    + "java -Xmx" + Math.max(2, (max * 4) >> 10) + "g -jar parallax.jar ..., or open fewer ranks";
            status = ExitStatus.INPUT;
        } else if (cause instanceof UncheckedIOException || cause instanceof java.io.IOException) {
            Throwable io = cause instanceof UncheckedIOException u ? u.getCause() : cause;
            message = io.getMessage() == null ? io.toString() : io.getMessage();
            status = ExitStatus.INPUT;
        } else if (cause instanceof StackOverflowError) {
            message = "the input is nested too deeply to process (stack overflow); run with -Xss16m for more stack";
            status = ExitStatus.INPUT;
        } else {
            message = "internal error: " + cause + (debug ? "" : " (run with --debug for the stack trace; "
                    + "please report it with the command and input)");
            status = ExitStatus.INTERNAL;
        }
        err.println(command + ": " + message);
        if (debug) {
            cause.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    private static String commandName(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return "parallax " + a.replaceAll("[^A-Za-z0-9_-]", "?");
            }
        }
        return "parallax";
    }

    private static Charset stdoutCharset() {
        String name = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
        try {
            return name != null ? Charset.forName(name) : Charset.defaultCharset();
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
