package dev.parallax.analysis.bubbles;

import dev.parallax.analysis.Finding;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.model.pipeline.BubbleFormulas;
import dev.parallax.model.pipeline.PipelineConfig;
import dev.parallax.model.pipeline.PipelineSimulator;
import dev.parallax.model.pipeline.PipelineTimeline;
import dev.parallax.model.pipeline.ScheduleKind;
import dev.parallax.trace.Severity;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BubbleAnalysisTest {
    private static final long MS = 1_000_000;
    private final BubbleAnalysis analysis = new BubbleAnalysis();

    private Result run(TraceSet set) {
        return analysis.run(set, ParameterValues.defaults(), Progress.none());
    }

    private static double metric(Result r, String key) {
        return ((Number) r.metrics().get(key)).doubleValue();
    }

    /**
     * 1F1B, p = 2, m = 2, T_F = 1 ms, T_B = 2 ms, no latency, worked out by hand:
     * stage 0: F0 [0,1] F1 [1,2] B0 [4,6] B1 [8,10]; stage 1: F0 [1,2] B0 [2,4] F1 [4,5] B1 [5,7]... (1F1B on
     * the last stage runs F1 as soon as it arrives at 2, then B1). Timeline below; window [0,10] ms.
     */
    @Test
    void handWorkedOneFOneBWithTwoStages() {
        List<PipelineTraces.Pass> passes = List.of(
                new PipelineTraces.Pass(0, "F", 0, 0, 0, MS),
                new PipelineTraces.Pass(0, "F", 1, 0, MS, 2 * MS),
                new PipelineTraces.Pass(1, "F", 0, 0, MS, 2 * MS),
                new PipelineTraces.Pass(1, "B", 0, 0, 2 * MS, 4 * MS),
                new PipelineTraces.Pass(1, "F", 1, 0, 4 * MS, 5 * MS),
                new PipelineTraces.Pass(1, "B", 1, 0, 5 * MS, 7 * MS),
                new PipelineTraces.Pass(0, "B", 0, 0, 4 * MS, 6 * MS),
                new PipelineTraces.Pass(0, "B", 1, 0, 7 * MS, 9 * MS));
        Result r = run(PipelineTraces.build(2, passes, true, true));
        assertThat(r.metrics().get("schedule")).isEqualTo("1f1b");
        assertThat(metric(r, "microbatches")).isEqualTo(2);
        Table t = r.table("stages");
        // window [0, 9] ms; stage 0 busy 6 ms: warm-up 0, stalls 2+1 = 3, cool-down 0
        assertThat((double) t.value(0, "busy_seconds")).isCloseTo(0.006, within(1e-9));
        assertThat((double) t.value(0, "stall_seconds")).isCloseTo(0.003, within(1e-9));
        assertThat((double) t.value(0, "bubble_fraction")).isCloseTo(3.0 / 9, within(1e-9));
        // stage 1 busy 6 ms: warm-up 1, stall 0, cool-down 2
        assertThat((double) t.value(1, "warmup_seconds")).isCloseTo(0.001, within(1e-9));
        assertThat((double) t.value(1, "cooldown_seconds")).isCloseTo(0.002, within(1e-9));
        assertThat((double) t.value(1, "stall_seconds")).isCloseTo(0.0, within(1e-9));
        assertThat(metric(r, "bubble_fraction")).isCloseTo(3.0 / 9, within(1e-9));
        assertThat(metric(r, "theoretical_bubble_fraction")).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void recognisesEachScheduleAndMatchesItsSimulationWhenStagesAreEqual() {
        for (ScheduleKind kind : ScheduleKind.values()) {
            int v = kind == ScheduleKind.INTERLEAVED ? 2 : 1;
            double tw = kind.splitsBackward() ? 0.001 : 0;
            PipelineTimeline t = PipelineSimulator.simulate(kind, PipelineConfig.uniform(4, 8, v, 0.002, 0.003, tw, 0));
            Result r = run(PipelineTraces.build(4, PipelineTraces.fromTimeline(t, 1_000_000_000L), true, true));
            assertThat(r.metrics().get("schedule")).as(kind.id()).isEqualTo(kind.id());
            assertThat(metric(r, "chunks")).isEqualTo(v);
            assertThat(metric(r, "microbatches")).isEqualTo(8);
            assertThat(metric(r, "bubble_fraction")).as(kind.id())
                    .isCloseTo(metric(r, "simulated_bubble_fraction"), within(1e-6));
            if (kind == ScheduleKind.ONE_F_ONE_B || kind == ScheduleKind.GPIPE) {
                assertThat(metric(r, "bubble_fraction")).isCloseTo(3.0 / 11, within(1e-6));
            }
        }
    }

    @Test
    void belowTheClosedFormsRangeTheoryIsTheEqualStageSimulation() {
        // ZB-H1's (p−1)(T_F+T_B−T_W) needs m ≥ p micro-batches; with m = 3 on 4 stages the schedule idles more
        PipelineTimeline t = PipelineSimulator.simulate(ScheduleKind.ZB_H1, PipelineConfig.uniform(4, 3, 1, 0.001, 0.001, 0.001, 0));
        Result r = run(PipelineTraces.build(4, PipelineTraces.fromTimeline(t, 1_000_000_000L), true, true));
        assertThat(r.metrics().get("schedule")).isEqualTo("zb-h1");
        double formula = BubbleFormulas.bubbleFraction(ScheduleKind.ZB_H1, 4, 3, 1, 0.001, 0.001, 0.001);
        assertThat(metric(r, "bubble_fraction")).isGreaterThan(formula + 0.01);
        assertThat(metric(r, "theoretical_bubble_fraction")).isCloseTo(metric(r, "bubble_fraction"), within(1e-6));
    }

    @Test
    void aSlowStageIsNamedWithHowMuchSlowerItIs() {
        double[] f = {0.002, 0.002, 0.0026, 0.002};
        double[] b = {0.004, 0.004, 0.0052, 0.004};
        PipelineTimeline t = PipelineSimulator.simulate(ScheduleKind.ONE_F_ONE_B,
                new PipelineConfig(4, 8, 1, f, b, new double[4], 0.0001));
        Result r = run(PipelineTraces.build(4, PipelineTraces.fromTimeline(t, 0), true, true));
        assertThat(r.findings()).anySatisfy(fd -> {
            assertThat(fd.severity()).isEqualTo(Severity.WARNING);
            assertThat(fd.summary()).startsWith("Stage 2 (rank 2) is 30 % slower");
        });
        assertThat(metric(r, "p2p_latency_seconds")).isCloseTo(0.0001, within(1e-9));
        assertThat(metric(r, "bubble_fraction")).isCloseTo(metric(r, "simulated_bubble_fraction"), within(1e-6));
    }

    @Test
    void anInjectedStallShowsAsAGapToTheSimulationOnTheStalledStage() {
        PipelineTimeline t = PipelineSimulator.simulate(ScheduleKind.ONE_F_ONE_B,
                PipelineConfig.uniform(4, 8, 1, 0.002, 0.004, 0, 0));
        List<PipelineTraces.Pass> passes = new ArrayList<>(PipelineTraces.fromTimeline(t, 0));
        // stage 3 stalls 5 ms before its 4th backward (e.g. a host-side hiccup): shift its later passes
        long at = passes.stream().filter(p -> p.stage() == 3 && p.kind().equals("B") && p.microbatch() == 3)
                .findFirst().orElseThrow().start();
        List<PipelineTraces.Pass> shifted = new ArrayList<>();
        for (PipelineTraces.Pass p : passes) {
            shifted.add(p.start() >= at ? new PipelineTraces.Pass(p.stage(), p.kind(), p.microbatch(), p.chunk(),
                    p.start() + 5 * MS, p.end() + 5 * MS) : p);
        }
        Result r = run(PipelineTraces.build(4, shifted, true, true));
        Table st = r.table("stages");
        assertThat((double) st.value(3, "stall_seconds")).isGreaterThanOrEqualTo(0.005 - 1e-9);
        assertThat(metric(r, "bubble_fraction")).isGreaterThan(metric(r, "simulated_bubble_fraction") + 0.03);
        assertThat(r.findings()).extracting(Finding::summary)
                .anyMatch(s -> s.startsWith("Measured bubble is") && s.contains("3") && s.contains("5.00 ms"));
    }

    @Test
    void tooFewMicrobatchesSaysWhatMoreWouldGive() {
        PipelineTimeline t = PipelineSimulator.simulate(ScheduleKind.ONE_F_ONE_B,
                PipelineConfig.uniform(4, 4, 1, 0.002, 0.004, 0, 0));
        Result r = run(PipelineTraces.build(4, PipelineTraces.fromTimeline(t, 0), true, true));
        // (p−1)/(m+p−1) = 3/7 = 42.9 %, with m = 8: 3/11 = 27.3 %
        assertThat(r.findings()).extracting(Finding::summary)
                .anyMatch(s -> s.contains("m = 4") && s.contains("42.9 %") && s.contains("m = 8") && s.contains("27.3 %"));
    }

    @Test
    void cpuAnnotationsAndAUserStageMapWork() {
        PipelineTimeline t = PipelineSimulator.simulate(ScheduleKind.GPIPE, PipelineConfig.uniform(2, 4, 1, 0.001, 0.002, 0, 0));
        TraceSet set = PipelineTraces.build(2, PipelineTraces.fromTimeline(t, 0), false, false);
        Result none = run(set);
        assertThat(none.applies()).isFalse();
        assertThat(none.applicability().reason()).contains("not a pipeline-parallel job");
        assertThat(none.findings()).isEmpty();
        Result r = analysis.run(set, ParameterValues.parse(analysis.parameters(), java.util.Map.of("stage_map", "0=0,1=1")),
                Progress.none());
        assertThat(r.metrics().get("schedule")).isEqualTo("gpipe");
        assertThat(r.metrics().get("stage_source")).isEqualTo("the stage map given by the user");
        assertThat(metric(r, "bubble_fraction")).isCloseTo(1.0 / 5, within(1e-6));
    }

    /**
     * Without annotations the passes come from GPU busy periods between the pipeline's send/recv kernels:
     * a 2-stage GPipe job whose compute kernels (1 ms forward, 2 ms backward) are separated by SendRecv kernels.
     */
    @Test
    void withoutAnnotationsPassesComeFromBusyPeriodsBetweenSendRecvKernels() {
        PipelineTimeline t = PipelineSimulator.simulate(ScheduleKind.GPIPE, PipelineConfig.uniform(2, 4, 1, 0.001, 0.002, 0, 0));
        List<dev.parallax.trace.TraceSet.Member> members = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            dev.parallax.trace.TraceBuilder b = new dev.parallax.trace.TraceBuilder("rank-" + s);
            int compute = b.sliceTrack(dev.parallax.trace.TrackKind.GPU_STREAM, "0", "7");
            int comm = b.sliceTrack(dev.parallax.trace.TrackKind.GPU_STREAM, "0", "20");
            int kernel = b.intern("kernel");
            for (dev.parallax.model.pipeline.PipelineOp op : t.opsOf(s)) {
                long start = Math.round(op.start() * 1e9);
                long end = Math.round(op.end() * 1e9);
                // each pass: a few back-to-back kernels, then a send/recv to the neighbour
                long third = (end - start) / 3;
                for (int k = 0; k < 3; k++) {
                    b.addSlice(compute, start + k * third, k == 2 ? end - start - 2 * third : third,
                            b.intern("sm90_gemm_" + op.kind()), kernel, -1);
                }
                b.addSlice(comm, end, 20_000, b.intern("ncclDevKernel_SendRecv(ncclDevKernelArgsStorage<4096ul>)"), kernel, -1);
            }
            b.setMetadata(new dev.parallax.trace.TraceMetadata("kineto", s, 2, "nccl",
                    List.of(new dev.parallax.trace.ProcessGroup("1", "pp", "cuda:nccl", 2, List.of(0, 1))), List.of(), null,
                    java.util.Map.of()));
            members.add(new dev.parallax.trace.TraceSet.Member(b.build(0, 0, 0), s, dev.parallax.trace.RankSource.DISTRIBUTED_INFO));
        }
        Result r = run(new TraceSet("job", members));
        assertThat((String) r.metrics().get("work_source")).contains("busy periods");
        assertThat(r.metrics().get("schedule")).isEqualTo("gpipe");
        assertThat(metric(r, "microbatches")).isEqualTo(4);
        assertThat((double) r.table("stages").value(0, "tf_seconds")).isCloseTo(0.001, within(1e-9));
        assertThat((double) r.table("stages").value(0, "tb_seconds")).isCloseTo(0.002, within(1e-9));
        assertThat(metric(r, "bubble_fraction")).isCloseTo(1.0 / 5, within(1e-6));
    }
}
