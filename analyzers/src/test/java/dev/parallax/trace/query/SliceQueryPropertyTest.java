package dev.parallax.trace.query;

import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TrackKind;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Window queries, the per-depth index and group-by-name statistics on seeded random tracks (nested, partly
 * overlapping, zero-length and identical slices), each checked against a naive scan of every row.
 */
class SliceQueryPropertyTest {
    private static Trace randomTrace(Random rnd, int tracks) {
        TraceBuilder b = new TraceBuilder("random");
        int[] names = {b.intern("a"), b.intern("b"), b.intern("c"), b.intern("d")};
        for (int t = 0; t < tracks; t++) {
            // every other track is an async track, whose rows are packed into lanes instead of nested
            TrackKind kind = t % 2 == 0 ? TrackKind.CPU_THREAD : TrackKind.ASYNC;
            int track = b.sliceTrack(kind, "1", String.valueOf(t));
            int n = rnd.nextInt(60);
            for (int i = 0; i < n; i++) {
                long s = rnd.nextInt(1000);
                long d = switch (rnd.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> rnd.nextInt(5);
                    case 2 -> rnd.nextInt(100);
                    default -> rnd.nextInt(600);
                };
                b.addSlice(track, s, d, names[rnd.nextInt(names.length)], 0, -1);
                if (rnd.nextInt(10) == 0) {
                    b.addSlice(track, s, d, names[0], 0, -1);
                }
            }
        }
        return b.build(0, 0, 0);
    }

    private static boolean naiveOverlaps(SliceTrack t, int r, long t0, long t1) {
        long s = t.start(r);
        long e = t.end(r);
        return s < t1 && (e > t0 || (t.duration(r) == 0 && s >= t0));
    }

    @RepeatedTest(200)
    void forEachOverlappingMatchesANaiveScan(RepetitionInfo rep) {
        Random rnd = new Random(rep.getCurrentRepetition());
        Trace trace = randomTrace(rnd, 3);
        for (SliceTrack t : trace.sliceTracks()) {
            for (int q = 0; q < 40; q++) {
                long t0 = rnd.nextInt(1700) - 50;
                long t1 = t0 + rnd.nextInt(q % 2 == 0 ? 20 : 700);
                BitSet expected = new BitSet();
                for (int r = 0; r < t.size(); r++) {
                    if (naiveOverlaps(t, r, t0, t1)) {
                        expected.set(r);
                    }
                }
                BitSet actual = new BitSet();
                t.forEachOverlapping(t0, t1, r -> {
                    assertThat(actual.get(r)).as("row %d visited twice", r).isFalse();
                    actual.set(r);
                });
                assertThat(actual).as("window [%d, %d)", t0, t1).isEqualTo(expected);
                assertThat(t.countOverlapping(t0, t1)).isEqualTo(expected.cardinality());
                int first = t.firstRowStartingAtOrAfter(t0);
                int naiveFirst = 0;
                while (naiveFirst < t.size() && t.start(naiveFirst) < t0) {
                    naiveFirst++;
                }
                assertThat(first).isEqualTo(naiveFirst);
            }
        }
    }

