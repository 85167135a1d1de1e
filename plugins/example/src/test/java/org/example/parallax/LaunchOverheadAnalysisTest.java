package org.example.parallax;

import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.trace.Severity;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analysis on hand-made traces: three launches on a CPU thread and their kernels on a GPU stream, with
 * kernel durations chosen on either side of the launch durations. A plugin author can test the same way.
 */
class LaunchOverheadAnalysisTest {

    /** Launch i lasts 10 us; kernel i lasts kernelUs[i]. Linked by flows, or only by correlation args. */
    static Trace trace(boolean withFlows, long... kernelUs) {
        TraceBuilder b = new TraceBuilder("hand-made");
        int cpu = b.sliceTrack(TrackKind.CPU_THREAD, "100", "100");
        int gpu = b.sliceTrack(TrackKind.GPU_STREAM, "0", "7");
        b.setGpuStream(gpu, 0, 7);
        int corrKey = b.intern("correlation");
        for (int i = 0; i < kernelUs.length; i++) {
            long launchStart = i * 100_000L;
            long kernelStart = launchStart + 20_000L;
            b.args().begin();
            b.args().putLong(corrKey, 1000 + i);
            b.addSlice(cpu, launchStart, 10_000, b.intern("cudaLaunchKernel"), b.intern("cuda_runtime"), b.args().end());
            b.args().begin();
            b.args().putLong(corrKey, 1000 + i);
            b.addSlice(gpu, kernelStart, kernelUs[i] * 1000, b.intern("k" + i), b.intern("kernel"), b.args().end());
            if (withFlows) {
                b.flowPoint(1000 + i, b.intern("ac2g"), 's', cpu, launchStart, true);
                b.flowPoint(1000 + i, b.intern("ac2g"), 'f', gpu, kernelStart, true);
            }
        }
        return b.build(0, 0, 0);
    }

    private static Result run(Trace t) {
        return new LaunchOverheadAnalysis().run(TraceSet.single(t), ParameterValues.defaults(), Progress.none());
    }

    @Test
    void pairsLaunchesAndKernelsByFlows() {
        Result r = run(trace(true, 2, 30, 5));
        assertThat(r.metrics()).containsEntry("kernels_checked", 3L).containsEntry("kernels_shorter_than_launch", 2L);
        assertThat(r.table("short_kernels").rows()).hasSize(2);
        assertThat(r.findings().get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(r.findings().get(0).summary()).startsWith("2 of 3 kernels");
        // the finding points at the kernel with the largest shortfall (k0: 2 us against a 10 us launch)
        assertThat(r.findings().get(0).location().start()).isEqualTo(20_000L);
    }

    @Test
    void fallsBackToCorrelationIdsWithoutFlows() {
        Result r = run(trace(false, 50, 1, 40, 60));
        assertThat(r.metrics()).containsEntry("kernels_checked", 4L).containsEntry("kernels_shorter_than_launch", 1L);
        assertThat(r.findings().get(0).severity()).isEqualTo(Severity.WARNING); // 25% >= default 0.25
        Result quiet = new LaunchOverheadAnalysis().run(TraceSet.single(trace(false, 50, 1, 40, 60)),
                ParameterValues.defaults().with(LaunchOverheadAnalysis.WARN_SHARE, 0.5), Progress.none());
        assertThat(quiet.findings().get(0).severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void saysSoWhenNothingCanBePaired() {
        Result r = run(trace(false));
        assertThat(r.metrics()).containsEntry("kernels_checked", 0L);
        assertThat(r.findings().get(0).summary()).contains("No kernel");
    }
}
