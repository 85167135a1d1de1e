package dev.parallax.analysis.roofline;

import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.model.catalog.Dtype;
import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Work formulas checked against hand-computed numbers, and a hand-made trace through the whole analysis. */
class WorkModelTest {
    private final WorkModel model = new WorkModel();

    private static OpShapes op(String name, Object... triples) {
        List<OpShapes.Input> in = new ArrayList<>();
        for (int i = 0; i < triples.length; i += 3) {
            long[] dims = (long[]) triples[i];
            in.add(new OpShapes.Input(dims == null ? List.of() : List.<long[]>of(dims), (String) triples[i + 1],
                    (String) triples[i + 2]));
        }
        return new OpShapes(name, in);
    }

    private static long[] d(long... v) {
        return v;
    }

    @Test
    void mmMatchesTraceLens() {
        OpWork w = model.estimate(op("aten::mm", d(8944, 1024), "c10::BFloat16", "", d(1024, 2816), "c10::BFloat16", ""));
        assertEquals(51.58e9, w.flops(), 0.005e9);
        assertEquals(71.01, w.bytes() / (1 << 20), 0.005); // MiB
        assertEquals(Dtype.BF16, w.dtype());
        assertTrue(w.matrix());
    }

    @Test
    void addmmCountsBiasAndLinearFoldsLeadingDims() {
        // addmm(bias[N], A[M,K], B[K,N]): 2MNK + MN; bytes (MK + KN + MN + N)·2
        OpWork a = model.estimate(op("aten::addmm", d(1024), "c10::BFloat16", "", d(8944, 1024), "c10::BFloat16", "",
                d(1024, 1024), "c10::BFloat16", "", null, "Scalar", "1", null, "Scalar", "1"));
        assertEquals(2.0 * 8944 * 1024 * 1024 + 8944.0 * 1024, a.flops(), 1);
        assertEquals((8944.0 * 1024 + 1024 * 1024 + 8944.0 * 1024 + 1024) * 2, a.bytes(), 1);
        // linear(x[4,128,512], W[256,512]) with no bias: M = 512, N = 256, K = 512
        OpWork l = model.estimate(op("aten::linear", d(4, 128, 512), "float", "", d(256, 512), "float", "", null, "", ""));
        assertEquals(2.0 * 512 * 256 * 512, l.flops(), 1);
        assertEquals("M=512 N=256 K=512", l.params());
        // bmm: batch 8 of 64x32 · 32x16
        OpWork b = model.estimate(op("aten::bmm", d(8, 64, 32), "c10::Half", "", d(8, 32, 16), "c10::Half", ""));
        assertEquals(2.0 * 8 * 64 * 16 * 32, b.flops(), 1);
        assertEquals((8 * 64 * 32 + 8 * 32 * 16 + 8 * 64 * 16) * 2.0, b.bytes(), 1);
    }

    @Test
    void causalSdpaAndGqaAndBackward() {
        OpWork w = model.estimate(op("aten::_scaled_dot_product_flash_attention",
                d(16, 16, 559, 64), "c10::BFloat16", "", d(16, 16, 559, 64), "c10::BFloat16", "",
                d(16, 16, 559, 64), "c10::BFloat16", "", null, "Scalar", "0.", null, "Scalar", "True"));
        assertEquals(10.24e9, w.flops(), 0.005e9);
        assertEquals(4.0 * 16 * 16 * 559 * 64 * 2, w.bytes(), 1); // Q, K, V, O
        // GQA: 32 query heads over 8 KV heads, not causal: 4·B·Hq·N²·d; K and V at 8 heads
        OpWork g = model.estimate(op("aten::scaled_dot_product_attention",
                d(2, 32, 1024, 128), "c10::BFloat16", "", d(2, 8, 1024, 128), "c10::BFloat16", "",
                d(2, 8, 1024, 128), "c10::BFloat16", "", null, "", "", null, "Scalar", "0.", null, "Scalar", "False"));
        assertEquals(4.0 * 2 * 32 * 1024 * 1024 * 128, g.flops(), 1);
        assertEquals((2.0 * 32 * 1024 * 128 * 2 + 2.0 * 8 * 1024 * 128 * 2) * 2, g.bytes(), 1);
        assertTrue(g.params().contains("Hkv=8"));
        // backward: 2.5 × forward
        OpWork bw = model.estimate(op("aten::_scaled_dot_product_flash_attention_backward",
                d(16, 16, 559, 64), "c10::BFloat16", "", d(16, 16, 559, 64), "c10::BFloat16", "",
                d(16, 16, 559, 64), "c10::BFloat16", "", d(16, 16, 559, 64), "c10::BFloat16", "",
                d(16, 16, 559, 64), "c10::BFloat16", "", d(16, 16, 559), "float", "",
                null, "", "", null, "", "", null, "Scalar", "559", null, "Scalar", "559", null, "Scalar", "0.",
                null, "Scalar", "True"));
        assertEquals(2.5 * w.flops(), bw.flops(), 1);
    }

