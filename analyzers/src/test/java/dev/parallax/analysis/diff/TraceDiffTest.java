package dev.parallax.analysis.diff;

import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-made Kineto traces whose comparison is computed by hand. */
class TraceDiffTest {
    @TempDir
    Path dir;

    /**
     * One step on the host (tid 1) from 0 to {@code stepUs}: aten::mm launches a gemm at 12 µs that runs
     * [100, 100 + gemmUs), aten::add launches add_kernel at 42 µs that runs right after it for 50 µs,
     * aten::relu launches relu_kernel at 600 µs that runs [650, 700); plus {@code extra} 1 µs kernels of
     * aten::fill_ launched at 800 µs + i and run at 900 µs + i.
     */
    private TraceSet trace(int step, long stepUs, long gemmUs, int extra) {
        List<String> ev = new ArrayList<>();
        ev.add(x("ProfilerStep#" + step, "user_annotation", 1, 0, stepUs, ""));
        ev.add(x("aten::mm", "cpu_op", 1, 10, 20, ""));
        ev.add(launch(12, 1));
        ev.add(kernel("void gemm_kernel<float, 128>(float*, float const*)", 100, gemmUs, 1));
        ev.add(x("aten::add", "cpu_op", 1, 40, 10, ""));
        ev.add(launch(42, 2));
        ev.add(kernel("add_kernel", 100 + gemmUs, 50, 2));
        ev.add(x("aten::relu", "cpu_op", 1, 598, 12, ""));
        ev.add(launch(600, 3));
        ev.add(kernel("relu_kernel", 650, 50, 3));
        if (extra > 0) {
            ev.add(x("aten::fill_", "cpu_op", 1, 799, extra + 2, ""));
        }
        for (int i = 0; i < extra; i++) {
            ev.add(launch(800 + i, 10 + i));
            ev.add(kernel("fill_kernel", 900 + i, 1, 10 + i));
        }
        String json = "{\"traceEvents\":[" + String.join(",", ev) + "]}";
        return TraceSet.single(TraceFiles.load(dir, json));
    }

    private static String x(String name, String cat, int tid, long ts, long dur, String args) {
        return String.format(Locale.ROOT, "{\"ph\":\"X\",\"name\":\"%s\",\"cat\":\"%s\",\"pid\":1,\"tid\":%d,\"ts\":%d,"
                + "\"dur\":%d,\"args\":{%s}}", name, cat, tid, ts, dur, args);
    }

    private static String launch(long ts, int corr) {
        return x("cudaLaunchKernel", "cuda_runtime", 1, ts, 1, "\"correlation\":" + corr);
    }

    private static String kernel(String name, long ts, long dur, int corr) {
        return String.format(Locale.ROOT, "{\"ph\":\"X\",\"name\":\"%s\",\"cat\":\"kernel\",\"pid\":0,\"tid\":7,"
                + "\"ts\":%d,\"dur\":%d,\"args\":{\"device\":0,\"stream\":7,\"correlation\":%d}}", name, ts, dur, corr);
    }

    private static double part(Result r, String name) {
        Table t = r.table("explain");
        for (int i = 0; i < t.rows().size(); i++) {
            if (t.value(i, "part").equals(name)) {
                return ((Number) t.value(i, "delta_us")).doubleValue();
            }
        }
        return 0;
    }

