package dev.parallax.trace.query;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Interval algebra and sweeps checked against a naive bitmap of covered time units, on seeded random sets. */
class IntervalsPropertyTest {
    private static final int HORIZON = 400;

    private static Intervals random(Random rnd) {
        Intervals.Builder b = new Intervals.Builder();
        int n = rnd.nextInt(16);
        for (int i = 0; i < n; i++) {
            int a = rnd.nextInt(HORIZON);
            b.add(a, a + rnd.nextInt(40));
        }
        return b.build();
    }

    private static BitSet bits(Intervals iv) {
        BitSet s = new BitSet();
        for (int i = 0; i < iv.size(); i++) {
            s.set((int) iv.start(i), (int) iv.end(i));
        }
        return s;
    }

    private static void assertNormalised(Intervals iv) {
        for (int i = 0; i < iv.size(); i++) {
            assertThat(iv.end(i)).isGreaterThan(iv.start(i));
            if (i > 0) {
                assertThat(iv.start(i)).isGreaterThan(iv.end(i - 1));
            }
        }
    }

    @RepeatedTest(300)
    void algebraMatchesBitmaps(RepetitionInfo rep) {
        Random rnd = new Random(rep.getCurrentRepetition());
        Intervals x = random(rnd);
        Intervals y = random(rnd);
        BitSet bx = bits(x);
        BitSet by = bits(y);
        assertNormalised(x);
        assertThat(x.length()).isEqualTo(bx.cardinality());

        BitSet u = (BitSet) bx.clone();
        u.or(by);
        assertThat(bits(x.union(y))).isEqualTo(u);
        assertNormalised(x.union(y));

        BitSet in = (BitSet) bx.clone();
        in.and(by);
        assertThat(bits(x.intersect(y))).isEqualTo(in);

        BitSet d = (BitSet) bx.clone();
        d.andNot(by);
        assertThat(bits(x.subtract(y))).isEqualTo(d);
        assertNormalised(x.subtract(y));

        assertThat(x.lengthWithin(100, 250)).isEqualTo(bx.get(100, 250).cardinality());
        for (int t = 0; t < HORIZON + 40; t += 7) {
            assertThat(x.contains(t)).isEqualTo(bx.get(t));
        }
    }

    @RepeatedTest(200)
    void sweepCombinationsPartitionTheUnion(RepetitionInfo rep) {
        Random rnd = new Random(1000 + rep.getCurrentRepetition());
        List<Intervals> in = List.of(random(rnd), random(rnd), random(rnd));
        long[] perMask = Sweep.timePerCombination(in);
        BitSet[] bs = {bits(in.get(0)), bits(in.get(1)), bits(in.get(2))};
        long[] naive = new long[8];
        for (int t = 0; t < HORIZON + 40; t++) {
            int m = (bs[0].get(t) ? 1 : 0) | (bs[1].get(t) ? 2 : 0) | (bs[2].get(t) ? 4 : 0);
            naive[m]++;
        }
        naive[0] = 0;
        assertThat(perMask).containsExactly(naive);
    }
}
