package dev.parallax.analysis.roofline;

import dev.parallax.analysis.Finding;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The roofline analysis on real PyTorch-profiler traces with shapes (TraceLens's and HTA's test traces). */
class RooflineTracesTest {
    private static Trace shared(String rel) {
        Path p = TraceFiles.sharedTraces().resolve(rel);
        Assumptions.assumeTrue(Files.isRegularFile(p), "shared trace absent: " + p);
        return TraceFiles.load(p);
    }

    private static Result run(Trace t, Map<String, String> params) {
        RooflineAnalysis a = new RooflineAnalysis();
        return a.run(TraceSet.single(t), ParameterValues.parse(a.parameters(), params), Progress.none());
    }

    private static int row(Table t, String op, String params) {
        for (int i = 0; i < t.rows().size(); i++) {
            if (op.equals(t.value(i, "op")) && params.equals(t.value(i, "params"))) {
                return i;
            }
        }
        throw new AssertionError("no row " + op + " " + params);
    }

    private static void noGroupAboveRoofline(Result r) {
        Table g = r.table("groups");
        for (int i = 0; i < g.rows().size(); i++) {
            Object pct = g.value(i, "roofline_pct");
            assertTrue(pct == null || ((Number) pct).doubleValue() <= 100.5,
                    g.rows().get(i) + " at " + pct + " % of its roofline");
        }
        r.findings().stream().filter(f -> f.code().equals("above-roofline")).findFirst().ifPresent(f -> {
            throw new AssertionError(f.summary());
        });
    }

    @Test
    void mi300QwenMatchesTraceLensNumbers() {
        Result r = run(shared("AMD-AGI--TraceLens/tests/traces/mi300/Qwen_Qwen1.5-0.5B-Chat__1016005.json.gz"), Map.of());
        assertTrue(r.applies());
        assertEquals("mi300x", r.metric("hardware").value());
        Table g = r.table("groups");
        int mm = row(g, "aten::mm", "M=8944 N=2816 K=1024");
        assertEquals(51.58, ((Number) g.value(mm, "gflop")).doubleValue(), 0.005);
        assertEquals(71.01, ((Number) g.value(mm, "mib")).doubleValue(), 0.005);
        assertEquals(48L, g.value(mm, "count"));
        assertEquals("compute", g.value(mm, "bound"));
        // 48 calls, 5308.273 µs of kernels: 51.58 GFLOP × 48 / 5.308 ms = 466.4 TFLOP/s of MI300X's 1307.4 bf16
        assertEquals(5308.273, ((Number) g.value(mm, "total_us")).doubleValue(), 0.001);
        assertEquals(35.68, ((Number) g.value(mm, "roofline_pct")).doubleValue(), 0.01);
        int attn = row(g, "aten::_flash_attention_forward", "B=16 Hq=16 Nq=559 d=64 causal");
        assertEquals(10.24, ((Number) g.value(attn, "gflop")).doubleValue(), 0.005);
        assertEquals(24L, g.value(attn, "count"));
        // every kernel counted once: the attributed time is the linked kernel time
        double op = ((Number) r.metric("operator_time_us").value()).doubleValue();
        assertEquals(29743.178, op, 0.01);
        // 463 kernels at the start have no launch in the trace window
        Table nm = r.table("no_model");
        assertEquals(13318.864, ((Number) nm.value(nm.rows().size() - 1, "time_us")).doubleValue(), 0.01);
        noGroupAboveRoofline(r);
        assertTrue(r.findings().stream().anyMatch(f -> f.code().equals("gemm-below-roofline") && f.gainNs() > 0));
        assertTrue(r.findings().stream().anyMatch(f -> f.code().equals("roofline-headroom")));
        assertTrue(r.findings().stream().anyMatch(f -> f.code().equals("fusable-memory-bound-chain")));
    }

    @Test
    void sglangPrefillOnMi300() {
        Result r = run(shared("AMD-AGI--TraceLens/tests/traces/inference/sglang_prefilldecode/sglang_Qwen3-8B_prefilldecode.json.gz"),
                Map.of());
        assertEquals("mi300x", r.metric("hardware").value());
        assertTrue(((Number) r.metric("modelled_pct").value()).doubleValue() > 50, r.metricList().toString());
        noGroupAboveRoofline(r);
    }

