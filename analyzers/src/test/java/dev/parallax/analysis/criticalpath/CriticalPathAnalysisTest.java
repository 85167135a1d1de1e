package dev.parallax.analysis.criticalpath;

import dev.parallax.analysis.Finding;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Small hand-made traces whose critical path is worked out by hand (times in µs). */
class CriticalPathAnalysisTest {
    @TempDir
    Path dir;

    private final CriticalPathAnalysis analysis = new CriticalPathAnalysis();

    private static String x(String cat, String name, int pid, int tid, long ts, long dur, String args) {
        return "{\"ph\":\"X\",\"cat\":\"" + cat + "\",\"name\":\"" + name + "\",\"pid\":" + pid + ",\"tid\":" + tid
                + ",\"ts\":" + ts + ",\"dur\":" + dur + ",\"args\":{" + args + "}},";
    }

    private static String op(String name, long ts, long dur) {
        return x("cpu_op", name, 1, 1, ts, dur, "");
    }

    private static String launch(long corr, long ts, long dur) {
        return x("cuda_runtime", "cudaLaunchKernel", 1, 1, ts, dur, "\"correlation\":" + corr);
    }

    private static String runtime(String name, long corr, long ts, long dur) {
        return x("cuda_runtime", name, 1, 1, ts, dur, "\"correlation\":" + corr);
    }

    private static String kernel(String name, long corr, long ts, long dur) {
        return x("kernel", name, 0, 7, ts, dur, "\"correlation\":" + corr + ",\"stream\":7,\"device\":0");
    }

    private static String sync(String kind, long corr, int stream, long ts, long dur) {
        return x("cuda_sync", kind, 0, stream, ts, dur, "\"correlation\":" + corr + ",\"stream\":" + stream
                + ",\"device\":0");
    }

    private Trace trace(String... events) {
        StringBuilder sb = new StringBuilder("{\"traceEvents\":[");
        sb.append(x("user_annotation", "ProfilerStep#0", 1, 1, 0, 2000, ""));
        for (String e : events) {
            sb.append(e);
        }
        sb.setLength(sb.length() - 1);
        return TraceFiles.load(dir, sb.append("]}").toString());
    }

    /**
     * A [0,400] launches K1 (launch at 300, kernel 330–380); B [400,900] launches K2 (launch at 850, kernel
     * 880–920). Path: A's 300 µs before its launch, the launch call 20, A's tail 80, B's 450 before its launch
     * (850 CPU), launch delay 30, K2 40: 920 µs.
     */
    private Trace cpuBound() {
        return trace(op("A", 0, 400), launch(1, 300, 20), kernel("K1", 1, 330, 50),
                op("B", 400, 500), launch(2, 850, 20), kernel("K2", 2, 880, 40));
    }

    /**
     * A [0,100] launches three 400 µs kernels back to back (5 µs gaps), then cudaDeviceSynchronize waits for
     * them. Path: A 10, launch delay 15, K1 400, gap 5, K2 400, gap 5, K3 400: 1235 µs.
     */
    private Trace gpuBound() {
        return trace(op("A", 0, 100), launch(1, 10, 10), launch(2, 30, 10), launch(3, 50, 10),
                kernel("K1", 1, 25, 400), kernel("K2", 2, 430, 400), kernel("K3", 3, 835, 400),
                runtime("cudaDeviceSynchronize", 4, 100, 1200), sync("Context Sync", 4, -1, 100, 1200));
    }

    /**
     * A launches K1 (500 µs); cudaStreamSynchronize waits for it; then B launches K2. Path: A 10, launch 20,
     * K1 500, the sync edge, B 10, launch 20, K2 50: 610 µs. Without the sync edge the CPU's 50 µs would be it.
     */
    private Trace syncBound() {
        return trace(op("A", 0, 50), launch(1, 10, 10), kernel("K1", 1, 30, 500),
                runtime("cudaStreamSynchronize", 2, 60, 480), sync("Stream Sync", 2, 7, 60, 480),
                op("B", 550, 50), launch(3, 560, 10), kernel("K2", 3, 580, 50));
    }

