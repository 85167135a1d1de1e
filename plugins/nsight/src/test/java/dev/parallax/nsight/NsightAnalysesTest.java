package dev.parallax.nsight;

import dev.parallax.analysis.Analyses;
import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.trace.RankSource;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The GPU analyses written for Kineto traces run unchanged on an Nsight export. Expected values computed
 * with Python's sqlite3 on h100_2gpu_1s.sqlite, per device: span = max(end) − min(start) over the kernel,
 * memcpy and memset rows; idle = span − |union of those intervals|; compute = sum(end − start) of kernels
 * (one stream per device, so the kernels never overlap): device 0: 969447605, 6557358, 22385163 ns;
 * device 1: 969258578, 6447873, 22444359 ns.
 */
class NsightAnalysesTest {
    @Test
    void temporalBreakdownMatchesTheExportsOwnNumbers() throws Exception {
        List<Trace> ranks = new NsightImporter().loadRanks(NsightImporterRealTraceTest.fixture("h100_2gpu_1s.sqlite"),
                Progress.none());
        List<TraceSet.Member> members = new ArrayList<>();
        for (int i = 0; i < ranks.size(); i++) {
            members.add(new TraceSet.Member(ranks.get(i), i, RankSource.LOAD_ORDER));
        }
        TraceSet set = new TraceSet("h100", members);
        Analysis breakdown = Analyses.discover().byId("breakdown").orElseThrow();
        Result r = breakdown.run(set, ParameterValues.defaults(), Progress.none());
        Table t = r.table("ranks");
        double[][] expected = {{969447.605, 6557.358, 22385.163}, {969258.578, 6447.873, 22444.359}};
        for (int row = 0; row < 2; row++) {
            assertThat(((Number) t.value(row, "span_us")).doubleValue()).isCloseTo(expected[row][0], within(1e-6));
            assertThat(((Number) t.value(row, "idle_us")).doubleValue()).isCloseTo(expected[row][1], within(1e-6));
            assertThat(((Number) t.value(row, "compute_us")).doubleValue()).isCloseTo(expected[row][2], within(1e-6));
        }
        // no NCCL in this export: the overlap analysis says so rather than failing
        Result overlap = Analyses.discover().byId("overlap").orElseThrow().run(set, ParameterValues.defaults(),
                Progress.none());
        assertThat(overlap.findings()).isNotEmpty();
    }
}