    private static Finding finding(Result r, String code) {
        return r.findings().stream().filter(f -> f.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + r.findings()));
    }

    @Test
    void slowerGemmExplainsTheLongerStep() {
        // A: busy 300 (gemm 200, add 50, relu 50); idle: host wait 100 (0..100, gemm launched at 12 after the
        // device went idle) + 300 (350..650, relu launched at 600), end of step 300 (700..1000)
        // B: gemm 400 → busy 500; host wait 100 + 100 (550..650); end of step 500 (700..1200)
        Comparison c = TraceDiff.compare(trace(1, 1000, 200, 0), trace(1, 1200, 400, 0), TraceDiff.Options.defaults(),
                Progress.none());
        Result r = c.result();
        assertEquals(1000.0, r.metric("step_time_a_us").number());
        assertEquals(1200.0, r.metric("step_time_b_us").number());
        assertEquals(20.0, r.metric("step_time_delta_pct").number(), 1e-9);
        Table b = r.table("breakdown");
        assertEquals(List.of("GPU busy", 300.0, 500.0, 200.0), b.rows().get(1).subList(0, 4));
        assertEquals(List.of("idle: host wait", 400.0, 200.0, -200.0), b.rows().get(7).subList(0, 4));
        assertEquals(List.of("idle: end of step", 300.0, 500.0, 200.0), b.rows().get(10).subList(0, 4));
        assertEquals("operator", r.metric("explained_by").value());
        assertEquals(200.0, part(r, "aten::mm"), 1e-9);
        assertEquals(0.0, part(r, "aten::add"), 1e-9);
        assertEquals(-200.0, part(r, "idle: host wait (GPU waits for launches)"), 1e-9);
        assertEquals(200.0, part(r, "idle: end of step (no work queued)"), 1e-9);
        Table ops = r.table("operators");
        assertEquals("aten::mm", ops.value(0, "name"));
        assertEquals(200.0, ops.value(0, "delta_us"));
        assertEquals(100.0, ops.value(0, "delta_pct"));
        Finding slower = finding(r, "operator-slower");
        assertEquals("aten::mm takes 100 % longer in B, 200 µs of the 200 µs regression", slower.summary());
        assertEquals(200_000, slower.gainNs());
        assertEquals(200_000, finding(r, "run-slower").gainNs());
        // kernels by normalised name; launch latency (100 − 12 + 300 − 42 + 650 − 600) / 3 in A
        Table k = r.table("kernels");
        assertEquals("gemm_kernel", k.value(0, "name"));
        assertEquals((88.0 + 258 + 50) / 3, r.metric("launch_latency_a_us").number(), 1e-9);
        // queue depth at the three launches of A: 0, 1 (gemm not finished at 42), 0
        assertEquals(1.0 / 3, r.metric("queue_depth_a").number(), 1e-9);
        assertEquals(1L, r.metric("queue_depth_max_a").value());
    }

    @Test
    void moreKernelsAndStepsPairedByOrder() {
        Comparison c = TraceDiff.compare(trace(3, 1000, 200, 0), trace(7, 1000, 200, 40), TraceDiff.Options.defaults(),
                Progress.none());
        Result r = c.result();
        assertEquals(TraceDiff.StepPairing.ORDER, c.stepPairing());
        finding(r, "steps-paired-by-order");
        Finding more = finding(r, "more-launches");
        assertTrue(more.summary().startsWith("B launches 14.3× as many device events per step (43 vs 3)"), more.summary());
        Finding only = finding(r, "only-in-b");
        assertEquals(List.of("aten::fill_"), only.details());
        // 40 fill kernels of 1 µs run in the tail of B's equally long step: aten::fill_ +40 µs, the idle parts
        // absorb it (the gap 700..900 becomes host wait, the kernels were launched at 800), the parts sum to 0
        assertEquals(0.0, r.metric("step_time_delta_us").number());
        assertEquals(40.0, part(r, "aten::fill_"), 1e-9);
        double sum = 0;
        Table t = r.table("explain");
        for (int i = 0; i < t.rows().size(); i++) {
            sum += ((Number) t.value(i, "delta_us")).doubleValue();
        }
        assertEquals(0.0, sum, 1e-9);
    }

    @Test
    void chosenStepsAndRanksThatDoNotExistAreErrors() {
        TraceSet a = trace(1, 1000, 200, 0);
        StepSelection nine = StepSelection.parse("9");
        assertThrows(IllegalArgumentException.class, () -> TraceDiff.compare(a, a,
                TraceDiff.Options.defaults().withSteps(nine, nine), Progress.none()));
        assertThrows(IllegalArgumentException.class, () -> TraceDiff.compare(a, a,
                TraceDiff.Options.defaults().withRankPairs(List.<int[]>of(new int[] {0, 5})), Progress.none()));
        assertThrows(IllegalArgumentException.class, () -> StepSelection.parse("5:2"));
        assertEquals(new StepSelection(3, 4), StepSelection.parse(" 3 : 4 "));
    }
}
