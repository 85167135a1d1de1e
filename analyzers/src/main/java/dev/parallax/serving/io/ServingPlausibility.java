package dev.parallax.serving.io;

import dev.parallax.serving.ServingSeries;

/**
 * Plausibility limits for serving values read from logs and scrapes, so that a corrupt or hostile input
 * cannot turn into absurd peaks ("9223372036854775807 requests", "KV cache 1e9 %"): a value outside its
 * range is dropped by the importer with an {@code implausible-value} diagnostic naming the file and line.
 * The limits are far beyond any real deployment: KV usage and hit rates are fractions in [0, 1] (a
 * rounding slack of 0.5 %), request counts integers-ish in [0, 10 million], throughputs in [0, 1e9]
 * tokens/s, cumulative counters in [0, 1e15], capacities below 1e12 blocks or tokens and 1e6 GiB.
 */
public final class ServingPlausibility {
    /** More requests than any engine holds at once. */
    public static final double MAX_REQUESTS = 1e7;
    /** More tokens per second than any engine produces. */
    public static final double MAX_THROUGHPUT = 1e9;
    /** Larger than any cumulative counter of a real run. */
    public static final double MAX_COUNTER = 1e15;
    /** Larger than any KV-cache capacity in blocks or tokens. */
    public static final double MAX_CAPACITY = 1e12;
    private static final double FRACTION_SLACK = 0.005;

    private ServingPlausibility() {
    }

    /**
     * Why {@code value} of the series {@code series} (a {@link ServingSeries} name, or any Prometheus series
     * name with its labels) cannot be right, or null when it is plausible.
     */
    public static String problem(String series, double value) {
        if (!Double.isFinite(value)) {
            return "not a finite number";
        }
        String name = baseName(series);
        if (name.endsWith("_perc") || name.equals(ServingSeries.PREFIX_CACHE_HIT_RATE) || name.endsWith("hit_rate")) {
            if (value < -FRACTION_SLACK || value > 1 + FRACTION_SLACK) {
                return "a usage or hit rate of " + percent(value) + " is outside 0–100 %";
            }
            return null;
        }
        if (name.startsWith("vllm:num_requests_")) {
            return value < 0 || value > MAX_REQUESTS ? "a request count of " + plain(value)
                    + " is outside 0–" + plain(MAX_REQUESTS) : null;
        }
        if (name.endsWith("_toks_per_s")) {
            return value < 0 || value > MAX_THROUGHPUT ? "a throughput of " + plain(value)
                    + " tokens/s is outside 0–" + plain(MAX_THROUGHPUT) : null;
        }
        if (name.endsWith("_total") || name.endsWith("_count") || name.endsWith("_bucket") || name.endsWith("_sum")) {
            return value < 0 || value > MAX_COUNTER ? "a cumulative value of " + plain(value)
                    + " is outside 0–" + plain(MAX_COUNTER) : null;
        }
        return Math.abs(value) > MAX_COUNTER ? "a value of " + plain(value) + " is beyond ±" + plain(MAX_COUNTER)
                : null;
    }

    /** Why a start-up capacity value ({@code gpu_blocks}, {@code kv_cache_memory_gib}, ...) cannot be right, or null. */
    public static String capacityProblem(String key, double value) {
        if (!Double.isFinite(value) || value < 0) {
            return key + " = " + plain(value) + " is not a non-negative number";
        }
        double max = key.endsWith("_gib") ? 1e6 : MAX_CAPACITY;
        return value > max ? key + " = " + plain(value) + " is beyond " + plain(max) : null;
    }

    private static String baseName(String series) {
        int brace = series.indexOf('{');
        return brace < 0 ? series : series.substring(0, brace);
    }

    private static String percent(double fraction) {
        return plain(fraction * 100) + " %";
    }

    private static String plain(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3 ? String.format(java.util.Locale.ROOT, "%.3g", v)
                : String.format(java.util.Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
