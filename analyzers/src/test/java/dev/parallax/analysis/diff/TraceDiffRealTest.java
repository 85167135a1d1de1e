package dev.parallax.analysis.diff;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comparison on real pairs of traces from ../shared/traces, against hand-computed numbers. */
class TraceDiffRealTest {
    private static final String MI300 = "AMD-AGI--TraceLens/tests/traces/mi300/Qwen_Qwen1.5-0.5B-Chat__1016005.json.gz";

    static TraceSet load(Path p) throws Exception {
        return TraceSetLoader.withDefaults().load(List.of(p), Progress.none()).traceSet();
    }

    static Result diff(Path a, Path b, TraceDiff.Options o) throws Exception {
        return TraceDiff.compare(load(a), load(b), o, Progress.none()).result();
    }

    static int row(Table t, String key, String value) {
        for (int i = 0; i < t.rows().size(); i++) {
            if (value.equals(t.value(i, key))) {
                return i;
            }
        }
        throw new AssertionError("no row " + key + "=" + value + " in " + t.id());
    }

    static double num(Table t, int row, String key) {
        return ((Number) t.value(row, key)).doubleValue();
    }

    static double explainedDelta(Result r) {
        Table t = r.table("explain");
        double sum = 0;
        for (int i = 0; i < t.rows().size(); i++) {
            sum += num(t, i, "delta_us");
        }
        return sum;
    }

    static boolean has(Result r, String code) {
        return r.findings().stream().anyMatch(f -> f.code().equals(code));
    }

    /** HTA's tests/data/trace_compare, step 1010 of rank 1 (HTA's test_trace_diff.py uses the same pair). */
    @Test
    void htaTraceCompareStep1010() throws Exception {
        Path s = TraceFiles.sharedTraces().resolve("hta/trace_compare");
        StepSelection step = StepSelection.parse("1010");
        Result r = diff(s.resolve("base"), s.resolve("test"), TraceDiff.Options.defaults().withSteps(step, step));
        assertEquals("number", r.metric("step_pairing").value());
        // ProfilerStep#1010 lasts 122149 µs in both files
        assertEquals(122149.0, r.metric("step_time_a_us").number(), 1e-9);
        assertEquals(122149.0, r.metric("step_time_b_us").number(), 1e-9);
        assertEquals(0.0, r.metric("step_time_delta_us").number(), 1e-9);
        assertTrue(has(r, "runs-equal"));
        // kernels launched from step 1010 (by correlation; memsets/copies without a launch by start time):
        // base: 2 vectorized_elementwise_kernel (4 + 207 µs), test: 1 (207 µs); 2 HtoD copies (3 + 740 µs) in both
        Table k = r.table("kernels");
        int v = row(k, "name", "at::native::vectorized_elementwise_kernel");
        assertEquals(2.0, num(k, v, "count_a"));
        assertEquals(1.0, num(k, v, "count_b"));
        assertEquals(211.0, num(k, v, "total_us_a"), 1e-9);
        assertEquals(207.0, num(k, v, "total_us_b"), 1e-9);
        assertEquals(-4.0, num(k, v, "delta_us"), 1e-9);
        // FillFunctor<float> and CUDAFunctor_add<int> instantiations fold into one key
        assertEquals(2L, ((Number) k.value(v, "raw_names")).longValue());
        int h = row(k, "name", "Memcpy HtoD");
        assertEquals(743.0, num(k, h, "total_us_a"), 1e-9);
        assertEquals(743.0, num(k, h, "total_us_b"), 1e-9);
        // host events per name as HTA's TraceDiff.compare_traces(device_type=CPU) reports them for step 1010
        // (HTA also lists ProfilerStep#1010 as unchanged)
        Table host = r.table("host_events");
        Map<String, String> change = new TreeMap<>();
        for (int i = 0; i < host.rows().size(); i++) {
            change.put((String) host.value(i, "name"), (String) host.value(i, "change"));
        }
        assertEquals(Map.of("AddmmBackward0", "+", "All2All_Pooled_Req", "+", "CatBackward0", "+",
                "nccl:all_reduce", "-", "aten::as_strided", "=", "aten::empty", "=", "cudaEventQuery", "=",
                "cudaLaunchKernel", "="), change);
        int nccl = row(host, "name", "nccl:all_reduce");
        assertEquals(67.0, num(host, nccl, "total_us_a"), 1e-9);
        assertEquals(0.0, num(host, nccl, "total_us_b"), 1e-9);
        assertEquals(0.0, explainedDelta(r), 1e-6);
    }

