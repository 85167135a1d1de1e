package dev.parallax.model.longcontext;

import dev.parallax.model.catalog.Catalog;
import dev.parallax.model.catalog.Dtype;
import dev.parallax.model.catalog.Hardware;
import dev.parallax.model.catalog.ModelArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * Checks against Yao Fu, "Challenges in Deploying Long-Context Transformers: A Theoretical Peak Performance
 * Analysis" (arXiv 2405.08944): its running example is Yi-34B-200K (60 layers, 8 KV heads of 128) in BF16 on
 * A100 80GB NVLink (312 TFLOP/s, 2039 GB/s), with a nominal 34B parameters (68 GB of weights).
 */
class LongContextModelTest {
    private static final double GIB = 1024.0 * 1024 * 1024;
    private final Catalog catalog = Catalog.builtIn();
    private final ModelArchitecture yi = catalog.model("yi-34b-200k");
    private final Hardware a100 = catalog.hardware("a100-80gb-sxm");
    private final ServingAssumptions paper = ServingAssumptions.defaults().withParameterOverride(34e9);

    @Test
    void kvCacheSizeMatchesThePaper() {
        LongContextModel m = new LongContextModel(yi, a100, paper);
        assertThat(m.kvBytesPerToken()).isEqualTo(2.0 * 60 * 8 * 128 * 2);
        // §1: "0.91 GB" of KV cache for a 4K context and "22.8 GB" for 100K (binary gigabytes, 4000 and 100000 tokens)
        assertThat(m.kvBytes(4_000) / GIB).isCloseTo(0.91, withinPercentage(1));
        assertThat(m.kvBytes(100_000) / GIB).isCloseTo(22.8, withinPercentage(0.5));
        assertThat(m.weightsBytes()).isEqualTo(68e9);
    }

    @Test
    void decodeLatencyMatchesThePaper() {
        LongContextModel m = new LongContextModel(yi, a100, paper);
        // 250 output tokens: 8.5 s at 4K context, 9.8 s at 50K (HBM-bandwidth bound, weights + KV read per token)
        assertThat(250 * m.decodeSecondsPerToken(4096, 1)).isCloseTo(8.5, withinPercentage(1));
        assertThat(250 * m.decodeSecondsPerToken(50_000, 1)).isCloseTo(9.8, withinPercentage(1));
        // the bound is the HBM read: (weights + KV) / bandwidth
        assertThat(m.decodeSecondsPerToken(50_000, 1)).isEqualTo((68e9 + 50_000 * 245_760.0) / 2039e9);
    }

    @Test
    void prefillMatchesThePaper() {
        // 4K prefill 0.89 s: the paper's figure is the 2·N·T term alone (attention is under 10% there)
        LongContextModel linearOnly = new LongContextModel(yi, a100, paper.withCausalFactor(0));
        assertThat(linearOnly.prefillSeconds(4096, 1)).isCloseTo(0.89, withinPercentage(1));
        // 50K prefill 14.1 s is reproduced within 2% by 2NT + L·d·T², i.e. causal factor 1/4 in our
        // 4·L·d·T²·c convention (Kaplan et al.'s 2·L·T·d attention FLOPs per token, halved for the causal mask)
        LongContextModel kaplan = new LongContextModel(yi, a100, paper.withCausalFactor(0.25));
        assertThat(kaplan.prefillSeconds(50_000, 1)).isCloseTo(14.1, withinPercentage(2));
        // our default (both attention matmuls, causal half) costs more, and grows quadratically
        LongContextModel def = new LongContextModel(yi, a100, paper);
        double t50 = def.prefillFlops(50_000, 1);
        double t100 = def.prefillFlops(100_000, 1);
        assertThat(t100 / t50).isGreaterThan(2.0);
        assertThat(def.prefillFlops(50_000, 1) - 2 * 34e9 * 50_000)
                .isEqualTo(4.0 * 60 * 7168 * 50_000.0 * 50_000 * 0.5);
    }

    @Test
    void concurrencyMatchesThePaper() {
        LongContextModel m = new LongContextModel(yi, a100, paper);
        // "50K context: 1 user" on one 80 GB A100 after 68 GB of weights
        assertThat(m.maxConcurrency(50_000)).isEqualTo(1);
        assertThat(m.maxConcurrency(200_000)).isZero();
        // with 4-way tensor parallelism capacity grows with the freed HBM
        LongContextModel tp4 = new LongContextModel(yi, a100, paper.withTensorParallel(4));
        assertThat(tp4.maxConcurrency(50_000)).isEqualTo((long) Math.floor((4 * 80 * GIB - 68e9) / (50_000 * 245_760.0)));
        // reserved memory lowers it
        LongContextModel reserved = new LongContextModel(yi, a100, paper.withReservedBytesPerGpu(10 * GIB));
        assertThat(reserved.maxConcurrency(50_000)).isZero();
    }

