package dev.parallax.model.training;

import dev.parallax.model.catalog.Catalog;
import dev.parallax.model.catalog.Dtype;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * Against Narayanan et al., "Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM"
 * (SC 2021) and Chowdhery et al., "PaLM" (2022).
 */
class TrainingModelsTest {
    private static final double DAY = 86_400;

    /** Megatron-LM Table 1: number of parameters (billions), attention heads, hidden size, layers (V = 51,200, s = 2048). */
    private static final double[][] TABLE_1 = {
            {1.7, 24, 2304, 24},
            {3.6, 32, 3072, 30},
            {7.5, 32, 4096, 36},
            {18.4, 48, 6144, 40},
            {39.1, 64, 8192, 48},
            {76.1, 80, 10240, 60},
            {145.6, 96, 12288, 80},
            {310.1, 128, 16384, 96},
            {529.6, 128, 20480, 105},
            {1008.0, 160, 25600, 128},
    };

    @Test
    void parameterFormulaReproducesTable1() {
        for (double[] row : TABLE_1) {
            double p = MegatronFlops.parameters(row[3], row[2], 51_200, 2048) / 1e9;
            assertThat(p).as("%s B row", row[0]).isCloseTo(row[0], within(0.06));
        }
    }

    @Test
    void table1PercentOfPeakAndAggregateThroughput() {
        // Table 1, last row: 163 teraFLOP/s per GPU on 3072 A100s is 52% of the 312 teraFLOP/s peak, 502 petaFLOP/s
        assertThat(163e12 / 312e12).isCloseTo(0.52, within(0.005));
        assertThat(163e12 * 3072 / 1e15).isCloseTo(502, withinPercentage(0.5));
        // first row: 137 teraFLOP/s on 32 GPUs = 44% of peak, 4.4 petaFLOP/s
        assertThat(137e12 / 312e12).isCloseTo(0.44, within(0.005));
        // achieved throughput is F / (t · n): a 1T iteration (B = 3072) at 163 TF/s per GPU takes F / (163e12 · 3072)
        double f = MegatronFlops.perIteration(3072, 2048, 128, 25_600, 51_200, true);
        double t = f / (163e12 * 3072);
        assertThat(MegatronFlops.achievedFlopsPerGpu(f, t, 3072)).isCloseTo(163e12, withinPercentage(1e-9));
    }

    @Test
    void flopsPerIterationIsAboutEightTimesParametersPerToken() {
        // §5.1: F ≈ 96·B·s·l·h² when h ≫ s, V; hence 8·T·P training FLOPs with recomputation
        double b = 1536;
        double s = 2048;
        double f = MegatronFlops.perIteration(b, s, 128, 25_600, 51_200, true);
        double p = MegatronFlops.parameters(128, 25_600, 51_200, s);
        assertThat(f / (b * s)).isCloseTo(8 * p, withinPercentage(2));
        double noRecompute = MegatronFlops.perIteration(b, s, 128, 25_600, 51_200, false);
        assertThat(noRecompute / (b * s)).isCloseTo(6 * p, withinPercentage(2));
        // exact: 96 B s l h² (1 + s/6h + V/16lh)
        assertThat(f).isEqualTo(96 * b * s * 128 * 25_600.0 * 25_600 * (1 + s / (6 * 25_600) + 51_200 / (16.0 * 128 * 25_600)));
    }

    @Test
    void trainingTimeMatchesThePapersExamples() {
        // §5.1: GPT-3 (175B) on 300B tokens, 1024 A100s at 140 TF/s: about 34 days
        assertThat(MegatronFlops.trainingSeconds(300e9, 175e9, 1024, 140e12, true) / DAY).isCloseTo(34, within(0.5));
        // 1T model on 450B tokens, 3072 A100s at 163 TF/s: about 84 days
        assertThat(MegatronFlops.trainingSeconds(450e9, 1e12, 3072, 163e12, true) / DAY).isCloseTo(84, within(1.0));
    }

    @Test
    void palmMfuMatchesAppendixB() {
        // PaLM 540B: N = 540.35B, L = 118, H = 48, Q = 256, T = 2048; 238.3K tokens/s on 6144 TPU v4 (275 TF/s): MFU 46.2%
        double perToken = PalmMfu.flopsPerToken(540.35e9, 118, 48, 256, 2048);
        assertThat(PalmMfu.mfu(238.3e3, perToken, 6144 * 275e12)).isCloseTo(0.462, within(0.0005));
    }

    @Test
    void estimateCombinesBothConventions() {
        Catalog c = Catalog.builtIn();
        var gpt3 = c.model("gpt3-175b");
        var a100 = c.hardware("a100-80gb-sxm");
        TrainingEstimate e = TrainingEstimate.of(gpt3, a100, Dtype.BF16, 1024, 1536, 2048, 10.0, true);
        assertThat(e.tokensPerSecond()).isEqualTo(1536 * 2048 / 10.0);
        assertThat(e.mfu()).isCloseTo(e.tokensPerSecond() * e.modelFlopsPerIteration() / (1536 * 2048) / (1024 * 312e12),
                withinPercentage(1e-9));
        // recomputation adds a forward pass: HFU exceeds MFU by about 4/3
        assertThat(e.hfu() / e.mfu()).isCloseTo(4.0 / 3, withinPercentage(3));
    }
}
