package dev.parallax.analysis.idle;

import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.gpu.TestTraces;
import dev.parallax.trace.Trace;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IdleTimeAnalysisTest {
    private final IdleTimeAnalysis analysis = new IdleTimeAnalysis();

    /** Stream 7: gaps of 10 µs (launched early: kernel wait), 50 µs (launched after the previous end: host
     *  wait) and 80 µs (launched early but long: other). Stream 9: a single kernel, no gap. */
    static Trace sample() {
        return new TestTraces("idle")
                .kernel(7, "a", 0, 100_000, 0)
                .kernel(7, "b", 110_000, 100_000, 50_000)
                .kernel(7, "c", 260_000, 40_000, 230_000)
                .kernel(7, "d", 380_000, 20_000, 100_000)
                .kernel(9, "e", 50_000, 500_000, 0)
                .build();
    }

    @Test
    void splitsGapsIntoHostWaitKernelWaitAndOther() {
        Result r = analysis.run(TestTraces.set(sample()), ParameterValues.defaults(), Progress.none());
        Table s = r.table("streams");
        assertThat(s.rows()).hasSize(2);
        assertThat(s.value(0, "stream")).isEqualTo("7");
        assertThat(s.value(0, "kernel_wait_us")).isEqualTo(10.0);
        assertThat(s.value(0, "host_wait_us")).isEqualTo(50.0);
        assertThat(s.value(0, "other_us")).isEqualTo(80.0);
        assertThat(s.value(0, "idle_us")).isEqualTo(140.0);
        assertThat(s.value(1, "idle_us")).isEqualTo(0.0);
        assertThat(s.value(1, "host_wait_pct")).isNull();
        Table ranks = r.table("ranks");
        assertThat(ranks.value(0, "idle_us")).isEqualTo(140.0);
        assertThat(ranks.value(0, "streams")).isEqualTo(2);
        assertThat(r.chart("idle_per_stream").categories()).containsExactly("r0 s7", "r0 s9");
        // the rank's idle time sums its streams, so it can exceed the span: the label says so
        assertThat(r.metric("median_idle_us").value()).isEqualTo(140.0);
        assertThat(r.metric("median_idle_us").label()).contains("sum over its streams");
    }

    @Test
    void theKernelWaitThresholdIsAParameter() {
        ParameterValues p = ParameterValues.parse(analysis.parameters(), Map.of("kernel_wait_threshold_us", "100"));
        Table s = analysis.run(TestTraces.set(sample()), p, Progress.none()).table("streams");
        assertThat(s.value(0, "kernel_wait_us")).isEqualTo(90.0);
        assertThat(s.value(0, "other_us")).isEqualTo(0.0);
        assertThat(s.value(0, "host_wait_us")).isEqualTo(50.0);
    }

    @Test
    void reportsAHostBoundRank() {
        Trace t = new TestTraces("host").kernel(7, "a", 0, 10_000, 0).kernel(7, "b", 100_000, 10_000, 90_000)
                .kernel(7, "c", 200_000, 10_000, 190_000).build();
        Result r = analysis.run(TestTraces.set(t), ParameterValues.defaults(), Progress.none());
        assertThat(r.findings()).anyMatch(f -> f.code().equals(IdleTimeAnalysis.HOST_BOUND)
                && f.gainNs() == 180_000 && f.severity() == dev.parallax.trace.Severity.WARNING
                && f.explanation().contains("for 180 µs in total"));
        assertThat(r.table("ranks").value(0, "host_wait_pct")).isEqualTo(100.0);
    }

    @Test
    void theSameFindingOnSeveralRanksIsReportedOnceWithEachRankInTheDetails() {
        Trace[] ranks = new Trace[3];
        for (int i = 0; i < 3; i++) {
            ranks[i] = new TestTraces("host" + i).kernel(7, "a", 0, 10_000, 0).kernel(7, "b", 100_000, 10_000, 90_000)
                    .kernel(7, "c", 200_000, 10_000, 190_000).build();
        }
        Result r = analysis.run(TestTraces.set(ranks), ParameterValues.defaults(), Progress.none());
        assertThat(r.findings().stream().filter(f -> f.code().equals(IdleTimeAnalysis.HOST_BOUND)))
                .singleElement().satisfies(f -> {
                    assertThat(f.summary()).startsWith("ranks 0–2: ");
                    assertThat(f.details()).hasSize(3);
                    assertThat(f.gainNs()).isEqualTo(180_000);
                });
    }
}
