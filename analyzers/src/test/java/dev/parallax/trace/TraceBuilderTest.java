package dev.parallax.trace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceBuilderTest {

    @Test
    void sortsRowsComputesDepthAndIndexesDepths() {
        TraceBuilder b = new TraceBuilder("mem");
        int t = b.sliceTrack(TrackKind.CPU_THREAD, "1", "7");
        int child = b.intern("child");
        int parent = b.intern("parent");
        int cat = b.intern("cpu_op");
        b.addSlice(t, 20, 10, child, cat, -1);
        b.addSlice(t, 10, 100, parent, cat, -1);
        b.addSlice(t, 40, 0, b.intern("instant"), cat, -1);
        b.addSlice(t, 200, 5, parent, cat, -1);
        Trace trace = b.build(0, 0, 0);
        SliceTrack s = trace.sliceTrack(0);
        assertThat(s.size()).isEqualTo(4);
        assertThat(s.start(0)).isEqualTo(10);
        assertThat(trace.string(s.name(0))).isEqualTo("parent");
        assertThat(s.depth(0)).isZero();
        assertThat(s.depth(1)).isEqualTo(1);
        assertThat(s.depth(2)).isEqualTo(1);
        assertThat(s.depth(3)).isZero();
        assertThat(s.depthCount()).isEqualTo(2);
        assertThat(s.depthSize(0)).isEqualTo(2);
        assertThat(s.countOverlapping(25, 35)).isEqualTo(2);
        assertThat(s.countOverlapping(40, 41)).isEqualTo(2);
        assertThat(s.countOverlapping(111, 200)).isZero();
        assertThat(trace.minTime()).isEqualTo(10);
        assertThat(trace.maxTime()).isEqualTo(205);
    }

    @Test
    void matchesBeginEndAndClosesUnmatchedBeginsWithADiagnostic() {
        TraceBuilder b = new TraceBuilder("mem");
        int t = b.sliceTrack(TrackKind.CPU_THREAD, "1", "1");
        int n = b.intern("a");
        b.begin(t, 0, n, 0, -1);
        b.begin(t, 5, n, 0, -1);
        assertThat(b.end(t, 8)).isTrue();
        b.addSlice(t, 9, 11, n, 0, -1);
        Trace trace = b.build(0, 0, 0);
        SliceTrack s = trace.sliceTrack(0);
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.duration(0)).isEqualTo(20);
        assertThat(trace.diagnostics().count("unmatched-begin")).isEqualTo(1);
    }

    @Test
    void bindsFlowsToEnclosingSlicesAndAppliesTheTimeOffset() {
        TraceBuilder b = new TraceBuilder("mem");
        int cpu = b.sliceTrack(TrackKind.CPU_THREAD, "1", "1");
        int gpu = b.sliceTrack(TrackKind.GPU_STREAM, "0", "7");
        int ac2g = b.intern("ac2g");
        b.addSlice(cpu, 100, 10, b.intern("cudaLaunchKernel"), 0, -1);
        b.addSlice(gpu, 150, 30, b.intern("gemm"), 0, -1);
        b.flowPoint(42, ac2g, 's', cpu, 100, true);
        b.flowPoint(42, ac2g, 'f', gpu, 150, true);
        b.setTimeOffset(1_000_000);
        Trace trace = b.build(0, 0, 0);
        assertThat(trace.sliceTrack(0).start(0)).isEqualTo(1_000_100);
        assertThat(trace.flows().size()).isEqualTo(1);
        assertThat(trace.flows().outgoing(0, 0)).containsExactly(0);
        assertThat(trace.flows().toTrack(0)).isEqualTo(1);
        assertThat(trace.flows().incoming(1, 0)).containsExactly(0);
    }

    @Test
    void countersKeepTimeOrderAndAnswerMinMaxOverRanges() {
        TraceBuilder b = new TraceBuilder("mem");
        int c = b.counterTrack("1", "util");
        for (int i = 999; i >= 0; i--) {
            b.addCounter(c, i * 10L, (i * 37) % 101);
        }
        CounterTrack ct = b.build(0, 0, 0).counterTracks().get(0);
        assertThat(ct.time(0)).isZero();
        for (int from = 0; from < 1000; from += 97) {
            for (int to = from + 1; to <= 1000; to += 131) {
                double mn = Double.MAX_VALUE;
                double mx = -Double.MAX_VALUE;
                for (int i = from; i < to; i++) {
                    mn = Math.min(mn, ct.value(i));
                    mx = Math.max(mx, ct.value(i));
                }
                assertThat(ct.minMax(from, to)).containsExactly(mn, mx);
            }
        }
        assertThat(ct.valueAt(15)).isEqualTo(ct.value(1));
    }

    /** The same random slices and flows, built on one thread and on four. */
    private static Trace randomTrace(int threads) {
        TraceBuilder b = new TraceBuilder("mem");
        java.util.Random rnd = new java.util.Random(5);
        int[] tracks = new int[12];
        for (int i = 0; i < tracks.length; i++) {
            tracks[i] = b.sliceTrack(i % 3 == 0 ? TrackKind.GPU_STREAM : TrackKind.CPU_THREAD, "1", "t" + i);
        }
        int cat = b.intern("op");
        for (int i = 0; i < 60_000; i++) {
            int t = tracks[rnd.nextInt(tracks.length)];
            long start = rnd.nextInt(1_000_000);
            b.addSlice(t, start, rnd.nextInt(500), b.intern("n" + rnd.nextInt(50)), cat, -1);
            if (i % 3 == 0) {
                b.flowPoint(i, cat, FlowStep.BEGIN, t, start + 1, true);
                b.flowPoint(i, cat, FlowStep.END, tracks[rnd.nextInt(tracks.length)], rnd.nextInt(1_000_000), true);
            }
        }
        return b.build(0, 0, 0, threads);
    }

    @Test
    void buildingOnSeveralThreadsGivesTheSameTrace() {
        Trace one = randomTrace(1);
        Trace four = randomTrace(4);
        assertThat(four.sliceTracks()).hasSameSizeAs(one.sliceTracks());
        for (int t = 0; t < one.sliceTracks().size(); t++) {
            SliceTrack a = one.sliceTrack(t);
            SliceTrack c = four.sliceTrack(t);
            assertThat(c.size()).isEqualTo(a.size());
            for (int r = 0; r < a.size(); r++) {
                assertThat(new long[] {c.start(r), c.duration(r), c.name(r), c.depth(r)})
                        .containsExactly(a.start(r), a.duration(r), a.name(r), a.depth(r));
            }
        }
        FlowTable f1 = one.flows();
        FlowTable f4 = four.flows();
        assertThat(f1.size()).isGreaterThan(10_000).isEqualTo(f4.size());
        for (int i = 0; i < f1.size(); i++) {
            assertThat(new long[] {f4.flowId(i), f4.fromTrack(i), f4.fromRow(i), f4.toTrack(i), f4.toRow(i)})
                    .containsExactly(f1.flowId(i), f1.fromTrack(i), f1.fromRow(i), f1.toTrack(i), f1.toRow(i));
        }
        assertThat(four.diagnostics().count("flow-unbound")).isEqualTo(one.diagnostics().count("flow-unbound"));
    }
}