    @Test
    void pagedPrefillFromSequenceAndPageCounts() {
        // SGLang/aiter prefill: 15 sequences of 1024 query tokens, 15616 cached tokens (page size 1), 32 q / 8 kv heads
        OpWork w = model.estimate(op("aiter::mha_batch_prefill", d(15360, 32, 128), "c10::BFloat16", "",
                d(835874, 8, 128), "c10::BFloat16", "", d(835874, 8, 128), "c10::BFloat16", "", d(16), "int", "",
                d(16), "int", "", d(15616), "int", "", null, "Scalar", "1024", null, "Scalar", "1024", null, "Scalar", "0.",
                null, "Scalar", "0.088", null, "Scalar", "0.", null, "Scalar", "False", null, "Scalar", "True"));
        // Nq = 1024, Nkv = 15616 / 15 = 1041; causal bottom-right: 1024·1041 − 1024·1023/2 pairs per head
        double pairs = 1024.0 * 1041 - 1024.0 * 1023 / 2;
        assertEquals(2.0 * 15 * 32 * pairs * 256, w.flops(), 1);
        assertEquals(15360.0 * 32 * 128 * 2 * 2 + 15.0 * 1041 * 8 * 256 * 2, w.bytes(), 1);
        assertEquals("B=15 Hq=32 Hkv=8 Nq=1024 Nkv=1041 d=128 causal paged", w.params());
    }

    @Test
    void elementwiseBroadcastReadsEachInputOnce() {
        // mul(x[16,559,1024] fp32, r[16,559,1] fp32): FLOPs = output elements; bytes = x + r + out
        OpWork w = model.estimate(op("aten::mul", d(16, 559, 1024), "float", "", d(16, 559, 1), "float", ""));
        double n = 16.0 * 559 * 1024;
        assertEquals(n, w.flops(), 0);
        assertEquals(n * 4 + 16 * 559 * 4 + n * 4, w.bytes(), 0);
        assertFalse(w.matrix());
        // comparison writes bools
        OpWork eq = model.estimate(op("aten::eq", d(1000), "long int", "", d(1000), "long int", ""));
        assertEquals(1000 * 8 * 2 + 1000, eq.bytes(), 0);
        // a 0-d long divisor does not widen a float result
        OpWork div = model.estimate(op("aten::div", d(2048, 17902), "float", "", d(), "long int", ""));
        assertEquals(2048.0 * 17902 * 4 * 2 + 8, div.bytes(), 0);
    }

    @Test
    void convNormCopyAndUnknown() {
        // conv2d: x[8,64,56,56], w[128,64,3,3], stride 1, padding 1 → out 56x56: 2·8·128·56·56·64·9
        OpWork c = model.estimate(op("aten::convolution", d(8, 64, 56, 56), "c10::Half", "", d(128, 64, 3, 3),
                "c10::Half", "", null, "", "", null, "ScalarList", "[1, 1]", null, "ScalarList", "[1, 1]",
                null, "ScalarList", "[1, 1]", null, "Scalar", "False", null, "ScalarList", "[0, 0]",
                null, "Scalar", "1"));
        assertEquals(2.0 * 8 * 128 * 56 * 56 * 64 * 9, c.flops(), 1);
        OpWork n = model.estimate(op("aten::native_layer_norm", d(2048, 125), "float", "", null, "", "",
                d(125), "float", "", d(125), "float", "", null, "Scalar", "1e-05"));
        assertEquals(OpCategory.NORM, n.category());
        assertEquals(2048.0 * 125 * 4 * 2 + 125 * 4 * 2, n.bytes(), 0);
        OpWork cp = model.estimate(op("aten::copy_", d(16, 559, 1024), "float", "", d(16, 559, 1024), "c10::BFloat16",
                "", null, "Scalar", "False"));
        assertEquals(16.0 * 559 * 1024 * 6, cp.bytes(), 0);
        assertNull(model.estimate(op("vllm::unified_attention_with_output", d(8192, 64, 64), "c10::BFloat16", "")));
        assertNull(model.estimate(op("aten::mm", d(4, 5), "float", "", d(6, 7), "float", "")));
    }

