package dev.parallax.cluster;

import dev.parallax.analysis.Analyses;
import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.samples.training.TrainingOptions;
import dev.parallax.samples.training.TrainingTraceGenerator;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RankAnalyzerTest {
    @TempDir
    static Path dir;
    static final int RANKS = 4;
    static final List<String> IDS = List.of("breakdown", "idle", "kernels", "overlap", "bubbles");

    @BeforeAll
    static void generate() throws Exception {
        TrainingOptions o = new TrainingOptions();
        o.ranks = RANKS;
        o.steps = 3;
        o.layers = 2;
        new TrainingTraceGenerator(o).generate(dir, "ddp");
    }

    private static List<Path> rankFiles() {
        List<Path> out = new ArrayList<>();
        for (int r = 0; r < RANKS; r++) {
            out.add(dir.resolve(TrainingTraceGenerator.rankFileName(r, false)));
        }
        return out;
    }

    /** Every per-rank figure equals the rank's row of the same analysis run on the whole job in one JVM. */
    @Test
    void perRankFiguresEqualTheWholeJobRun() throws Exception {
        RankAnalyzer analyzer = RankAnalyzer.withDefaults(JobOptions.of(IDS));
        List<RankRecord> records = new ArrayList<>();
        List<Path> files = rankFiles();
        for (int i = 0; i < files.size(); i++) {
            records.add(analyzer.analyzeFile(files.get(i), files.get(i).toString(), i));
        }
        TraceSet whole = TraceSetLoader.withDefaults().load(List.of(dir), Progress.none()).traceSet();
        Analyses registry = Analyses.discover();
        int compared = 0;
        for (String id : List.of("breakdown", "idle", "overlap")) {
            Analysis a = registry.byId(id).orElseThrow();
            Result r = a.run(whole, ParameterValues.defaults(), Progress.none());
            Table t = r.table("ranks");
            for (int row = 0; row < t.rows().size(); row++) {
                int rank = ((Number) t.value(row, "rank")).intValue();
                RankRecord rec = records.get(rank);
                assertThat(rec.rank()).isEqualTo(rank);
                for (Table.Column c : t.columns()) {
                    Object v = t.value(row, c.key());
                    if (!c.key().equals("rank") && v instanceof Number n) {
                        assertThat(rec.metric(id + "." + c.key())).as(id + "." + c.key() + " of rank " + rank)
                                .isEqualTo(n.doubleValue());
                        compared++;
                    }
                }
            }
            if (id.equals("breakdown")) {
                Table steps = r.table("steps");
                for (int row = 0; row < steps.rows().size(); row++) {
                    int rank = ((Number) steps.value(row, "rank")).intValue();
                    String step = String.valueOf(steps.value(row, "step"));
                    StepFigures f = records.get(rank).steps().stream().filter(s -> s.step().equals(step))
                            .findFirst().orElseThrow();
                    assertThat(f.spanUs()).isEqualTo(((Number) steps.value(row, "span_us")).doubleValue());
                    assertThat(f.idlePct()).isEqualTo(((Number) steps.value(row, "idle_pct")).doubleValue());
                }
            }
        }
        assertThat(compared).isGreaterThan(RANKS * 15);
        for (RankRecord r : records) {
            assertThat(r.ok()).isTrue();
            assertThat(r.rankSource()).isEqualTo("distributed_info");
            assertThat(r.steps()).hasSize(3);
        }
        // every rank runs the same all-reduces of the world group: they match one to one across ranks
        long perRank = records.get(0).collectives().size();
        assertThat(perRank).isPositive();
        assertThat(records).allMatch(r -> r.collectives().size() == perRank);
        JobResult job = JobReducer.reduce(new JobReducer.JobInfo("ddp", "single JVM", IDS, Map.of(), 0), records);
        assertThat(job.collectiveSkew()).isNotEmpty();
        assertThat(job.collectiveSkew().get(0).ranks()).isEqualTo(RANKS);
        assertThat(job.collectiveSkew().stream().mapToInt(CollectiveSkew::instances).sum()).isEqualTo((int) perRank);
        assertThat(job.heatmap().ranks()).containsExactly(0, 1, 2, 3);
        assertThat(job.heatmap().steps()).containsExactly("ProfilerStep#10", "ProfilerStep#11", "ProfilerStep#12");
    }

    @Test
    void unreadableFileBecomesAnErrorRecord() throws Exception {
        Path bin = dir.resolve("rank-7.bin");
        Files.write(bin, new byte[]{0, 1, 2, (byte) 0xff, 0x7f, 0, 0, 9});
        RankRecord r = RankAnalyzer.withDefaults(JobOptions.of(List.of("breakdown"))).analyzeFile(bin,
                "hdfs://nn/job/rank-7.bin", 3);
        assertThat(r.ok()).isFalse();
        assertThat(r.rank()).isEqualTo(7);
        assertThat(r.rankSource()).isEqualTo("file_name");
        assertThat(r.error()).contains("hdfs://nn/job/rank-7.bin").doesNotContain(dir.toString());
    }
}