    @Test
    void contextSwitchIsKvOverTheHostLink() {
        LongContextModel m = new LongContextModel(yi, a100, paper);
        assertThat(m.contextSwitchSeconds(50_000)).isEqualTo(50_000 * 245_760.0 / 32e9);
        LongContextModel tp4 = new LongContextModel(yi, a100, paper.withTensorParallel(4));
        assertThat(tp4.contextSwitchSeconds(50_000)).isCloseTo(m.contextSwitchSeconds(50_000) / 4, withinPercentage(1e-9));
    }

    @Test
    void tensorParallelismSplitsWorkAndChargesAllReduces() {
        ModelArchitecture llama70 = catalog.model("llama-2-70b");
        Hardware h100 = catalog.hardware("h100-sxm");
        LongContextModel one = new LongContextModel(llama70, h100, ServingAssumptions.defaults());
        LongContextModel eight = new LongContextModel(llama70, h100, ServingAssumptions.defaults().withTensorParallel(8));
        double d1 = one.decodeSecondsPerToken(4096, 1);
        double d8 = eight.decodeSecondsPerToken(4096, 1);
        assertThat(eight.tensorParallelCommunicationSeconds(1)).isPositive();
        assertThat(d8).isCloseTo(d1 / 8 + eight.tensorParallelCommunicationSeconds(1), withinPercentage(0.01));
        // 8 KV heads over 8 GPUs: no replication; over 16 each head is stored twice
        assertThat(eight.kvBytesPerToken()).isEqualTo(one.kvBytesPerToken());
        LongContextModel sixteen = new LongContextModel(llama70, h100, ServingAssumptions.defaults().withTensorParallel(16));
        assertThat(sixteen.kvBytesPerToken()).isEqualTo(2 * one.kvBytesPerToken());
    }

    @Test
    void sweepGivesTheBoundsAsFunctionsOfContext() {
        LongContextModel m = new LongContextModel(yi, a100, ServingAssumptions.defaults().withDtypes(Dtype.BF16, Dtype.FP8));
        long[] t = LongContextModel.logSpacedContexts(1024, 200_000, 12);
        assertThat(t[0]).isEqualTo(1024);
        assertThat(t[11]).isEqualTo(200_000);
        List<LongContextCost> costs = m.sweep(t, 4);
        for (int i = 1; i < costs.size(); i++) {
            assertThat(costs.get(i).kvBytes()).isGreaterThan(costs.get(i - 1).kvBytes());
            assertThat(costs.get(i).maxConcurrency()).isLessThanOrEqualTo(costs.get(i - 1).maxConcurrency());
            assertThat(costs.get(i).prefillSeconds()).isGreaterThan(costs.get(i - 1).prefillSeconds());
            assertThat(costs.get(i).decodeSecondsPerToken()).isGreaterThan(costs.get(i - 1).decodeSecondsPerToken());
        }
        assertThat(costs.get(0).kvBytesPerToken()).isEqualTo(60 * 8 * 128 * 2.0);
        assertThat(costs.get(0).decodeTokensPerSecond()).isEqualTo(4 / costs.get(0).decodeSecondsPerToken());
    }

    @Test
    void fp8WeightsUseFp8TensorCoresOnlyWhereTheDeviceHasThem() {
        ServingAssumptions fp8 = ServingAssumptions.defaults().withDtypes(Dtype.FP8, Dtype.FP8);
        ModelArchitecture llama = catalog.model("llama-3.1-8b");
        LongContextModel h100 = new LongContextModel(llama, catalog.hardware("h100-sxm"), fp8);
        assertThat(h100.computeDtype()).isEqualTo(Dtype.FP8);
        assertThat(h100.prefillSeconds(8192, 1)).isCloseTo(h100.prefillFlops(8192, 1) / 1978.9e12, withinPercentage(1e-9));
        LongContextModel a100fp8 = new LongContextModel(llama, a100, fp8);
        assertThat(a100fp8.computeDtype()).isEqualTo(Dtype.BF16);
        assertThat(a100fp8.weightsBytes()).isEqualTo(llama.parameterCount(true));
    }

    @Test
    void moeDecodeReadsOnlyTouchedExperts() {
        ModelArchitecture mixtral = catalog.model("mixtral-8x7b");
        LongContextModel m = new LongContextModel(mixtral, a100, ServingAssumptions.defaults());
        double all = m.weightsBytes();
        double one = m.weightsBytesReadPerStep(1);
        // batch 1 touches 2 of 8 experts: about the active parameters' bytes
        assertThat(one).isCloseTo(mixtral.activeParameterCount(true) * 2, withinPercentage(0.5));
        assertThat(m.weightsBytesReadPerStep(256)).isCloseTo(all, withinPercentage(0.1));
    }
}
