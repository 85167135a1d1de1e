package dev.parallax.analysis.overlap;

import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.gpu.TestTraces;
import dev.parallax.trace.Severity;
import dev.parallax.trace.Trace;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CommComputeOverlapAnalysisTest {
    private final CommComputeOverlapAnalysis analysis = new CommComputeOverlapAnalysis();

    @Test
    void measuresHiddenAndExposedCommunicationPerRankAndCollective() {
        Trace t = new TestTraces("t")
                .kernel(7, "gemm", 0, 100)
                .kernel(7, "gemm", 150, 100)
                .kernel(9, "ncclKernel_AllReduce_RING_LL_Sum_float", 50, 150)
                .kernel(9, "ncclDevKernel_AllGather_RING_LL", 300, 40)
                .build();
        Result r = analysis.run(TestTraces.set(t), ParameterValues.defaults(), Progress.none());
        Table ranks = r.table("ranks");
        assertThat(ranks.value(0, "communication_us")).isEqualTo(0.19);
        assertThat(ranks.value(0, "hidden_us")).isEqualTo(0.1);
        assertThat(ranks.value(0, "exposed_us")).isEqualTo(0.09);
        assertThat((Double) ranks.value(0, "overlap_pct")).isCloseTo(100.0 * 100 / 190, within(1e-9));
        assertThat(ranks.value(0, "communication_events")).isEqualTo(2L);
        Table coll = r.table("collectives");
        assertThat(coll.rows()).hasSize(2);
        assertThat(coll.value(0, "collective")).isEqualTo("all_reduce");
        assertThat(coll.value(0, "hidden_us")).isEqualTo(0.1);
        assertThat(coll.value(1, "collective")).isEqualTo("all_gather");
        assertThat(coll.value(1, "overlap_pct")).isEqualTo(0.0);
        assertThat(r.metrics().get("overlap_pct")).isEqualTo(100.0 * 100 / 190);
        // lanes: compute, communication, exposed communication
        assertThat(r.overlays().get(0).lanes()).extracting(l -> l.label())
                .containsExactly("compute", "communication", "exposed communication");
        assertThat(r.overlays().get(0).lanes().get(2).starts()).containsExactly(100, 300);
        // 52.6 % hidden: above the default 50 % threshold, below a stricter 60 %
        assertThat(r.findings()).noneMatch(f -> f.code().equals(CommComputeOverlapAnalysis.LOW_OVERLAP));
        Result strict = analysis.run(TestTraces.set(t), ParameterValues.parse(analysis.parameters(),
                java.util.Map.of("low_overlap_pct", "60")), Progress.none());
        // 90 ns exposed: 26 % of the 340 ns span, far above the 5 % minimum: a warning with the exposed time as gain
        assertThat(strict.findings()).anyMatch(f -> f.code().equals(CommComputeOverlapAnalysis.LOW_OVERLAP)
                && f.severity() == Severity.WARNING && f.gainNs() == 90 && f.location().start() == 50);
    }

    @Test
    void aTraceWithoutCommunicationSaysSoWithNullMetrics() {
        Trace t = new TestTraces("t").kernel(7, "gemm", 0, 100).build();
        Result r = analysis.run(TestTraces.set(t), ParameterValues.defaults(), Progress.none());
        assertThat(r.table("ranks").value(0, "overlap_pct")).isNull();
        assertThat(r.metrics().get("overlap_pct")).isNull();
        assertThat(r.findings()).anyMatch(f -> f.summary().equals("Rank 0: no communication kernels"));
    }

    @Test
    void flagsTheRankWhoseExposedCommunicationStandsOut() {
        Trace[] ranks = new Trace[6];
        for (int i = 0; i < ranks.length; i++) {
            long exposed = i == 4 ? 5000 : 1000 + 20 * i;
            ranks[i] = new TestTraces("r" + i).kernel(7, "gemm", 0, 10_000)
                    .kernel(9, "ncclKernel_AllReduce", 9000, 1000 + exposed).build();
        }
        Result r = analysis.run(TestTraces.set(ranks), ParameterValues.defaults(), Progress.none());
        assertThat(r.findings()).filteredOn(f -> f.summary().contains("exposed communication"))
                .singleElement().satisfies(f -> assertThat(f.location().rank()).isEqualTo(4));
    }

    @RepeatedTest(15)
    void matchesANaiveReference(RepetitionInfo info) {
        Random rnd = new Random(99L + info.getCurrentRepetition());
        int horizon = 2000;
        boolean[] comm = new boolean[horizon];
        boolean[] comp = new boolean[horizon];
        TestTraces b = new TestTraces("rnd");
        b.kernel(1, "ncclKernel_SendRecv", 0, 1);
        comm[0] = true;
        for (int i = 0; i < 30; i++) {
            boolean isComm = rnd.nextBoolean();
            int s = rnd.nextInt(horizon - 100);
            int d = rnd.nextInt(100);
            b.kernel(1 + rnd.nextInt(4), isComm ? "ncclKernel_SendRecv" : "gemm", s, d);
            for (int x = s; x < s + d; x++) {
                (isComm ? comm : comp)[x] = true;
            }
        }
        long c = 0;
        long h = 0;
        for (int x = 0; x < horizon; x++) {
            c += comm[x] ? 1 : 0;
            h += comm[x] && comp[x] ? 1 : 0;
        }
        Table t = analysis.run(TestTraces.set(b.build()), ParameterValues.defaults(), Progress.none()).table("ranks");
        assertThat(t.value(0, "communication_us")).isEqualTo(c / 1000.0);
        assertThat(t.value(0, "hidden_us")).isEqualTo(h / 1000.0);
        assertThat(t.value(0, "exposed_us")).isEqualTo((c - h) / 1000.0);
    }
}
