package dev.parallax.serving;

import dev.parallax.trace.CounterTrack;
import dev.parallax.trace.query.Intervals;

/**
 * A sampled series read as a step function (each value holds until the next sample; the last until
 * {@code end}): time-weighted mean, time above a threshold and the intervals where it is. Plain arrays,
 * times in ns.
 */
public record StepSeries(String name, long[] times, double[] values, long end) {

    /** A counter track as a step function ending at its last sample (or at {@code end} when later). */
    public static StepSeries of(CounterTrack c, long end, double scale) {
        int n = c.size();
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = c.time(i);
            v[i] = c.value(i) * scale;
        }
        return new StepSeries(c.name(), t, v, Math.max(end, n == 0 ? end : t[n - 1]));
    }

    public int size() {
        return times.length;
    }

    public boolean isEmpty() {
        return times.length == 0;
    }

    public long start() {
        return times.length == 0 ? end : times[0];
    }

    public double max() {
        double m = Double.NaN;
        for (double v : values) {
            if (!Double.isNaN(v) && (Double.isNaN(m) || v > m)) {
                m = v;
            }
        }
        return m;
    }

    /** Time-weighted mean over [first sample, end]; the plain mean when all samples share one time. */
    public double timeWeightedMean() {
        int n = times.length;
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        long total = 0;
        for (int i = 0; i < n; i++) {
            long d = (i + 1 < n ? times[i + 1] : end) - times[i];
            sum += values[i] * d;
            total += d;
        }
        if (total <= 0) {
            double s = 0;
            for (double v : values) {
                s += v;
            }
            return s / n;
        }
        return sum / total;
    }

    /**
     * Intervals where the value is strictly above {@code threshold} (by more than 1e-12, so that 95.0 % read
     * as 0.95000000000000001 does not count as above 0.95).
     */
    public Intervals above(double threshold) {
        Intervals.Builder b = new Intervals.Builder();
        int n = times.length;
        for (int i = 0; i < n; i++) {
            long e = i + 1 < n ? times[i + 1] : end;
            if (values[i] - threshold > 1e-12 && e > times[i]) {
                b.add(times[i], e);
            }
        }
        return b.build();
    }

    /** Time-weighted mean of this series within the given intervals (NaN when they are empty). */
    public double meanWithin(Intervals within) {
        double sum = 0;
        long total = 0;
        int n = times.length;
        for (int i = 0; i < n; i++) {
            long s = times[i];
            long e = i + 1 < n ? times[i + 1] : end;
            long len = within.lengthWithin(s, e);
            sum += values[i] * len;
            total += len;
        }
        return total == 0 ? Double.NaN : sum / total;
    }

    /** The value in force at {@code t}, NaN before the first sample. */
    public double valueAt(long t) {
        int lo = 0;
        int hi = times.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? Double.NaN : values[lo - 1];
    }
}
