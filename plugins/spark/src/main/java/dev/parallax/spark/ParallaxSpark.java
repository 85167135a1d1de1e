package dev.parallax.spark;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line of Parallax on Spark: {@code java -jar parallax-spark.jar analyze --master local[*] ...}
 * (Spark embedded, from the jar's {@code lib/} folder) or
 * {@code spark-submit --class dev.parallax.spark.ParallaxSpark parallax-spark.jar analyze ...} on a cluster.
 */
@Command(name = "parallax-spark", mixinStandardHelpOptions = true, version = "parallax-spark 0.1",
        description = "Analyses the traces of many ranks as Spark tasks and writes one job result.",
        subcommands = {AnalyzeJobCommand.class})
public final class ParallaxSpark implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status. */
    public static int execute(String... args) {
        return new CommandLine(new ParallaxSpark()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
