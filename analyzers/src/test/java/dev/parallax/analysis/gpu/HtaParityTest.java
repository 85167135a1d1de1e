package dev.parallax.analysis.gpu;

import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.breakdown.TemporalBreakdownAnalysis;
import dev.parallax.analysis.overlap.CommComputeOverlapAnalysis;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * With the {@code hta} preset, the numbers Holistic Trace Analysis 0.6.1 reports for the shared traces
 * (../shared/traces/README.md) are reproduced to ±1 µs and ±0.01 percentage points.
 */
class HtaParityTest {
    private static ParameterValues hta(Analysis a) {
        return ParameterValues.parse(a.parameters(), Map.of("preset", "hta"));
    }

    private static void assertBreakdown(Table t, int row, double span, double idle, double compute, double non,
                                        double idlePct, double computePct, double nonPct) {
        assertThat((Double) t.value(row, "span_us")).isCloseTo(span, within(1.0));
        assertThat((Double) t.value(row, "idle_us")).isCloseTo(idle, within(1.0));
        assertThat((Double) t.value(row, "compute_us")).isCloseTo(compute, within(1.0));
        assertThat((Double) t.value(row, "non_compute_us")).isCloseTo(non, within(1.0));
        assertThat((Double) t.value(row, "idle_pct")).isCloseTo(idlePct, within(0.01));
        assertThat((Double) t.value(row, "compute_pct")).isCloseTo(computePct, within(0.01));
        assertThat((Double) t.value(row, "non_compute_pct")).isCloseTo(nonPct, within(0.01));
    }

    @Test
    void traceFilterRanksZeroAndOne() throws IOException {
        Path dir = RealTraces.folder("hta/trace_filter");
        TraceSet set = RealTraces.set(dir.resolve("sampled_rank-0.json.gz"), dir.resolve("sampled_rank-1.json.gz"));
        ProfileCache cache = new ProfileCache();
        TemporalBreakdownAnalysis b = new TemporalBreakdownAnalysis();
        Table t = b.run(set, hta(b), Progress.none(), cache).table("ranks");
        assertThat(t.value(0, "rank")).isEqualTo(0);
        assertBreakdown(t, 0, 600058, 321378, 106252, 172428, 53.56, 17.71, 28.74);
        assertBreakdown(t, 1, 600674, 328671, 135548, 136455, 54.72, 22.57, 22.72);
        CommComputeOverlapAnalysis o = new CommComputeOverlapAnalysis();
        Result r = o.run(set, hta(o), Progress.none(), cache);
        assertThat((Double) r.table("ranks").value(0, "overlap_pct")).isCloseTo(11.81, within(0.01));
        assertThat((Double) r.table("ranks").value(1, "overlap_pct")).isCloseTo(20.05, within(0.01));
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void nanosecondResolutionTrace() throws IOException {
        Path dir = RealTraces.folder("hta/ns_resolution_trace");
        TraceSet set = RealTraces.set(dir.resolve("rank-0.Apr_03_18_51_38.1102.pt.trace.json.gz"));
        TemporalBreakdownAnalysis b = new TemporalBreakdownAnalysis();
        Result r = b.run(set, hta(b), Progress.none());
        assertBreakdown(r.table("ranks"), 0, 384634, 10113, 372150, 2371, 2.63, 96.75, 0.62);
        CommComputeOverlapAnalysis o = new CommComputeOverlapAnalysis();
        Result ov = o.run(set, hta(o), Progress.none());
        assertThat(ov.table("ranks").value(0, "overlap_pct")).isNull();
        assertThat(ov.findings()).anyMatch(f -> f.summary().equals("Rank 0: no communication kernels"));
    }
}
