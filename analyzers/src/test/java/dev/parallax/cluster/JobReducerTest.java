package dev.parallax.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class JobReducerTest {
    private static final JobReducer.JobInfo INFO = new JobReducer.JobInfo("job", "single JVM", List.of("breakdown"),
            Map.of(), 1_000_000);

    /** Rank r: step time 100 µs (rank 5: 200), idle 10 + r %, arrives at each all-reduce r µs late (rank 5: 50). */
    private static List<RankRecord> ranks(int n) {
        List<RankRecord> out = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            double step = r == 5 ? 200 : 100;
            List<StepFigures> steps = List.of(new StepFigures("ProfilerStep#2", step, 10 + r),
                    new StepFigures("ProfilerStep#10", step + 1, 10 + r));
            List<CollectiveArrival> coll = new ArrayList<>();
            for (int seq = 0; seq < 4; seq++) {
                long late = r == 5 ? 50_000 : r * 1_000L;
                coll.add(new CollectiveArrival("0", "all_reduce", seq, 1_000_000L * seq + late, 10_000));
            }
            out.add(new RankRecord(r, "file_name", "/t/rank-" + r + ".json", "node-" + r / 4, r % 2, 100, 1, 1, null,
                    List.of(), Map.of("steps.median_us", step + 0.5, "breakdown.idle_pct", 10.0 + r), steps, coll,
                    Map.of(), List.of()));
        }
        return out;
    }

    @Test
    void distributionsUseLinearInterpolation() {
        JobResult job = JobReducer.reduce(INFO, ranks(8));
        Distribution idle = job.distribution("breakdown.idle_pct");
        // values 10..17: p50 = 13.5, p90 = 10 + 0.9·7 = 16.3, p99 = 10 + 0.99·7 = 16.93
        assertThat(idle.count()).isEqualTo(8);
        assertThat(idle.min()).isEqualTo(10);
        assertThat(idle.p50()).isEqualTo(13.5);
        assertThat(idle.p90()).isCloseTo(16.3, within(1e-12));
        assertThat(idle.p99()).isCloseTo(16.93, within(1e-12));
        assertThat(idle.max()).isEqualTo(17);
        assertThat(idle.mean()).isEqualTo(13.5);
        assertThat(idle.minRank()).isZero();
        assertThat(idle.maxRank()).isEqualTo(7);
    }

    @Test
    void slowRankIsAStragglerAndArrivesLast() {
        JobResult job = JobReducer.reduce(INFO, ranks(8));
        assertThat(job.stragglers()).extracting(Straggler::rank, Straggler::metric)
                .contains(org.assertj.core.groups.Tuple.tuple(5, "steps.median_us"),
                        org.assertj.core.groups.Tuple.tuple(5, "collectives.last_arrivals"));
        Straggler s = job.stragglers().get(0);
        assertThat(s.value()).isEqualTo(200.5);
        assertThat(s.median()).isEqualTo(100.5);
        assertThat(s.robustZ()).isInfinite();
        CollectiveSkew skew = job.collectiveSkew().get(0);
        assertThat(skew.group()).isEqualTo("0");
        assertThat(skew.type()).isEqualTo("all_reduce");
        assertThat(skew.instances()).isEqualTo(4);
        assertThat(skew.ranks()).isEqualTo(8);
        assertThat(skew.p50SpreadUs()).isEqualTo(50.0);
        assertThat(skew.maxSpreadUs()).isEqualTo(50.0);
        assertThat(skew.lastArrivers()).containsExactly(new CollectiveSkew.RankCount(5, 4));
        assertThat(job.rank(5).metric("collectives.last_arrivals")).isEqualTo(4);
        assertThat(job.rank(0).collectives()).isEmpty();
    }

    @Test
    void heatmapOrdersStepsByNumberAndGroupsByNodeAndStage() {
        JobResult job = JobReducer.reduce(INFO, ranks(8));
        Heatmap h = job.heatmap();
        assertThat(h.steps()).containsExactly("ProfilerStep#2", "ProfilerStep#10");
        assertThat(h.ranks()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(h.stepTimeUs().get(5)).containsExactly(200.0, 201.0);
        assertThat(h.idlePct().get(3)).containsExactly(13.0, 13.0);
        assertThat(job.byNode()).extracting(GroupSummary::key).containsExactly("node-0", "node-1");
        GroupSummary n1 = job.byNode().get(1);
        assertThat(n1.ranks()).isEqualTo(4);
        assertThat(n1.slowestRank()).isEqualTo(5);
        assertThat(n1.stepMaxUs()).isEqualTo(200.5);
        assertThat(n1.stepP50Us()).isEqualTo(100.5);
        assertThat(n1.stragglers()).isEqualTo(1);
        assertThat(job.byStage()).extracting(GroupSummary::key).containsExactly("stage 0", "stage 1");
    }

    @Test
    void clusterPreReductionGivesTheSameSkewInAnyOrder() {
        List<RankRecord> rs = ranks(8);
        InstanceArrivals a = null;
        for (int i = rs.size() - 1; i >= 0; i--) {
            InstanceArrivals one = InstanceArrivals.of(rs.get(i).rank(), rs.get(i).collectives().get(0));
            a = a == null ? one : one.merge(a);
        }
        assertThat(a.ranks()).isEqualTo(8);
        assertThat(a.lastRank()).isEqualTo(5);
        assertThat(a.spreadNs()).isEqualTo(50_000);
        // a tie on the last start goes to the lower rank, whichever side it comes from
        CollectiveArrival x = new CollectiveArrival("g", "all_gather", 0, 7, 1);
        assertThat(InstanceArrivals.of(9, x).merge(InstanceArrivals.of(3, x)).lastRank()).isEqualTo(3);
        assertThat(InstanceArrivals.of(3, x).merge(InstanceArrivals.of(9, x)).lastRank()).isEqualTo(3);
    }

    @Test
    void failedRanksBecomeDiagnosticsAndDuplicatesAreNamed(@TempDir Path dir) throws Exception {
        List<RankRecord> rs = new ArrayList<>(ranks(3));
        rs.add(RankRecord.failed(3, "file_name", "/t/rank-3.json", "unknown", 12, "/t/rank-3.json: binary"));
        rs.add(rs.get(0).withoutCollectives());
        JobResult job = JobReducer.reduce(INFO, rs);
        assertThat(job.failedRanks()).extracting(RankRecord::rank).containsExactly(3);
        assertThat(job.diagnostics()).anyMatch(d -> d.startsWith("rank 3 (/t/rank-3.json)"))
                .anyMatch(d -> d.contains("rank 0 is claimed by both"));
        assertThat(job.distribution("breakdown.idle_pct").count()).isEqualTo(4);

        Path file = dir.resolve("job.parallax.json");
        JobResultJson.write(job, file);
        assertThat(JobResultJson.looksLike(file)).isTrue();
        assertThat(Files.readString(file)).contains("\"p50_spread_us\"", "\"last_arrivers\"");
        JobResult back = JobResultJson.read(file);
        assertThat(back).isEqualTo(job);
    }

    @Test
    void sectionsRenderEveryReductionAsAResult() {
        List<dev.parallax.analysis.Result> sections = JobSections.of(JobReducer.reduce(INFO, ranks(8)));
        assertThat(sections).extracting(dev.parallax.analysis.Result::analysisId).containsExactly("job-overview",
                "job-distributions", "job-stragglers", "job-steps", "job-collective-skew", "job-nodes", "job-stages",
                "job-unreadable");
        dev.parallax.analysis.Result overview = sections.get(0);
        assertThat(overview.metric("ranks").value()).isEqualTo(8);
        assertThat(overview.findings()).extracting(dev.parallax.analysis.Finding::code)
                .contains("job-straggler", "job-late-arriver");
        dev.parallax.analysis.Table steps = sections.get(3).table("steps");
        assertThat(steps.value(0, "step")).isEqualTo("ProfilerStep#2");
        assertThat(steps.value(0, "p50_us")).isEqualTo(100.0);
        assertThat(steps.value(0, "max_us")).isEqualTo(200.0);
        assertThat(steps.value(0, "slowest_rank")).isEqualTo(5);
        assertThat(sections.get(7).applies()).isFalse();
    }

    @Test
    void otherJsonIsNotAJobResult(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.json");
        Files.writeString(f, "{\"traceEvents\": []}");
        assertThat(JobResultJson.looksLike(f)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobResultJson.read(f))
                .hasMessageContaining("t.json: not a job result");
    }

    @Test
    void nodeMapTakesRangesAndNamesBadEntries() {
        assertThat(JobOptions.parseNodeMap("0-2=a, 3=b")).isEqualTo(Map.of(0, "a", 1, "a", 2, "a", 3, "b"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobOptions.parseNodeMap("x=a"))
                .hasMessageContaining("'x=a'");
    }
}
