package dev.parallax.trace.query;

import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TrackKind;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RunIndexTest {
    @RepeatedTest(8)
    void queriesMatchALinearScan(RepetitionInfo rep) {
        Random rnd = new Random(rep.getCurrentRepetition());
        TraceBuilder b = new TraceBuilder("runs.json");
        int tr = b.sliceTrack(TrackKind.GPU_STREAM, "0", "7");
        int name = b.intern("k");
        long t = 0;
        int n = 3000 + rnd.nextInt(5000);
        for (int i = 0; i < n; i++) {
            long dur = rnd.nextInt(10) == 0 ? 500 + rnd.nextInt(5000) : 1 + rnd.nextInt(100);
            b.addSlice(tr, t, dur, name, name, -1);
            if (rnd.nextInt(3) == 0) {
                b.addSlice(tr, t + 1, Math.max(0, dur - 2), name, name, -1);
            }
            t += dur + (rnd.nextInt(20) == 0 ? 300 + rnd.nextInt(3000) : rnd.nextInt(50));
        }
        Trace trace = b.build(0, 0, 0);
        SliceTrack s = trace.sliceTrack(0);
        RunIndex idx = RunIndex.of(s);
        for (int d = 0; d < s.depthCount(); d++) {
            int size = s.depthSize(d);
            for (int q = 0; q < 300; q++) {
                int from = rnd.nextInt(size);
                long g = 1 + rnd.nextInt(4000);
                int expLong = size;
                for (int i = from; i < size; i++) {
                    if (s.duration(s.rowAtDepth(d, i)) >= g) {
                        expLong = i;
                        break;
                    }
                }
                int expGap = size - 1;
                for (int i = from; i + 1 < size; i++) {
                    if (s.start(s.rowAtDepth(d, i + 1)) - s.end(s.rowAtDepth(d, i)) >= g) {
                        expGap = i;
                        break;
                    }
                }
                assertThat(idx.firstLongAtOrAfter(d, from, g)).isEqualTo(expLong);
                assertThat(idx.firstGapAtOrAfter(d, from, g)).isEqualTo(expGap);
                int limit = from + rnd.nextInt(size - from + 1);
                assertThat(idx.firstLongInRange(d, from, limit, g)).isEqualTo(Math.min(expLong, limit));
                int lim2 = from + 1 + rnd.nextInt(size - from);
                assertThat(idx.firstGapInRange(d, from, lim2, g)).isEqualTo(Math.min(expGap, lim2 - 1));
            }
        }
    }
}