    private Result run(Trace t, Map<String, String> params) {
        return analysis.run(TraceSet.single(t), ParameterValues.parse(analysis.parameters(), params), Progress.none());
    }

    private static double metric(Result r, String key) {
        return ((Number) r.metric(key).value()).doubleValue();
    }

    @Test
    void cpuBoundPath() {
        Result r = run(cpuBound(), Map.of());
        assertThat(metric(r, "path_us")).isEqualTo(920.0);
        assertThat(metric(r, "cpu_bound_us")).isEqualTo(850.0);
        assertThat(metric(r, "gpu_kernel_launch_overhead_us")).isEqualTo(30.0);
        assertThat(metric(r, "gpu_compute_bound_us")).isEqualTo(40.0);
        assertThat(metric(r, "cpu_bound_pct")).isCloseTo(92.39, org.assertj.core.data.Offset.offset(0.01));
        Finding f = r.findings().stream().filter(x -> x.code().equals(CriticalPathAnalysis.CPU_BOUND)).findFirst()
                .orElseThrow();
        // 2× faster CPU: A 200, B's 225 before its launch, launch delay 30, K2 40 = 495
        assertThat(f.gainNs()).isEqualTo(920_000 - 495_000);
        assertThat(f.summary()).contains("92 % of its critical path is on the CPU").contains("by only 20 µs");
        Table top = r.table("top_ops");
        assertThat(top.value(0, "name")).isEqualTo("B");
        assertThat(top.value(0, "time_us")).isEqualTo(450.0);
        assertThat(top.location(0).trackId()).isNotNegative();
        Table path = r.table("path");
        assertThat(path.rows()).hasSize(7);
        assertThat(path.value(6, "name")).isEqualTo("K2");
        assertThat(path.value(6, "bound")).isEqualTo("gpu_compute_bound");
        assertThat(r.overlays().get(0).lanes()).extracting(l -> l.label()).contains("critical path: CPU");
        // outlined: A, its launch call, B, K2 (B's launch call is crossed by the launch edge's source only)
        assertThat(r.overlays().get(0).marks()).hasSize(5);
        assertThat(r.overlays().get(0).links()).singleElement()
                .satisfies(l -> assertThat(l.kind()).isEqualTo("kernel_launch_delay"))
                .satisfies(l -> assertThat(l.toTime() - l.fromTime()).isEqualTo(30_000));
    }

    @Test
    void whatIfRecomputesThePathOnTheGraph() {
        // K2 2× faster: 850 + 30 + 20 = 900, and B's end (900) ties with it
        Result k2 = run(cpuBound(), Map.of("shrink", "K2:2"));
        assertThat(metric(k2, "what_if_path_us")).isEqualTo(900.0);
        assertThat(metric(k2, "what_if_gain_us")).isEqualTo(20.0);
        // B 2× faster with what it encloses: A 400, B's 225 before its launch, launch delay 30, K2 40 = 695
        Result b = run(cpuBound(), Map.of("shrink", "^B$:2"));
        assertThat(metric(b, "what_if_path_us")).isEqualTo(695.0);
        Table w = b.table("what_if");
        assertThat(w.value(0, "matched")).isEqualTo(1);
        assertThat(w.value(0, "gain_us")).isEqualTo(225.0);
        // K1 is off the path: making it 10× faster gains nothing
        assertThat(metric(run(cpuBound(), Map.of("shrink", "K1:10")), "what_if_gain_us")).isEqualTo(0.0);
        // several what-ifs at once, ';'-separated; the factor follows the last colon
        assertThat(metric(run(cpuBound(), Map.of("shrink", "K2:2; ^B$:2")), "what_if_path_us")).isEqualTo(675.0);
    }