    @Test
    void mi300AgainstItselfHasNoDelta() throws Exception {
        Path f = TraceFiles.sharedTraces().resolve(MI300);
        Result r = diff(f, f, TraceDiff.Options.defaults());
        assertEquals(42738.946, r.metric("step_time_a_us").number(), 1e-6);
        assertEquals(0.0, r.metric("step_time_delta_us").number());
        assertEquals("operator", r.metric("explained_by").value());
        for (String id : List.of("breakdown", "operators", "operator_shapes", "kernels", "explain")) {
            Table t = r.table(id);
            assertNotNull(t, id);
            assertFalse(t.rows().isEmpty(), id);
            for (int i = 0; i < t.rows().size(); i++) {
                assertEquals(0.0, num(t, i, "delta_us"), 0.0, id + " row " + i);
            }
        }
        assertTrue(has(r, "runs-equal"));
        assertFalse(has(r, "only-in-a") || has(r, "only-in-b") || has(r, "more-launches"));
        assertEquals(1509.0, r.metric("device_events_a").number());
    }

    /**
     * The MI300 trace against a copy whose {@code attn_fwd} kernels each run 100 µs longer, everything after
     * each of them shifted by 100 µs (as if the device had been that much slower there).
     */
    @Test
    void mi300AgainstCopyWithSlowerAttention(@TempDir Path tmp) throws Exception {
        Path f = TraceFiles.sharedTraces().resolve(MI300);
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        JsonNode root = json.readTree(TraceFiles.decoded(f));
        List<BigDecimal> slowedEnds = new ArrayList<>();
        BigDecimal delta = new BigDecimal(100);
        for (JsonNode e : root.get("traceEvents")) {
            if ("kernel".equals(e.path("cat").asText()) && e.path("name").asText().startsWith("attn_fwd")) {
                slowedEnds.add(e.get("ts").decimalValue().add(e.get("dur").decimalValue()));
            }
        }
        assertEquals(35, slowedEnds.size());
        BigDecimal stepStart = null;
        BigDecimal stepEnd = null;
        for (JsonNode e : root.get("traceEvents")) {
            if (!e.has("ts") || !e.get("ts").isNumber()) {
                continue;
            }
            BigDecimal ts = e.get("ts").decimalValue();
            BigDecimal newTs = ts.add(shift(slowedEnds, ts, delta));
            if (e.has("dur") && e.get("dur").isNumber()) {
                BigDecimal end = ts.add(e.get("dur").decimalValue());
                BigDecimal newEnd = end.add(shift(slowedEnds, end, delta));
                if (e.path("name").asText().startsWith("ProfilerStep") && "user_annotation".equals(e.path("cat").asText())) {
                    stepStart = newTs;
                    stepEnd = newEnd;
                    assertEquals(new BigDecimal("42738.946").add(shift(slowedEnds, end, delta))
                            .subtract(shift(slowedEnds, ts, delta)), newEnd.subtract(newTs));
                }
                ((ObjectNode) e).put("dur", newEnd.subtract(newTs));
            }
            ((ObjectNode) e).put("ts", newTs);
        }
        assertNotNull(stepStart);
        Path slowed = tmp.resolve("slowed.json");
        Files.write(slowed, json.writeValueAsBytes(root));
        Result r = diff(f, slowed, TraceDiff.Options.defaults());
        double expected = stepEnd.subtract(stepStart).doubleValue() - 42738.946;
        assertTrue(expected > 2000, "the step holds most of the slowed kernels: " + expected);
        assertEquals(expected, r.metric("step_time_delta_us").number(), 1e-6);
        // 34 attn_fwd kernels are launched from the step: 3400 µs more in the kernel table
        Table k = r.table("kernels");
        int a = row(k, "name", "attn_fwd");
        assertEquals(34.0, num(k, a, "count_b"));
        assertEquals(3400.0, num(k, a, "delta_us"), 1e-6);
        assertEquals(expected, explainedDelta(r), 1e-6);
        Table ex = r.table("explain");
        assertEquals("aten::_flash_attention_forward", ex.value(0, "part"));
        assertTrue(has(r, "run-slower"));
        Finding op = r.findings().stream().filter(x -> x.code().equals("operator-slower")).findFirst().orElseThrow();
        assertTrue(op.summary().startsWith("aten::_flash_attention_forward takes"), op.summary());
        assertTrue(op.gainNs() > 2_000_000, "gain " + op.gainNs());
    }

