package dev.parallax.model.roofline;

import dev.parallax.model.catalog.Catalog;
import dev.parallax.model.catalog.Hardware;
import dev.parallax.model.catalog.ModelArchitecture;
import dev.parallax.model.longcontext.ServingAssumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * Roofline (Williams et al. 2009): time = max(FLOPs/peak, bytes/bandwidth), ridge = peak/bandwidth. Per-operator
 * accounting as in LLM-Viewer (arXiv 2402.16363, §3): decode GEMVs have intensity ≈ 1 FLOP/byte at batch 1
 * in FP16 and are memory bound; prefill GEMMs are compute bound.
 */
class RooflineModelTest {
    private final Catalog catalog = Catalog.builtIn();
    private final ModelArchitecture llama7 = catalog.model("llama-2-7b");
    private final Hardware a100 = catalog.hardware("a100-80gb-sxm");

    @Test
    void decodeAtBatchOneIsMemoryBoundAndReadsTheWeights() {
        RooflineReport r = new RooflineModel(llama7, a100, ServingAssumptions.defaults()).analyze(Phase.DECODE, 1, 1024);
        assertThat(r.ridgePoint()).isCloseTo(312e12 / 2039e9, within(1e-9));
        OperatorCost q = r.operators().stream().filter(o -> o.name().equals("q_proj")).findFirst().orElseThrow();
        // GEMV 4096x4096 in FP16: 2·d² FLOPs over 2·d² + 4·d bytes
        assertThat(q.intensity()).isCloseTo(1.0, within(0.01));
        assertThat(q.bound()).isEqualTo(Bound.MEMORY);
        assertThat(q.occurrences()).isEqualTo(32);
        // the step reads every weight once except the input embedding table (a lookup of one row),
        // i.e. (6.74e9 − 32000·4096) · 2 bytes, plus a 1024-token KV cache
        double weights = (6.74e9 - 32000.0 * 4096) * 2;
        double kv = 1024 * 2.0 * 32 * 4096 * 2;
        assertThat(r.totalBytes()).isCloseTo(weights + kv, withinPercentage(0.5));
        assertThat(r.memoryBoundTimeFraction()).isGreaterThan(0.99);
        assertThat(r.totalSeconds()).isCloseTo((weights + kv) / 2039e9, withinPercentage(0.5));
    }

    @Test
    void prefillIsComputeBoundWithTwoFlopsPerParameterPerToken() {
        RooflineReport r = new RooflineModel(llama7, a100, ServingAssumptions.defaults()).analyze(Phase.PREFILL, 1, 2048);
        for (String name : new String[] {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "attention"}) {
            OperatorCost op = r.operators().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
            assertThat(op.bound()).as(name).isEqualTo(Bound.COMPUTE);
            assertThat(op.seconds()).isEqualTo(op.computeSeconds());
        }
        double linear = 2.0 * 2048 * (llama7.parameterCount(false) - 32 * 2.0 * 4096 - 4096);
        double attention = 4.0 * 32 * 2048.0 * 2048 * 4096 * 0.5;
        double head = 2.0 * 4096 * 32000; // last token only
        double elementwise = r.operators().stream().filter(o -> o.name().endsWith("norm") || o.name().equals("act_mul"))
                .mapToDouble(OperatorCost::flops).sum();
        assertThat(r.totalFlops() - elementwise).isCloseTo(linear + attention + head, withinPercentage(0.01));
    }

    @Test
    void batchingRaisesDecodeIntensity() {
        RooflineModel m = new RooflineModel(llama7, a100, ServingAssumptions.defaults());
        double i1 = m.analyze(Phase.DECODE, 1, 512).intensity();
        double i64 = m.analyze(Phase.DECODE, 64, 512).intensity();
        assertThat(i64).isGreaterThan(10 * i1);
        OperatorCost attn = m.analyze(Phase.DECODE, 64, 512).operators().stream()
                .filter(o -> o.name().equals("attention")).findFirst().orElseThrow();
        // attention reads each sequence's own KV: its intensity does not grow with batch (MHA: ≈ 1)
        assertThat(attn.intensity()).isLessThan(2);
    }

    @Test
    void moeAndMlaModelsHaveTheirOperators() {
        RooflineReport ds = new RooflineModel(catalog.model("deepseek-v3"), catalog.hardware("h200-sxm"),
                ServingAssumptions.defaults().withTensorParallel(8)).analyze(Phase.DECODE, 32, 4096);
        assertThat(ds.operators()).extracting(OperatorCost::name)
                .contains("q_a_proj", "kv_a_proj", "router", "experts", "shared_gate_proj", "gate_proj");
        OperatorCost experts = ds.operators().stream().filter(o -> o.name().equals("experts")).findFirst().orElseThrow();
        assertThat(experts.occurrences()).isEqualTo(58);
        assertThat(ds.peakFlops()).isEqualTo(8 * 989.4e12);
    }
}