    @Test
    void handMadeTraceOnH100(@TempDir Path dir) {
        // one aten::linear → aten::mm (4096³ bf16) whose kernel runs 200 µs, one aten::add whose kernel runs 10 µs
        String json = "{\"deviceProperties\": [{\"id\": 0, \"name\": \"NVIDIA H100 80GB HBM3\", \"totalGlobalMem\": 85045559296,"
                + " \"computeMajor\": 9, \"computeMinor\": 0, \"numSms\": 132}], \"traceEvents\": ["
                + "{\"ph\":\"X\",\"cat\":\"cpu_op\",\"name\":\"aten::linear\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":50,"
                + "\"args\":{\"External id\":1,\"Input Dims\":[[4096,4096],[4096,4096],[]],"
                + "\"Input type\":[\"c10::BFloat16\",\"c10::BFloat16\",\"\"]}},"
                + "{\"ph\":\"X\",\"cat\":\"cpu_op\",\"name\":\"aten::mm\",\"pid\":1,\"tid\":1,\"ts\":5,\"dur\":40,"
                + "\"args\":{\"External id\":2,\"Input Dims\":[[4096,4096],[4096,4096]],"
                + "\"Input type\":[\"c10::BFloat16\",\"c10::BFloat16\"]}},"
                + "{\"ph\":\"X\",\"cat\":\"cuda_runtime\",\"name\":\"cudaLaunchKernel\",\"pid\":1,\"tid\":1,\"ts\":10,\"dur\":5,"
                + "\"args\":{\"External id\":2,\"correlation\":100}},"
                + "{\"ph\":\"X\",\"cat\":\"kernel\",\"name\":\"sm90_xmma_gemm_bf16\",\"pid\":0,\"tid\":7,\"ts\":20,\"dur\":200,"
                + "\"args\":{\"device\":0,\"stream\":7,\"correlation\":100,\"External id\":2}},"
                + "{\"ph\":\"X\",\"cat\":\"cpu_op\",\"name\":\"aten::add\",\"pid\":1,\"tid\":1,\"ts\":60,\"dur\":20,"
                + "\"args\":{\"External id\":3,\"Input Dims\":[[1048576],[1048576],[]],"
                + "\"Input type\":[\"float\",\"float\",\"Scalar\"],\"Concrete Inputs\":[\"\",\"\",\"1\"]}},"
                + "{\"ph\":\"X\",\"cat\":\"cuda_runtime\",\"name\":\"cudaLaunchKernel\",\"pid\":1,\"tid\":1,\"ts\":62,\"dur\":5,"
                + "\"args\":{\"External id\":3,\"correlation\":101}},"
                + "{\"ph\":\"X\",\"cat\":\"kernel\",\"name\":\"elementwise_add\",\"pid\":0,\"tid\":7,\"ts\":230,\"dur\":10,"
                + "\"args\":{\"device\":0,\"stream\":7,\"correlation\":101,\"External id\":3}}"
                + "]}";
        Trace t = TraceFiles.load(dir, json);
        RooflineAnalysis a = new RooflineAnalysis();
        Result r = a.run(TraceSet.single(t), ParameterValues.parse(a.parameters(), Map.of()), Progress.none());
        assertEquals("h100-sxm", r.metric("hardware").value());
        Table g = r.table("groups");
        assertEquals(2, g.rows().size());
        // the GEMM kernel counts once, on aten::mm (the innermost modelled op), not on aten::linear too
        assertEquals("aten::mm", g.value(0, "op"));
        assertEquals(200.0, ((Number) g.value(0, "total_us")).doubleValue(), 1e-9);
        // 2·4096³ = 137.44 GFLOP in 200 µs = 687.2 TFLOP/s; roofline time 137.44e9 / 989.4e12 = 138.91 µs → 69.46 %
        assertEquals(687.19e12, ((Number) g.value(0, "flops_median")).doubleValue(), 0.01e12);
        assertEquals(69.46, ((Number) g.value(0, "roofline_pct")).doubleValue(), 0.01);
        assertEquals("compute", g.value(0, "bound"));
        // add of 2^20 fp32: 12 MiB in 10 µs = 1.258 TB/s; roofline 12582912 / 3.35e12 = 3.756 µs → 37.56 %
        assertEquals("memory", g.value(1, "bound"));
        assertEquals(1.2583e12, ((Number) g.value(1, "bytes_per_s_median")).doubleValue(), 0.0001e12);
        assertEquals(1.2583e12, ((Number) r.table("group_rates").value(1, "bytes_per_s_max")).doubleValue(), 0.0001e12);
        assertEquals(37.56, ((Number) g.value(1, "roofline_pct")).doubleValue(), 0.01);
        // headroom at 80 %: mm 200 − 138.91/0.8 = 26.36 µs; add 10 − 3.756/0.8 = 5.305 µs
        assertEquals(31.67, ((Number) r.metric("headroom_us").value()).doubleValue(), 0.01);
        assertEquals(1, r.overlays().size());
    }
}
