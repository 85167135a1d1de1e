package dev.parallax.analysis.criticalpath;

import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reproduces Holistic Trace Analysis's own critical-path tests (tests/test_critical_path_analysis.py) on its
 * traces in {@code hta/critical_path}: node ids, edge weights and types, and the size of the path.
 */
class HtaCriticalPathTest {
    static final String ALEXNET_FORWARD = "[param|pytorch.model.alex_net|0|0|0|measure|forward]";

    static Trace load(String dir) throws Exception {
        Path d = TraceFiles.sharedTraces().resolve("hta/critical_path/" + dir);
        try (Stream<Path> s = Files.list(d)) {
            return TraceFiles.load(s.findFirst().orElseThrow());
        }
    }

    static CriticalPathGraph graph(String dir, String annotation, int instance) throws Exception {
        Trace t = load(dir);
        return CriticalPathAnalysis.graph(t, Region.find(t, annotation, instance, -1));
    }

    /** Graph events named {@code name} (prefix), in start order. */
    static List<Integer> events(CriticalPathGraph g, String name) {
        List<Integer> out = new ArrayList<>();
        for (int e = 0; e < g.eventCount(); e++) {
            if (g.eventName(e).startsWith(name)) {
                out.add(e);
            }
        }
        out.sort((a, b) -> Long.compare(g.eventStart(a), g.eventStart(b)));
        return out;
    }

    static int byCorrelation(CriticalPathGraph g, String name, long correlation) {
        Trace t = g.trace();
        int key = t.strings().find("correlation");
        for (int e : events(g, name)) {
            SliceTrack track = g.eventTrack(e);
            if (t.args().getLong(track.args(g.eventRow(e)), key, t.strings(), -1) == correlation) {
                return e;
            }
        }
        throw new AssertionError(name + " with correlation " + correlation + " not in the graph");
    }

    /** The edge from node {@code src} to node {@code dst} as "TYPE weight_us", or null. */
    static String edge(CriticalPathGraph g, int src, int dst) {
        for (int i = 0; i < g.edgeCount(); i++) {
            if (g.edgeSource(i) == src && g.edgeTarget(i) == dst) {
                return g.edgeType(i) + " " + g.edgeWeight(i) / 1000;
            }
        }
        return null;
    }

    static int start(CriticalPathGraph g, int e) {
        for (int n = 0; n < g.nodeCount(); n++) {
            if (g.nodeEvent(n) == e && g.nodeIsStart(n)) {
                return n;
            }
        }
        return -1;
    }

    static int end(CriticalPathGraph g, int e) {
        for (int n = 0; n < g.nodeCount(); n++) {
            if (g.nodeEvent(n) == e && !g.nodeIsStart(n)) {
                return n;
            }
        }
        return -1;
    }

