package dev.parallax.spark;

import dev.parallax.analysis.Analyses;
import dev.parallax.cluster.Distribution;
import dev.parallax.cluster.JobOptions;
import dev.parallax.cluster.JobResult;
import dev.parallax.cluster.JobResultJson;
import dev.parallax.cluster.Straggler;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code analyze}: runs the job over the given files, folders or globs and writes the job result. Exit status
 * 0 when the job ran (ranks that could not be read are diagnostics in the result, never a failed job), 2 for a
 * usage error, 3 when no file was found or the result could not be written.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyse every rank file as a Spark task and reduce the results into one job result.")
final class AnalyzeJobCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH",
            description = "Rank files, folders or globs on any Hadoop file system (file://, hdfs://, s3a://).")
    List<String> paths = new ArrayList<>();

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (local[*], spark://host:7077, yarn, k8s://...); spark-submit's when omitted.")
    String master;

    @Option(names = {"-a", "--analysis"}, paramLabel = "ID",
            description = "Analysis to run on every rank (repeatable; default: breakdown, idle, kernels, overlap, "
                    + "bubbles and any roofline analysis installed).")
    List<String> analyses = new ArrayList<>();

    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", description = "Analysis parameter (repeatable).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--preset", paramLabel = "NAME", description = "Classification rules preset: parallax or hta.")
    String preset;

    @Option(names = "--node-map", paramLabel = "MAP",
            description = "Rank to node, e.g. 0-7=host-a,8-15=host-b (else the trace's hostname, else --ranks-per-node).")
    String nodeMap;

    @Option(names = "--ranks-per-node", paramLabel = "N", defaultValue = "0",
            description = "Ranks per node: rank r ran on node-(r / N) when nothing else names its node.")
    int ranksPerNode;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the job result here (JSON): a local path, or a URI on a Hadoop file system (hdfs://, s3a://).")
    String output;

    @Option(names = "--json", description = "Print the job result as JSON on stdout instead of a summary.")
    boolean json;

    private final PrintStream out;
    private final PrintStream err;

    AnalyzeJobCommand() {
        this(System.out, System.err);
    }

    AnalyzeJobCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Analyses registry = Analyses.discover();
        List<String> ids = analyses.isEmpty() ? JobOptions.defaultAnalyses(registry) : analyses;
        Map<String, String> p = new LinkedHashMap<>(params);
        if (preset != null) {
            p.put("preset", preset);
        }
        JobOptions options;
        try {
            options = new JobOptions(ids, p, nodeMap == null ? Map.of() : JobOptions.parseNodeMap(nodeMap),
                    ranksPerNode);
            dev.parallax.cluster.RankAnalyzer.withDefaults(options);
        } catch (IllegalArgumentException e) {
            err.println("parallax-spark analyze: " + e.getMessage());
            return 2;
        }
        SparkConf conf = new SparkConf().setAppName("parallax analyze");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            err.println("parallax-spark analyze: no --master given and none from spark-submit (try --master local[*])");
            return 2;
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        JobResult result;
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration(
                spark.sparkContext().hadoopConfiguration());
        try {
            spark.sparkContext().setLogLevel("WARN");
            result = SparkJob.run(spark, paths, options, err);
        } catch (IOException e) {
            err.println("parallax-spark analyze: " + e.getMessage());
            return 3;
        } finally {
            spark.stop();
        }
        if (result.ranks().isEmpty()) {
            result.diagnostics().forEach(d -> err.println("parallax-spark analyze: " + d));
            err.println("parallax-spark analyze: no trace file found in " + paths);
            return 3;
        }
        try {
            if (output != null) {
                write(result, output, hadoop);
                err.println("parallax-spark analyze: wrote " + output);
            }
            if (json) {
                JobResultJson.write(result, out);
                out.println();
            } else {
                summary(result);
            }
        } catch (IOException e) {
            err.println("parallax-spark analyze: cannot write " + output + ": " + e.getMessage());
            return 3;
        }
        return 0;
    }

    /** Writes a local file atomically, or a file on another Hadoop file system (committed when it closes). */
    static void write(JobResult result, String output, org.apache.hadoop.conf.Configuration hadoop) throws IOException {
        if (!output.matches("^[A-Za-z][A-Za-z0-9+.-]+://.*") || output.startsWith("file:")) {
            JobResultJson.write(result, output.startsWith("file:") ? Path.of(java.net.URI.create(output))
                    : Path.of(output));
            return;
        }
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(output);
        try (java.io.OutputStream out = p.getFileSystem(hadoop).create(p, true)) {
            JobResultJson.write(result, out);
        }
    }

    private void summary(JobResult r) {
        long failed = r.failedRanks().size();
        out.printf(Locale.ROOT, "Job: %s (%d ranks, %d unreadable) on %s in %.1f s%n", r.name(), r.ranks().size(),
                failed, r.engine(), r.wallNanos() / 1e9);
        for (String key : List.of("steps.median_us", "breakdown.idle_pct", "overlap.exposed_us",
                "collectives.last_arrivals")) {
            Distribution d = r.distribution(key);
            if (d != null) {
                out.printf(Locale.ROOT, "  %-28s min %.1f  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f (rank %d)%n", key,
                        d.min(), d.p50(), d.p90(), d.p99(), d.max(), d.maxRank());
            }
        }
        if (r.stragglers().isEmpty()) {
            out.println("  no stragglers");
        }
        for (Straggler s : r.stragglers()) {
            out.printf(Locale.ROOT, "  straggler: rank %d %s %.1f (median %.1f, robust z %.1f) on %s%n", s.rank(),
                    s.metric(), s.value(), s.median(), s.robustZ(), s.node());
        }
        r.collectiveSkew().stream().limit(5).forEach(c -> out.printf(Locale.ROOT,
                "  %s group %s: %d instances, arrival spread p50 %.1f us, max %.1f us, last most often: rank %s%n",
                c.type(), c.group(), c.instances(), c.p50SpreadUs(), c.maxSpreadUs(),
                c.lastArrivers().isEmpty() ? "-" : c.lastArrivers().get(0).rank() + " ("
                        + c.lastArrivers().get(0).count() + "×)"));
        for (String d : r.diagnostics()) {
            err.println("parallax-spark analyze: " + d);
        }
    }
}
