package dev.parallax.spark;

import dev.parallax.analysis.Analyses;
import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.gpu.GpuAnalysis;
import dev.parallax.analysis.gpu.ProfileCache;
import dev.parallax.cluster.JobOptions;
import dev.parallax.cluster.JobResult;
import dev.parallax.cluster.JobResultJson;
import dev.parallax.cluster.RankRecord;
import dev.parallax.cluster.StepFigures;
import dev.parallax.samples.training.TrainingOptions;
import dev.parallax.samples.training.TrainingTraceGenerator;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.Progress;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The job on Spark local[2]: 24 generated ranks, a truncated rank and a binary rank. */
class SparkJobTest {
    static final int RANKS = 24;
    static final List<String> IDS = List.of("breakdown", "idle", "kernels", "overlap", "bubbles");

    @TempDir
    static Path dir;
    static SparkSession spark;
    static JobResult job;
    static String progress;

    @BeforeAll
    static void runJob() throws Exception {
        TrainingOptions o = new TrainingOptions();
        o.ranks = RANKS;
        o.steps = 2;
        o.layers = 1;
        new TrainingTraceGenerator(o).generate(dir, "ddp");
        spark = SparkSession.builder().master("local[2]").appName("parallax-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            job = SparkJob.run(spark, List.of(dir.toString()), JobOptions.of(IDS), ps);
        }
        progress = err.toString(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Every rank's figures are bit-equal to the rank's rows of the same analyses run on the whole job in one JVM. */
    @Test
    void everyRankMatchesTheSingleJvmRun() throws Exception {
        assertThat(job.ranks()).hasSize(RANKS);
        assertThat(job.failedRanks()).isEmpty();
        assertThat(job.diagnostics()).anyMatch(d -> d.startsWith("skipped ") && d.contains("ddp.expected.json"));
        TraceSet whole = TraceSetLoader.withDefaults().load(List.of(dir), Progress.none()).traceSet();
        Analyses registry = Analyses.discover();
        ProfileCache cache = new ProfileCache();
        int compared = 0;
        for (String id : List.of("breakdown", "idle", "overlap")) {
            GpuAnalysis a = (GpuAnalysis) registry.byId(id).orElseThrow();
            Result r = a.run(whole, ParameterValues.defaults(), Progress.none(), cache);
            Table t = r.table("ranks");
            assertThat(t.rows()).hasSize(RANKS);
            for (int row = 0; row < RANKS; row++) {
                RankRecord rec = job.rank(((Number) t.value(row, "rank")).intValue());
                for (Table.Column c : t.columns()) {
                    if (!c.key().equals("rank") && t.value(row, c.key()) instanceof Number n) {
                        assertThat(rec.metric(id + "." + c.key())).as("%s.%s rank %d", id, c.key(), rec.rank())
                                .isEqualTo(n.doubleValue());
                        compared++;
                    }
                }
            }
            if (id.equals("breakdown")) {
                Table steps = r.table("steps");
                for (int row = 0; row < steps.rows().size(); row++) {
                    RankRecord rec = job.rank(((Number) steps.value(row, "rank")).intValue());
                    String name = String.valueOf(steps.value(row, "step"));
                    StepFigures f = rec.steps().stream().filter(s -> s.step().equals(name)).findFirst().orElseThrow();
                    assertThat(f.spanUs()).isEqualTo(((Number) steps.value(row, "span_us")).doubleValue());
                }
            }
        }
        assertThat(compared).isGreaterThan(RANKS * 20);
        Analysis kernels = registry.byId("kernels").orElseThrow();
        assertThat(job.distributions()).extracting(d -> d.metric()).contains("breakdown.idle_pct", "steps.median_us",
                "overlap.exposed_us", "collectives.last_arrivals");
        assertThat(kernels.id()).isEqualTo("kernels");
    }

    @Test
    void reductionsCoverEveryRank() throws Exception {
        assertThat(job.heatmap().ranks()).hasSize(RANKS);
        assertThat(job.heatmap().steps()).containsExactly("ProfilerStep#10", "ProfilerStep#11");
        assertThat(job.collectiveSkew()).isNotEmpty();
        assertThat(job.collectiveSkew().get(0).ranks()).isEqualTo(RANKS);
        int lastTotal = job.ranks().stream().mapToInt(r -> (int) r.metric("collectives.last_arrivals")).sum();
        assertThat(lastTotal).isEqualTo(job.collectiveSkew().stream().mapToInt(c -> c.instances()).sum());
        assertThat(job.engine()).isEqualTo("spark local[2]");
        assertThat(progress).contains("25 files to analyse", "tasks done");
        Path out = dir.resolve("out").resolve("job.parallax.json");
        Files.createDirectories(out.getParent());
        JobResultJson.write(job, out);
        assertThat(JobResultJson.read(out)).isEqualTo(job);
    }

    /** A cut-off rank is analysed with a diagnostic; a binary rank is an error in the result; the job goes on. */
    @Test
    void truncatedAndBinaryRanksAreReportedNotFatal(@TempDir Path bad) throws Exception {
        for (int r = 0; r < 2; r++) {
            Files.copy(dir.resolve(TrainingTraceGenerator.rankFileName(r, false)),
                    bad.resolve(TrainingTraceGenerator.rankFileName(r, false)));
        }
        byte[] whole = Files.readAllBytes(dir.resolve(TrainingTraceGenerator.rankFileName(2, false)));
        Files.write(bad.resolve("rank-2.pt.trace.json"), Arrays.copyOf(whole, whole.length / 2));
        byte[] binary = new byte[4096];
        new java.util.Random(3).nextBytes(binary);
        Files.write(bad.resolve("rank-3.pt.trace.json"), binary);
        JobResult r = SparkJob.run(spark, List.of(bad + "/rank-*.json"), JobOptions.of(List.of("breakdown")), null);
        assertThat(r.ranks()).extracting(RankRecord::rank).containsExactly(0, 1, 2, 3);
        assertThat(r.failedRanks()).extracting(RankRecord::rank).containsExactly(3);
        assertThat(r.rank(3).error()).contains("rank-3.pt.trace.json");
        assertThat(r.rank(2).ok()).isTrue();
        assertThat(r.rank(2).diagnostics()).anyMatch(d -> d.contains("rank-2.pt.trace.json")
                && d.contains("file ends in the middle of the document"));
        assertThat(r.diagnostics()).anyMatch(d -> d.startsWith("rank 3 ("));
        assertThat(r.distribution("breakdown.idle_pct").count()).isEqualTo(3);
    }
}
