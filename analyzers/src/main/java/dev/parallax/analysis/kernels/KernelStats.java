package dev.parallax.analysis.kernels;

import dev.parallax.analysis.classify.TraceClasses;
import dev.parallax.analysis.gpu.RankProfile;
import dev.parallax.trace.SliceTrack;

import java.util.Arrays;

/**
 * Per kernel name of one rank: count, sum, min, max, mean and sample standard deviation (Welford's online
 * algorithm) of individual device event durations, plus the longest instance. Arrays are indexed by
 * string-pool id, so aggregation is one pass with no hashing or boxing.
 */
final class KernelStats {
    final long[] count;
    final long[] sum;
    final long[] min;
    final long[] max;
    final double[] mean;
    final double[] m2;
    final int[] kind;
    final int[] maxTrack;
    final int[] maxRow;
    final long[] maxStart;
    long grandTotal;

    private KernelStats(int n) {
        count = new long[n];
        sum = new long[n];
        min = new long[n];
        max = new long[n];
        mean = new double[n];
        m2 = new double[n];
        kind = new int[n];
        maxTrack = new int[n];
        maxRow = new int[n];
        maxStart = new long[n];
        Arrays.fill(min, Long.MAX_VALUE);
        Arrays.fill(max, Long.MIN_VALUE);
    }

    static KernelStats of(RankProfile p) {
        int n = p.trace().strings().size();
        KernelStats s = new KernelStats(n);
        for (SliceTrack t : p.trace().sliceTracks()) {
            int[] c = p.classes().codes(t.id());
            for (int r = 0; r < c.length; r++) {
                if (!TraceClasses.isDeviceWork(c[r])) {
                    continue;
                }
                long st = p.start(t, r);
                long d = p.end(t, r) - st;
                if (d < 0) {
                    continue;
                }
                int nm = t.name(r);
                if (s.count[nm] == 0) {
                    s.kind[nm] = TraceClasses.classOrdinal(c[r]);
                }
                long k = ++s.count[nm];
                s.sum[nm] += d;
                s.grandTotal += d;
                if (d < s.min[nm]) {
                    s.min[nm] = d;
                }
                if (d > s.max[nm]) {
                    s.max[nm] = d;
                    s.maxTrack[nm] = t.id();
                    s.maxRow[nm] = r;
                    s.maxStart[nm] = st;
                }
                double delta = d - s.mean[nm];
                s.mean[nm] += delta / k;
                s.m2[nm] += delta * (d - s.mean[nm]);
            }
        }
        return s;
    }

    /** Sample standard deviation (n − 1), 0 for a single launch, as pandas (and so HTA) report it. */
    double std(int nm) {
        return count[nm] < 2 ? 0 : Math.sqrt(m2[nm] / (count[nm] - 1));
    }

    /** Name ids with at least one launch, by total time descending (ties by name id). */
    Integer[] byTotal() {
        int used = 0;
        for (long c : count) {
            if (c > 0) {
                used++;
            }
        }
        Integer[] ids = new Integer[used];
        int k = 0;
        for (int i = 0; i < count.length; i++) {
            if (count[i] > 0) {
                ids[k++] = i;
            }
        }
        Arrays.sort(ids, (a, b) -> {
            int c = Long.compare(sum[b], sum[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        return ids;
    }
}