    @Test
    void vllmGraphReplayIsCountedApart() {
        Result r = run(shared("AMD-AGI--TraceLens/tests/traces/inference/vllm_decode_full/graph_execution.json.gz"), Map.of());
        // the device name is empty; 304 compute units of a gfx9 device identify an MI300X
        assertEquals("mi300x", r.metric("hardware").value());
        assertTrue(((Number) r.metric("graph_replay_time_us").value()).doubleValue() > 0);
        assertTrue(r.findings().stream().anyMatch(f -> f.code().equals("graph-replay-without-shapes")));
        noGroupAboveRoofline(r);
    }

    @Test
    void sglangDecodeGraphReplayMappedThroughItsCaptureTrace() {
        String dir = "AMD-AGI--TraceLens/tests/traces/inference/sglang_decode/";
        Trace t = shared(dir + "sglang_Qwen3-8B_decode.json.gz");
        Path capture = TraceFiles.sharedTraces().resolve(dir + "capture_traces/bs_32_rank0.json.gz");
        Assumptions.assumeTrue(Files.isRegularFile(capture), "capture trace absent");
        Result plain = run(t, Map.of());
        double replayed = ((Number) plain.metric("graph_replay_time_us").value()).doubleValue();
        assertTrue(replayed > 0);
        Result r = run(t, Map.of("capture_trace", capture.toString()));
        // the one replay has 544 kernels, as many as the capture has launches: all of it is mapped
        assertEquals(replayed, ((Number) r.metric("graph_mapped_time_us").value()).doubleValue(), 0.01);
        assertEquals(0.0, ((Number) r.metric("graph_replay_time_us").value()).doubleValue(), 0.01);
        Table g = r.table("groups");
        boolean decodeGemm = false;
        for (int i = 0; i < g.rows().size(); i++) {
            decodeGemm |= "gemm".equals(g.value(i, "category")) && String.valueOf(g.value(i, "params")).startsWith("M=32 ");
        }
        assertTrue(decodeGemm, "a batch-32 decode GEMM from the captured operators");
        noGroupAboveRoofline(r);
    }

    @Test
    void htaTraceWithoutDevicePropertiesAsksForHardware() {
        Trace t = shared("hta/trace_filter/sampled_rank-0.json.gz");
        Result r = run(t, Map.of());
        assertTrue(r.applies());
        Finding f = r.findings().stream().filter(x -> x.code().equals("unknown-hardware")).findFirst().orElseThrow();
        assertTrue(f.suggestion().contains("--param hardware"));
        assertTrue(r.metric("roofline_pct") == null);
        // The file names no device. On an A100 its elementwise ops would beat the memory roof (fp32 pow over
        // 2048x17902 at 107 % of the 40GB's 1555 GB/s, pow over 2048x6948 at 106 % of the 80GB's 2039 GB/s), so
        // the trace comes from a device with more bandwidth; with H100 SXM's figures every group is below its roof.
        Result slow = run(t, Map.of("hardware", "a100-40gb-sxm"));
        assertTrue(slow.findings().stream().anyMatch(x -> x.code().equals("above-roofline")));
        Result withHw = run(t, Map.of("hardware", "h100-sxm"));
        assertEquals("h100-sxm", withHw.metric("hardware").value());
        // the fp32 8192x512x8192 GEMM runs CUTLASS's tensorop_s1688 kernel: TF32 tensor cores, TF32 peak
        Table g = withHw.table("groups");
        int mm = row(g, "aten::mm", "M=8192 N=8192 K=512 tf32");
        assertEquals(68.72, ((Number) g.value(mm, "gflop")).doubleValue(), 0.01);
        noGroupAboveRoofline(withHw);
    }

    @Test
    void mi250ReportedAsRadeonGraphics() {
        Result r = run(shared("hta/amd_trace/mi250_minitoy_train_ROCm6_2_kineto.json.gz"), Map.of());
        assertEquals("mi210", r.metric("hardware").value());
        noGroupAboveRoofline(r);
    }

    @Test
    void traceWithoutShapesIsNotApplicable() {
        Trace t = shared("hta/critical_path/alexnet/benchmark_result_2869224_1695835535_trace.json.gz");
        Result r = run(t, Map.of());
        assertFalse(r.applies());
        assertEquals("no operator shapes: record with record_shapes=True", r.applicability().reason());
    }
}
