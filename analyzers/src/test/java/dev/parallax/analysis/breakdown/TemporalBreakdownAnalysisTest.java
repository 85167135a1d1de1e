package dev.parallax.analysis.breakdown;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.parallax.analysis.Analyses;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.ResultJson;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.gpu.TestTraces;
import dev.parallax.trace.Severity;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TemporalBreakdownAnalysisTest {
    private final TemporalBreakdownAnalysis analysis = new TemporalBreakdownAnalysis();

    static Trace sample() {
        return new TestTraces("sample")
                .kernel(7, "gemm", 0, 100)
                .kernel(7, "gemm", 150, 100)
                .kernel(9, "ncclKernel_AllReduce_RING_LL_Sum_float", 50, 150)
                .event(11, "Memcpy HtoD (Pageable -> Device)", "gpu_memcpy", 300, 20, 0)
                .gpuAnnotation(7, "forward", 0, 400)
                .build();
    }

    @Test
    void breaksASmallTraceDownExactly() {
        Result r = analysis.run(TestTraces.set(sample()), ParameterValues.defaults(), Progress.none());
        Table t = r.table("ranks");
        assertThat(t.rows()).hasSize(1);
        assertThat(t.value(0, "span_us")).isEqualTo(0.320);
        assertThat(t.value(0, "idle_us")).isEqualTo(0.050);
        assertThat(t.value(0, "compute_us")).isEqualTo(0.200);
        assertThat(t.value(0, "non_compute_us")).isEqualTo(0.070);
        assertThat((Double) t.value(0, "idle_pct")).isCloseTo(100.0 * 50 / 320, within(1e-9));
        assertThat(t.value(0, "communication_us")).isEqualTo(0.150);
        assertThat(t.value(0, "memory_us")).isEqualTo(0.020);
        assertThat(t.value(0, "device_events")).isEqualTo(4L);
        assertThat(t.location(0).start()).isEqualTo(0);
        assertThat(t.location(0).end()).isEqualTo(320);
        assertThat(r.chart("breakdown_per_rank").series()).hasSize(3);
        assertThat(r.overlays().get(0).lanes().get(0).starts()).containsExactly(250);
    }

    @Test
    void reportsPerProfilerStepByLaunch() {
        Trace t = new TestTraces("steps")
                .step("ProfilerStep#1", 0, 1000)
                .step("ProfilerStep#2", 1000, 1000)
                .kernel(7, "gemm", 100, 300, 10)
                .kernel(7, "gemm", 600, 200, 20)
                .kernel(7, "gemm", 1200, 100, 1100)
                .kernel(7, "gemm", 1500, 100, 1150)
                .build();
        Result r = analysis.run(TestTraces.set(t), ParameterValues.defaults(), Progress.none());
        Table s = r.table("steps");
        assertThat(s.rows()).hasSize(2);
        assertThat(s.value(0, "step")).isEqualTo("ProfilerStep#1");
        assertThat(s.value(0, "span_us")).isEqualTo(0.7);
        assertThat(s.value(0, "idle_us")).isEqualTo(0.2);
        assertThat(s.value(1, "span_us")).isEqualTo(0.4);
        assertThat(s.value(1, "idle_us")).isEqualTo(0.2);
        assertThat(s.value(1, "device_events")).isEqualTo(2L);
    }

    @Test
    void aRankWithoutGpuEventsGetsAFindingAndNullMetricsNotNaN() throws Exception {
        Trace cpuOnly = new TestTraces("cpu").step("ProfilerStep#1", 0, 100).build();
        Result r = analysis.run(TestTraces.set(sample(), cpuOnly), ParameterValues.defaults(), Progress.none());
        Table t = r.table("ranks");
        assertThat(t.value(1, "span_us")).isNull();
        assertThat(t.value(1, "idle_pct")).isNull();
        assertThat(r.findings()).anyMatch(f -> f.severity() == Severity.WARNING
                && f.summary().contains("Rank 1: no GPU events") && f.location().rank() == 1);
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            ResultJson.write(r, g);
        }
        assertThat(w.toString()).doesNotContain("NaN").contains("\"span_us\":null");
    }

    @Test
    void flagsAStragglerWhoseIdleShareStandsOut() {
        Trace[] ranks = new Trace[5];
        for (int i = 0; i < 5; i++) {
            long gap = i == 3 ? 900 : 100 + 10 * i;
            ranks[i] = new TestTraces("r" + i).kernel(7, "gemm", 0, 1000).kernel(7, "gemm", 1000 + gap, 1000).build();
        }
        Result r = analysis.run(TestTraces.set(ranks), ParameterValues.defaults(), Progress.none());
        assertThat(r.findings()).filteredOn(f -> f.summary().contains("straggler")).singleElement()
                .satisfies(f -> assertThat(f.location().rank()).isEqualTo(3));
        assertThat(r.metrics().get("max_idle_rank")).isEqualTo(3);
    }

    @Test
    void isRegisteredWithTheServiceLoader() {
        assertThat(Analyses.discover().ids()).contains("breakdown", "idle", "kernels", "overlap");
    }

    @Test
    void saysWhereTheDefaultRulesDifferFromHta() {
        Trace t = new TestTraces("deepep").kernel(7, "gemm", 0, 100_000)
                .kernel(9, "void deep_ep::intranode::dispatch<8>(int4*)", 50_000, 100_000)
                .kernel(9, "gemm", 200_000, 500_000).kernel(7, "tiny", 800_000, 500)
                .build();
        Result r = analysis.run(TestTraces.set(t), ParameterValues.defaults(), Progress.none());
        assertThat(r.findings()).anyMatch(f -> f.severity() == Severity.INFO
                && f.summary().contains("HTA would count as computation") && f.explanation().contains("deep_ep"));
        assertThat(r.findings()).anyMatch(f -> f.summary().contains("shorter than 1 µs"));
        Result hta = analysis.run(TestTraces.set(t), ParameterValues.parse(analysis.parameters(),
                Map.of("preset", "hta")), Progress.none());
        assertThat(hta.findings()).extracting(Finding::summary).anyMatch(s -> s.startsWith("Rules 'hta'"));
        // under HTA's rules the DeepEP kernel counts as compute: compute covers [0, 150) ∪ [200, 700) ∪ tiny
        assertThat(hta.table("ranks").value(0, "compute_us")).isEqualTo(650.5);
        assertThat(r.table("ranks").value(0, "compute_us")).isEqualTo(600.5);
    }

    /** Naive reference: a boolean per nanosecond. */
    @RepeatedTest(20)
    void matchesANaivePerNanosecondReference(org.junit.jupiter.api.RepetitionInfo info) {
        Random rnd = new Random(1234L + info.getCurrentRepetition());
        int horizon = 3000;
        boolean[] busy = new boolean[horizon];
        boolean[] comp = new boolean[horizon];
        TestTraces b = new TestTraces("rnd");
        String[] names = {"gemm", "ncclKernel_AllGather", "Memset (Device)"};
        int n = 1 + rnd.nextInt(40);
        for (int i = 0; i < n; i++) {
            long stream = 1 + rnd.nextInt(3);
            int kind = rnd.nextInt(3);
            int s = rnd.nextInt(horizon - 200);
            int d = rnd.nextInt(200);
            b.event(stream, names[kind], kind == 2 ? "gpu_memset" : "kernel", s, d, 0);
            for (int x = s; x < s + d; x++) {
                busy[x] = true;
                if (kind == 0) {
                    comp[x] = true;
                }
            }
        }
        int first = -1;
        int last = -1;
        long busyN = 0;
        long compN = 0;
        for (int x = 0; x < horizon; x++) {
            if (busy[x]) {
                first = first < 0 ? x : first;
                last = x + 1;
                busyN++;
            }
            compN += comp[x] ? 1 : 0;
        }
        TraceSet set = TestTraces.set(b.build());
        Table t = analysis.run(set, ParameterValues.defaults(), Progress.none()).table("ranks");
        if (first < 0) {
            assertThat(t.value(0, "span_us")).isNull();
            return;
        }
        long span = last - first;
        assertThat(t.value(0, "span_us")).isEqualTo(span / 1000.0);
        assertThat(t.value(0, "idle_us")).isEqualTo((span - busyN) / 1000.0);
        assertThat(t.value(0, "compute_us")).isEqualTo(compN / 1000.0);
        assertThat(t.value(0, "non_compute_us")).isEqualTo((busyN - compN) / 1000.0);
    }
}
