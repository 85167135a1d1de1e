package dev.parallax.analysis.kernels;

import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.gpu.TestTraces;
import dev.parallax.trace.Trace;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KernelBreakdownAnalysisTest {
    private final KernelBreakdownAnalysis analysis = new KernelBreakdownAnalysis();

    static Trace sample() {
        return new TestTraces("k")
                .kernel(7, "gemm", 0, 1000)
                .kernel(7, "gemm", 2000, 3000)
                .kernel(7, "gemm", 6000, 2000)
                .kernel(9, "ncclKernel_AllReduce_RING", 500, 2000)
                .event(11, "Memcpy DtoD (Device -> Device)", "gpu_memcpy", 2500, 1000, 0)
                .kernel(7, "relu", 9000, 500)
                .build();
    }

    @Test
    void aggregatesEachKernelNameOverItsLaunches() {
        Result r = analysis.run(TestTraces.set(sample()), ParameterValues.defaults(), Progress.none());
        Table k = r.table("kernels");
        assertThat(k.value(0, "name")).isEqualTo("gemm");
        assertThat(k.value(0, "count")).isEqualTo(3L);
        assertThat(k.value(0, "sum_us")).isEqualTo(6.0);
        assertThat(k.value(0, "mean_us")).isEqualTo(2.0);
        assertThat(k.value(0, "min_us")).isEqualTo(1.0);
        assertThat(k.value(0, "max_us")).isEqualTo(3.0);
        assertThat((Double) k.value(0, "std_us")).isCloseTo(1.0, within(1e-12)); // sample std of 1, 3, 2 µs
        assertThat((Double) k.value(0, "share_pct")).isCloseTo(100.0 * 6000 / 9500, within(1e-9));
        assertThat(k.value(0, "kernel_type")).isEqualTo("compute");
        assertThat(k.location(0).start()).isEqualTo(2000);
        assertThat(k.location(0).end()).isEqualTo(5000);
        assertThat(k.location(0).trackId()).isGreaterThanOrEqualTo(0);
        assertThat(r.chart("top_kernels").categories()).startsWith("gemm");
    }

    @Test
    void sumsTimePerTypeAndPerOverlapCombination() {
        Result r = analysis.run(TestTraces.set(sample()), ParameterValues.defaults(), Progress.none());
        Table types = r.table("kernel_types");
        assertThat(types.value(1, "kernel_type")).isEqualTo("communication");
        assertThat(types.value(1, "sum_us")).isEqualTo(2.0);
        Table c = r.table("overlap_combinations");
        Map<Object, Object> byCombination = new java.util.HashMap<>();
        for (int i = 0; i < c.rows().size(); i++) {
            byCombination.put(c.value(i, "combination"), c.value(i, "time_us"));
        }
        // compute [0,1000) [2000,5000) [6000,8000) [9000,9500); comm [500,2500); memory [2500,3500)
        assertThat(byCombination).containsEntry("compute", 4.5).containsEntry("communication", 1.0)
                .containsEntry("compute + communication", 1.0).containsEntry("compute + memory", 1.0)
                .doesNotContainKey("memory");
    }

    @Test
    void topNFoldsTheRestIntoOthers() {
        ParameterValues p = ParameterValues.parse(analysis.parameters(), Map.of("top_n", "1"));
        Table k = analysis.run(TestTraces.set(sample()), p, Progress.none()).table("kernels");
        assertThat(k.rows()).hasSize(2);
        assertThat((String) k.value(1, "name")).startsWith("(others: 3 names)");
        assertThat(k.value(1, "count")).isEqualTo(3L);
        assertThat(k.value(1, "sum_us")).isEqualTo(3.5);
        assertThat(k.value(1, "min_us")).isEqualTo(0.5);
        assertThat(k.value(1, "max_us")).isEqualTo(2.0);
        // sample std of 2.0, 1.0, 0.5 µs
        double mean = 3.5 / 3;
        double var = ((2 - mean) * (2 - mean) + (1 - mean) * (1 - mean) + (0.5 - mean) * (0.5 - mean)) / 2;
        assertThat((Double) k.value(1, "std_us")).isCloseTo(Math.sqrt(var), within(1e-9));
    }

    @Test
    void shortensKernelNamesForChartAxes() {
        assertThat(KernelBreakdownAnalysis.shorten("void at::native::vectorized_elementwise_kernel<4, float>(int, float)"))
                .isEqualTo("at::native::vectorized_elementwise_kernel");
    }
}
