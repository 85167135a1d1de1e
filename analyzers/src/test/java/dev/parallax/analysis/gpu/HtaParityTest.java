package dev.parallax.analysis.gpu;

import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.breakdown.TemporalBreakdownAnalysis;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code hta} preset reproduces Holistic Trace Analysis's temporal breakdown (idle, compute and non-compute
 * time, µs) on HTA's own test traces. The MI250 trace: ROCm's default stream is 0, which HTA's last-step filter
 * keeps ({@code stream >= 0}), and its runtime calls carry {@code "stream": "0x0"}, which HTA does not read as a
 * device stream. MTIA's {@code dma_request} is memory, its other events computation. AlexNet's
 * {@code Stream Sync} and {@code Context Sync} keep the device busy but are not computation.
 */
class HtaParityTest {
    private final TemporalBreakdownAnalysis breakdown = new TemporalBreakdownAnalysis();

    @ParameterizedTest
    @CsvSource({
            // trace,                                    span,     idle,     compute, non-compute
            "hta/amd_trace/mi250_minitoy_train_ROCm6_2_kineto.json.gz,                           8911,     8780,     96,      35",
            "hta/mtia_inference_trace/mtia_inference_rank_0.json.gz,                             443275,   19204,    419646,  4425",
            "hta/critical_path/alexnet/benchmark_result_2869224_1695835535_trace.json.gz,       12996011, 12929684, 10637,   55690"})
    void temporalBreakdownMatchesHta(String file, double span, double idle, double compute, double nonCompute)
            throws IOException {
        TraceSet set = RealTraces.set(RealTraces.folder(file));
        Result r = breakdown.run(set, ParameterValues.parse(breakdown.parameters(), Map.of("preset", "hta")),
                Progress.none());
        assertThat(r.applies()).isTrue();
        Table ranks = r.table("ranks");
        assertThat(ranks.value(0, "span_us")).isEqualTo(span);
        assertThat(ranks.value(0, "idle_us")).isEqualTo(idle);
        assertThat(ranks.value(0, "compute_us")).isEqualTo(compute);
        assertThat(ranks.value(0, "non_compute_us")).isEqualTo(nonCompute);
        assertThat(r.findings()).noneMatch(f -> f.code().equals(GpuAnalysis.NO_GPU_EVENTS));
    }
}
