package dev.parallax.cluster;

/**
 * The distribution of one per-rank metric over the ranks that have it. Percentiles interpolate linearly
 * between order statistics (Hyndman and Fan 1996, definition 7, as NumPy's default).
 *
 * @param metric the metric key ({@code breakdown.idle_pct})
 * @param count ranks that have the metric
 * @param minRank a rank holding the minimum
 * @param maxRank a rank holding the maximum
 */
public record Distribution(String metric, int count, double min, double p50, double p90, double p99, double max,
                           double mean, int minRank, int maxRank) {

    /** The {@code q}-quantile (0..1) of sorted values, linearly interpolated; NaN when empty. */
    public static double quantile(double[] sorted, double q) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        double h = (n - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(n - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The distribution of {@code values} (one per rank, ranks[i] holding values[i]). */
    public static Distribution of(String metric, int[] ranks, double[] values) {
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        int minI = -1;
        int maxI = -1;
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i];
            if (minI < 0 || values[i] < values[minI]) {
                minI = i;
            }
            if (maxI < 0 || values[i] > values[maxI]) {
                maxI = i;
            }
        }
        int minRank = minI < 0 ? -1 : ranks[minI];
        int maxRank = maxI < 0 ? -1 : ranks[maxI];
        int n = s.length;
        return new Distribution(metric, n, n == 0 ? Double.NaN : s[0], quantile(s, 0.5), quantile(s, 0.9),
                quantile(s, 0.99), n == 0 ? Double.NaN : s[n - 1], n == 0 ? Double.NaN : sum / n, minRank, maxRank);
    }
}