    @Test
    void whatIfForOneSliceUsesItsStepAndItsExactName() {
        Map<String, String> p = CriticalPathAnalysis.whatIfParameters(cpuBound(), 0, 500_000, "B", 2);
        assertThat(p).containsEntry("annotation", "ProfilerStep").containsEntry("instance", "0");
        Result r = run(cpuBound(), p);
        assertThat(metric(r, "what_if_gain_us")).isEqualTo(225.0);
        assertThat(CriticalPathAnalysis.whatIfParameters(cpuBound(), 0, 5_000_000, "B", 2))
                .containsEntry("annotation", "");
    }

    @Test
    void gpuBoundPath() {
        Result r = run(gpuBound(), Map.of());
        assertThat(metric(r, "path_us")).isEqualTo(1235.0);
        assertThat(metric(r, "gpu_compute_bound_us")).isEqualTo(1200.0);
        assertThat(metric(r, "gpu_kernel_kernel_overhead_us")).isEqualTo(10.0);
        assertThat(metric(r, "gpu_kernel_launch_overhead_us")).isEqualTo(15.0);
        assertThat(metric(r, "cpu_bound_us")).isEqualTo(10.0);
        Finding f = r.findings().stream().filter(x -> x.code().equals(CriticalPathAnalysis.GPU_BOUND)).findFirst()
                .orElseThrow();
        assertThat(f.gainNs()).isEqualTo(600_000);
        assertThat(r.findings()).noneMatch(x -> x.code().equals(CriticalPathAnalysis.CPU_BOUND));
    }

    @Test
    void syncBoundPathGoesThroughTheWait() {
        Result r = run(syncBound(), Map.of());
        assertThat(metric(r, "path_us")).isEqualTo(610.0);
        assertThat(metric(r, "gpu_compute_bound_us")).isEqualTo(550.0);
        assertThat(metric(r, "cpu_bound_us")).isEqualTo(20.0);
        assertThat(metric(r, "gpu_kernel_launch_overhead_us")).isEqualTo(40.0);
        assertThat(r.table("path").rows()).anyMatch(row -> row.contains("sync_dependency"));
        // K1 2× faster: the wait shrinks with it and B starts 250 µs earlier
        assertThat(metric(run(syncBound(), Map.of("shrink", "K1:2")), "what_if_gain_us")).isEqualTo(250.0);
    }

    @Test
    void regionByAnnotationInstanceAndMissingRegion() {
        Result r = run(cpuBound(), Map.of("annotation", "ProfilerStep", "instance", "3"));
        assertThat(r.applies()).isFalse();
        assertThat(r.applicability().reason()).contains("ProfilerStep").contains("instance 3");
        assertThat(r.findings()).extracting(Finding::code).containsExactly(CriticalPathAnalysis.REGION_MISSING);
        Result whole = run(cpuBound(), Map.of("annotation", ""));
        assertThat(metric(whole, "path_us")).isEqualTo(920.0);
    }

    @Test
    void anEmptyRegionIsAFindingNotAnError() {
        Trace t = trace(op("A", 0, 100), x("user_annotation", "idle", 1, 2, 3000, 100, ""));
        Result r = run(t, Map.of("annotation", "idle"));
        assertThat(r.applies()).isFalse();
        assertThat(r.findings()).extracting(Finding::code).contains(CriticalPathAnalysis.EMPTY_REGION);
    }

    @Test
    void notApplicableWithoutCpuOperators() {
        Trace t = TraceFiles.load(dir, "[" + kernel("K", 1, 0, 10).replaceAll(",$", "") + "]");
        Result r = analysis.run(TraceSet.single(t), ParameterValues.defaults(), Progress.none());
        assertThat(r.applies()).isFalse();
        assertThat(r.applicability().reason()).contains("no CPU operators");
    }

    @Test
    void badShrinkIsAClearError() {
        assertThatThrownBy(() -> Shrink.parseList("gemm")).hasMessageContaining("REGEX:FACTOR");
        assertThatThrownBy(() -> Shrink.parseList("gemm:x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Shrink.parseList("gemm:0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> Shrink.parseList("(:2")).hasMessageContaining("regular expression");
        assertThat(Shrink.parseList("aten::mm:2").get(0).pattern().pattern()).isEqualTo("aten::mm");
    }
}
