package dev.parallax.trace;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The painter's run iteration covers exactly the pixels a naive per-slice paint covers, in O(pixels) visits. */
class SliceTrackRunsTest {

    private static SliceTrack randomTrack(Random rnd, int n) {
        TraceBuilder b = new TraceBuilder("mem");
        int t = b.sliceTrack(TrackKind.GPU_STREAM, "0", "7");
        long cursor = 0;
        for (int i = 0; i < n; i++) {
            cursor += rnd.nextInt(3) == 0 ? rnd.nextInt(5000) : rnd.nextInt(20);
            long d = rnd.nextInt(4) == 0 ? rnd.nextInt(3000) : rnd.nextInt(15);
            b.addSlice(t, cursor, d, 1, 0, -1);
            cursor += d;
        }
        return b.build(0, 0, 0).sliceTrack(0);
    }

    @RepeatedTest(100)
    void runsCoverTheSamePixelsAsEverySlice(RepetitionInfo rep) {
        Random rnd = new Random(rep.getCurrentRepetition());
        SliceTrack track = randomTrack(rnd, 1 + rnd.nextInt(2000));
        long span = track.maxEnd() - track.minStart();
        long t0 = track.minStart() + (long) (rnd.nextDouble() * span / 2);
        long t1 = t0 + 1 + (long) (rnd.nextDouble() * span);
        int pixels = 50 + rnd.nextInt(500);
        double nsPerPixel = (double) (t1 - t0) / pixels;

        BitSet naive = new BitSet();
        for (int r = 0; r < track.size(); r++) {
            if (track.depth(r) == 0 && track.overlaps(r, t0, t1)) {
                int a = (int) Math.floor((Math.max(track.start(r), t0) - t0) / nsPerPixel);
                int e = (int) Math.floor((Math.min(track.end(r), t1) - t0) / nsPerPixel);
                naive.set(a, Math.max(a, e) + 1);
            }
        }
        BitSet runs = new BitSet();
        int[] visits = {0};
        long[] covered = {0};
        track.forEachRun(0, t0, t1, nsPerPixel, (row, s, e, count) -> {
            visits[0]++;
            covered[0] += count;
            int a = (int) Math.floor((s - t0) / nsPerPixel);
            int b = (int) Math.floor((e - t0) / nsPerPixel);
            runs.set(a, Math.max(a, b) + 1);
        });
        // runs may bridge gaps narrower than a pixel, so they cover at least the naive pixels,
        // and never more than one extra pixel per visit
        BitSet missing = (BitSet) naive.clone();
        missing.andNot(runs);
        assertThat(missing.isEmpty()).isTrue();
        assertThat(runs.cardinality()).isLessThanOrEqualTo(naive.cardinality() + 2 * visits[0]);
        assertThat(visits[0]).isLessThanOrEqualTo(pixels + 2);
        for (int d = 1; d < track.depthCount(); d++) {
            track.forEachRun(d, t0, t1, nsPerPixel, (row, s, e, count) -> covered[0] += count);
        }
        assertThat(covered[0]).isEqualTo(track.countOverlapping(t0, t1));
    }

    @Test
    void millionTinySlicesAtFullZoomOutTakeAFewVisits() {
        TraceBuilder b = new TraceBuilder("mem");
        int t = b.sliceTrack(TrackKind.GPU_STREAM, "0", "7");
        for (int i = 0; i < 1_000_000; i++) {
            b.addSlice(t, i * 10L, 5, 1, 0, -1);
        }
        SliceTrack track = b.build(0, 0, 0).sliceTrack(0);
        int[] visits = {0};
        track.forEachRun(0, 0, 10_000_000, 10_000_000 / 1000.0, (r, s, e, c) -> visits[0]++);
        assertThat(visits[0]).isLessThanOrEqualTo(1);
    }
}