    @Test
    void simpleAddMatchesHtaNodesEdgesAndPath() throws Exception {
        CriticalPathGraph g = graph("simple_add", ALEXNET_FORWARD, 1);
        // aten::relu_ > aten::clamp_min_ > cudaLaunchKernel, HTA's nodes (57, 62), (58, 61), (59, 60): the same
        // nesting and weights; HTA numbers 11 more events (22 nodes) ahead of it, outside the path
        int relu = events(g, "aten::relu_").get(0);
        int clamp = events(g, "aten::clamp_min_").stream().filter(e -> g.parent(e) == relu).findFirst()
                .orElseThrow();
        int launch = events(g, "cudaLaunchKernel").stream().filter(e -> g.parent(e) == clamp).findFirst()
                .orElseThrow();
        int s = start(g, relu);
        assertThat(new int[] {start(g, relu) - s, end(g, relu) - s}).containsExactly(0, 5);
        assertThat(new int[] {start(g, clamp) - s, end(g, clamp) - s}).containsExactly(1, 4);
        assertThat(new int[] {start(g, launch) - s, end(g, launch) - s}).containsExactly(2, 3);
        assertThat(edge(g, s, s + 1)).isEqualTo("OPERATOR 15");
        assertThat(edge(g, s + 1, s + 2)).isEqualTo("OPERATOR 14");
        assertThat(edge(g, s + 2, s + 3)).isEqualTo("OPERATOR 17");
        assertThat(edge(g, s + 3, s + 4)).isEqualTo("OPERATOR 15");
        assertThat(edge(g, s + 4, s + 5)).isEqualTo("OPERATOR 32");

        // fft kernel (correlation 5597): launch delay 27 µs; next kernel (ampere_gcgemm, 5604): kernel-kernel gap 7 µs and
        // a zero-weight launch edge
        int fft = byCorrelation(g, "void fft2d_r2c_32x32", 5597);
        int fftLaunch = byCorrelation(g, "cudaLaunchKernel", 5597);
        assertThat(edge(g, start(g, fftLaunch), start(g, fft))).isEqualTo("LAUNCH 27");
        int sgemm = byCorrelation(g, "ampere_gcgemm_64x64_nt", 5604);
        assertThat(edge(g, end(g, fft), start(g, sgemm))).isEqualTo("KERNEL_KERNEL 7");
        assertThat(edge(g, start(g, byCorrelation(g, "cudaLaunchKernel", 5604)), start(g, sgemm)))
                .isEqualTo("LAUNCH 0");

        // the last kernel syncs to cudaDeviceSynchronize's end
        List<Integer> syncs = events(g, "cudaDeviceSynchronize");
        int deviceSync = syncs.get(syncs.size() - 1);
        int lastKernel = -1;
        for (int e = 0; e < g.eventCount(); e++) {
            if (g.isGpu(e) && g.eventEnd(e) <= g.eventEnd(deviceSync)
                    && (lastKernel < 0 || g.eventStart(e) > g.eventStart(lastKernel))) {
                lastKernel = e;
            }
        }
        assertThat(g.eventName(lastKernel)).contains("epilogue");
        assertThat(edge(g, end(g, lastKernel), end(g, deviceSync))).isEqualTo("SYNC 0");

        CriticalPath p = g.longestPath();
        assertThat(p.nodes()).hasSize(315);
        assertThat(p.edges()).hasSize(314);
        assertThat(p.events()).hasSize(159);
    }

    @Test
    void alexnetMatchesHtaPathAndGpuToGpuSync() throws Exception {
        CriticalPathGraph g = graph("alexnet", ALEXNET_FORWARD, 1);
        CriticalPath p = g.longestPath();
        assertThat(p.nodes()).hasSize(149);
        // cudaStreamWaitEvent: kernel on stream 20 (correlation 5606) → kernel on stream 7 (5629)
        int src = byCorrelation(g, "void fft2d_c2r_32x32", 5606);
        int dst = byCorrelation(g, "void at::native::", 5629);
        assertThat(edge(g, end(g, src), start(g, dst))).isEqualTo("SYNC 0");
        // HTA's summary has five rows (four bounds and the zero-weight dependencies)
        long[] b = p.boundTotals();
        assertThat(b[Bound.CPU.ordinal()] + b[Bound.GPU_COMPUTE.ordinal()] + b[Bound.LAUNCH.ordinal()]
                + b[Bound.KERNEL_KERNEL.ordinal()]).isEqualTo(p.length());
        assertThat(b[Bound.LAUNCH.ordinal()]).isPositive();
        assertThat(b[Bound.KERNEL_KERNEL.ordinal()]).isPositive();
    }

    @Test
    void eventSynchronizeAndDeviceSynchronizeWaitForTheKernel() throws Exception {
        CriticalPathGraph g = graph("cuda_event_sync", "ProfilerStep", 0);
        int kernel = events(g, "at::cuda::(anonymous namespace)::spin_kernel").get(0);
        int eventSync = events(g, "cudaEventSynchronize").get(0);
        int deviceSync = events(g, "cudaDeviceSynchronize").get(0);
        assertThat(edge(g, end(g, kernel), end(g, eventSync))).isEqualTo("SYNC 0");
        assertThat(edge(g, end(g, kernel), end(g, deviceSync))).isEqualTo("SYNC 0");
        assertThat(g.longestPath()).isNotNull();
    }

    @Test
    void streamWaitEventLinksTheRecordedKernelNotTheLatestOne() throws Exception {
        CriticalPathGraph g = graph("cuda_event_sync_multi_stream", "", 0);
        int kernel1 = events(g, "ampere_sgemm_128x64_nn").get(0);
        int kernel3 = events(g, "Memset (Device)").stream().filter(e -> edge(g, end(g, kernel1), start(g, e)) != null)
                .findFirst().orElseThrow();
        assertThat(edge(g, end(g, kernel1), start(g, kernel3))).isEqualTo("SYNC 0");
        assertThat(g.eventTrack(kernel1).info().stream()).isEqualTo(20);
        assertThat(g.eventTrack(kernel3).info().stream()).isEqualTo(24);
    }
}
