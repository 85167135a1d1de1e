package dev.parallax.cluster;

/**
 * A rank whose metric stands out above the others by its robust z-score (Iglewicz and Hoaglin 1993, see
 * {@link dev.parallax.analysis.gpu.Outliers}).
 *
 * @param metric the metric ({@code steps.median_us}, {@code breakdown.idle_pct}, ...)
 * @param value the rank's value
 * @param median the median over ranks
 * @param robustZ 0.6745·(value − median)/MAD (infinite when MAD is 0)
 */
public record Straggler(int rank, String metric, double value, double median, double robustZ, String node,
                        int stage, String path) {
}