    private static BigDecimal shift(List<BigDecimal> slowedEnds, BigDecimal t, BigDecimal delta) {
        BigDecimal s = BigDecimal.ZERO;
        for (BigDecimal e : slowedEnds) {
            if (e.compareTo(t) <= 0) {
                s = s.add(delta);
            }
        }
        return s;
    }

    /** Kineto's documentation pair before/after a synchronisation fix: no steps, one 20 ns kernel on each side. */
    @Test
    void kinetoBeforeAfterFix() throws Exception {
        Path d = TraceFiles.sharedTraces().resolve("pytorch--kineto/docs/traces");
        Result r = diff(d.resolve("before_fix_trace.json"), d.resolve("after_fix_trace.json"),
                TraceDiff.Options.defaults());
        assertEquals("device_span", r.metric("step_pairing").value());
        assertEquals(0.02, r.metric("step_time_a_us").number(), 1e-9);
        assertEquals(0.02, r.metric("step_time_b_us").number(), 1e-9);
        assertEquals(0.02, r.metric("launch_latency_a_us").number(), 1e-9);
        assertEquals(0.02, r.metric("launch_latency_b_us").number(), 1e-9);
        Table ops = r.table("operators");
        int op = row(ops, "name", "op1");
        assertEquals(1.0, num(ops, op, "count_a"));
        assertEquals(0.02, num(ops, op, "total_us_b"), 1e-9);
        assertTrue(has(r, "runs-equal"));
    }

    /** Two ranks of HTA's trace_filter job (one folder): rank 1 against rank 0, steps 551 and 552. */
    @Test
    void twoRanksOfOneJob() throws Exception {
        TraceSet job = load(TraceFiles.sharedTraces().resolve("hta/trace_filter"));
        Comparison same = TraceDiff.compare(job, job, TraceDiff.Options.defaults(), Progress.none());
        assertEquals(2, same.pairs().size());
        assertEquals(0.0, same.result().metric("step_time_delta_us").number());
        Comparison c = TraceDiff.compare(job, job,
                TraceDiff.Options.defaults().withRankPairs(List.<int[]>of(new int[] {0, 1})), Progress.none());
        Result r = c.result();
        // ProfilerStep#551/#552 last 607312/622928 µs on rank 0 and 607904/630639 µs on rank 1
        assertEquals((607312.0 + 622928) / 2, r.metric("step_time_a_us").number(), 1e-6);
        assertEquals((607904.0 + 630639) / 2, r.metric("step_time_b_us").number(), 1e-6);
        Table steps = r.table("steps");
        assertEquals(592.0, num(steps, 0, "delta_us"), 1e-6);
        assertEquals(7711.0, num(steps, 1, "delta_us"), 1e-6);
        assertEquals(4151.5, explainedDelta(r), 1e-6);
    }
}