    @RepeatedTest(200)
    void depthIndexPartitionsRowsIntoNonOverlappingNestedLevels(RepetitionInfo rep) {
        Random rnd = new Random(1000 + rep.getCurrentRepetition());
        Trace trace = randomTrace(rnd, 2);
        for (SliceTrack t : trace.sliceTracks()) {
            for (int r = 1; r < t.size(); r++) {
                assertThat(t.start(r)).isGreaterThanOrEqualTo(t.start(r - 1));
                if (t.start(r) == t.start(r - 1)) {
                    assertThat(t.duration(r)).isLessThanOrEqualTo(t.duration(r - 1));
                }
            }
            BitSet seen = new BitSet();
            int total = 0;
            for (int d = 0; d < t.depthCount(); d++) {
                assertThat(t.depthSize(d)).isPositive();
                int prev = -1;
                for (int i = 0; i < t.depthSize(d); i++) {
                    int r = t.rowAtDepth(d, i);
                    assertThat(t.depth(r)).isEqualTo(d);
                    assertThat(seen.get(r)).isFalse();
                    seen.set(r);
                    total++;
                    if (prev >= 0) {
                        assertThat(r).isGreaterThan(prev);
                        assertThat(t.start(r)).as("depth %d rows overlap", d).isGreaterThanOrEqualTo(t.end(prev));
                    }
                    prev = r;
                }
            }
            assertThat(total).isEqualTo(t.size());
            if (t.kind() == TrackKind.ASYNC) {
                // first-fit lanes: never more lanes than slices open at one instant (+ instants at that time)
                int maxOpen = 0;
                for (int r = 0; r < t.size(); r++) {
                    int open = 0;
                    for (int q = 0; q < t.size(); q++) {
                        if (t.start(q) <= t.start(r) && (t.end(q) > t.start(r) || q == r)) {
                            open++;
                        }
                    }
                    maxOpen = Math.max(maxOpen, open);
                }
                assertThat(t.depthCount()).isLessThanOrEqualTo(maxOpen);
            }
            // a row sits at depth d > 0 because the last earlier row at depth d - 1 was still open
            for (int r = 0; r < t.size(); r++) {
                int d = t.depth(r);
                if (d > 0) {
                    int parent = -1;
                    for (int q = r - 1; q >= 0; q--) {
                        if (t.depth(q) == d - 1) {
                            parent = q;
                            break;
                        }
                    }
                    assertThat(parent).isNotNegative();
                    assertThat(t.end(parent)).isGreaterThan(t.start(r));
                }
            }
            // nextIndexEndingAfter is the first index whose row ends after t (or is an instant at/after t)
            for (int q = 0; q < 30; q++) {
                long time = rnd.nextInt(1700) - 50;
                for (int d = 0; d < t.depthCount(); d++) {
                    int naive = 0;
                    while (naive < t.depthSize(d)) {
                        int r = t.rowAtDepth(d, naive);
                        if (t.end(r) > time || (t.duration(r) == 0 && t.start(r) >= time)) {
                            break;
                        }
                        naive++;
                    }
                    assertThat(t.nextIndexEndingAfter(d, time)).isEqualTo(naive);
                }
            }
        }
    }

    @RepeatedTest(100)
    void nameStatsMatchANaiveGroupBy(RepetitionInfo rep) {
        Random rnd = new Random(5000 + rep.getCurrentRepetition());
        Trace trace = randomTrace(rnd, 3);
        long t0 = rnd.nextInt(800);
        long t1 = t0 + rnd.nextInt(800);
        boolean windowed = rnd.nextBoolean();
        RowFilter filter = rnd.nextBoolean() ? null : (t, r) -> t.duration(r) % 2 == 0;
        NameStats stats = windowed ? NameStats.of(trace.sliceTracks(), filter, t0, t1)
                : NameStats.of(trace.sliceTracks(), filter);
        Map<Integer, List<Long>> naive = new HashMap<>();
        long grand = 0;
        for (SliceTrack t : trace.sliceTracks()) {
            for (int r = 0; r < t.size(); r++) {
                if ((!windowed || naiveOverlaps(t, r, t0, t1)) && (filter == null || filter.test(t, r))) {
                    naive.computeIfAbsent(t.name(r), k -> new ArrayList<>()).add(t.duration(r));
                    grand += t.duration(r);
                }
            }
        }
        assertThat(stats.size()).isEqualTo(naive.size());
        assertThat(stats.grandTotal()).isEqualTo(grand);
        for (int i = 0; i < stats.size(); i++) {
            List<Long> d = naive.get(stats.name(i));
            long total = d.stream().mapToLong(Long::longValue).sum();
            double mean = total / (double) d.size();
            double var = d.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / d.size();
            assertThat(stats.count(i)).isEqualTo(d.size());
            assertThat(stats.total(i)).isEqualTo(total);
            assertThat(stats.min(i)).isEqualTo(d.stream().mapToLong(Long::longValue).min().orElseThrow());
            assertThat(stats.max(i)).isEqualTo(d.stream().mapToLong(Long::longValue).max().orElseThrow());
            assertThat(stats.mean(i)).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(stats.std(i)).isCloseTo(Math.sqrt(var), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(stats.share(i)).isCloseTo(grand == 0 ? 0 : total / (double) grand,
                    org.assertj.core.data.Offset.offset(1e-12));
            if (i > 0) {
                assertThat(stats.total(i)).isLessThanOrEqualTo(stats.total(i - 1));
            }
        }
    }
}
