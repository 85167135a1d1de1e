package dev.parallax.serving;

import java.util.Arrays;

/**
 * Percentiles of samples and of cumulative histograms.
 * <ul>
 *   <li>Samples: linear interpolation between closest ranks (Hyndman and Fan 1996 definition 7, numpy's
 *       default, and vLLM's benchmark scripts'): position {@code p/100 · (n − 1)} in the sorted values; or the
 *       nearest rank: the value at rank {@code ceil(p/100 · n)};</li>
 *   <li>Histograms: Prometheus's {@code histogram_quantile}: find the bucket holding rank {@code q · count} and
 *       interpolate linearly inside it (the lowest bucket starts at 0; a rank in the {@code +Inf} bucket
 *       returns the highest finite bound).</li>
 * </ul>
 */
public final class Percentiles {
    private Percentiles() {
    }

    /** The p-th percentile (0–100) of {@code values} (need not be sorted), NaN when empty. */
    public static double of(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        return ofSorted(s, p);
    }

    /** The nearest-rank p-th percentile of sorted values: the value at rank ceil(p/100 · n) (1-based). */
    public static double nearestRankOfSorted(double[] sorted, double p) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * n);
        return sorted[Math.max(0, Math.min(n - 1, rank - 1))];
    }

    /** The p-th percentile of sorted values. */
    public static double ofSorted(double[] sorted, double p) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        double pos = p / 100.0 * (n - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(n - 1, lo + 1);
        double f = pos - lo;
        return sorted[lo] + (sorted[hi] - sorted[lo]) * f;
    }

    /**
     * The q-quantile (0–1) of a cumulative histogram.
     *
     * @param upperBounds bucket upper bounds, ascending, the last may be +Inf
     * @param cumulativeCounts observations at or below each bound
     * @return NaN when the histogram is empty
     */
    public static double ofHistogram(double[] upperBounds, double[] cumulativeCounts, double q) {
        int n = upperBounds.length;
        if (n == 0 || cumulativeCounts[n - 1] <= 0) {
            return Double.NaN;
        }
        double rank = q * cumulativeCounts[n - 1];
        int b = 0;
        while (b < n - 1 && cumulativeCounts[b] < rank) {
            b++;
        }
        if (Double.isInfinite(upperBounds[b])) {
            return b == 0 ? Double.NaN : upperBounds[b - 1];
        }
        double lower = b == 0 ? 0 : upperBounds[b - 1];
        double below = b == 0 ? 0 : cumulativeCounts[b - 1];
        double inBucket = cumulativeCounts[b] - below;
        if (inBucket <= 0) {
            return upperBounds[b];
        }
        return lower + (upperBounds[b] - lower) * (rank - below) / inBucket;
    }
}
