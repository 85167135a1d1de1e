package dev.parallax.samples.kineto;

/**
 * Kineto's clock origin: {@code baseTimeNanoseconds} is the wall clock floored to a coarse bucket (here 90 days,
 * about three months), and every {@code ts} is relative to it. Two ranks that start the profiler on either side
 * of a bucket boundary get bases 90 days apart, so their {@code ts} values differ by ~7.8e12 µs although the
 * events are simultaneous: only {@code baseTimeNanoseconds + ts} aligns them.
 */
public final class ClockBase {
    /** Bucket length: 90 days in nanoseconds. */
    public static final long BUCKET_NS = 90L * 86_400L * 1_000_000_000L;
    /** 2026-01-01T00:00:00Z in ns since the epoch: generated jobs run near this date. */
    public static final long EPOCH_2026_NS = 1_767_225_600L * 1_000_000_000L;

    private ClockBase() {
    }

    /** The base for a profiler started at {@code absNs}. */
    public static long baseFor(long absNs) {
        return Math.floorDiv(absNs, BUCKET_NS) * BUCKET_NS;
    }

    /** The first bucket boundary after 2026-01-01. */
    public static long boundaryAfter2026() {
        return baseFor(EPOCH_2026_NS) + BUCKET_NS;
    }

    /**
     * The wall-clock time a job starts: 20 ms before a bucket boundary when {@code straddle} (so rank 0's profiler
     * starts in one bucket and later ranks in the next), else well inside a bucket.
     */
    public static long jobStart(boolean straddle) {
        long boundary = boundaryAfter2026();
        return straddle ? boundary - 20_000_000L : boundary + 45L * 86_400L * 1_000_000_000L;
    }

    /** Offset between consecutive ranks' profiler start times (makes rank 1 land after the boundary). */
    public static final long RANK_START_STAGGER_NS = 30_000_000L;
}
