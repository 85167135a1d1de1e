package dev.parallax.analysis.roofline;

import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A GEMM, attention and elementwise sweep traced on an NVIDIA H200 with torch.profiler(record_shapes=True)
 * (plugins/gpu-profiler/src/test/device/roofline_sweep.py, PyTorch 2.11, TF32 off): every group below its roof, and
 * the numbers where they belong.
 */
class H200SweepTest {
    private static Result result() throws Exception {
        Path p = Path.of(H200SweepTest.class.getResource("h200-sweep.pt.trace.json.gz").toURI());
        return new RooflineAnalysis().run(TraceSet.single(TraceFiles.load(p)), ParameterValues.defaults(), Progress.none());
    }

    private static double pct(Table g, String op, String params, String types) {
        for (int i = 0; i < g.rows().size(); i++) {
            if (op.equals(g.value(i, "op")) && params.equals(g.value(i, "params")) && types.equals(g.value(i, "types"))) {
                return ((Number) g.value(i, "roofline_pct")).doubleValue();
            }
        }
        throw new AssertionError("no group " + op + " " + params + " " + types);
    }

    @Test
    void sweepOnH200() throws Exception {
        Result r = result();
        assertEquals("h200-sxm", r.metric("hardware").value());
        Table g = r.table("groups");
        for (int i = 0; i < g.rows().size(); i++) {
            double p = ((Number) g.value(i, "roofline_pct")).doubleValue();
            assertTrue(p > 0 && p <= 100, g.rows().get(i).toString());
        }
        // bf16 8192³: 1.0995 TFLOP per call in 1405.6 µs mean = 782 TFLOP/s of 989.4 (79 %)
        assertEquals(79.06, pct(g, "aten::mm", "M=8192 N=8192 K=8192", "bf16, bf16"), 0.01);
        // fp32 without TF32 against the 66.9 TFLOP/s FP32 peak
        assertEquals(76.67, pct(g, "aten::mm", "M=8192 N=8192 K=8192", "fp32, fp32"), 0.01);
        // one short of a multiple of 8: a fifth of the aligned 4096³ GEMM's efficiency
        double unaligned = pct(g, "aten::mm", "M=4095 N=4095 K=4095", "bf16, bf16");
        double aligned = pct(g, "aten::mm", "M=4096 N=4096 K=4096", "bf16, bf16");
        assertTrue(unaligned < 20 && aligned > 75, unaligned + " vs " + aligned);
        assertTrue(RooflineAnalysis.tileNote(new OpWork(OpCategory.GEMM, 1, 1,
                dev.parallax.model.catalog.Dtype.BF16, true, "M=4095 N=4095 K=4095")).contains("multiple of 8"));
        assertTrue(r.findings().stream().anyMatch(f -> f.code().equals("gemm-misaligned-shape")
                && f.summary().contains("M=4095 N=4095 K=4095") && f.gainNs() > 2_000_000));
        // causal attention does half the work of the full one; GQA reads a quarter of the K/V
        assertTrue(pct(g, "aten::_scaled_dot_product_cudnn_attention", "B=4 Hq=32 Hkv=8 Nq=4096 d=128", "bf16, bf16, bf16") > 60);
        // elementwise add of 2^26 bf16 near the 4.8 TB/s memory roof
        assertEquals(89.94, pct(g, "aten::add", "shape=67108864", "bf16, bf16"), 0.01);
    }
}
