package dev.parallax.samples.core;

/**
 * A small, fully specified pseudo-random generator (SplitMix64, Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014) so that every sample is a pure function of its seed on any
 * JVM. Derived distributions use {@link StrictMath} for the same reason.
 */
public final class SeededRandom {
    private long state;

    /** A generator whose whole sequence is determined by {@code seed}. */
    public SeededRandom(long seed) {
        this.state = seed;
    }

    /** An independent generator for a named sub-stream (e.g. one per rank), derived from {@code seed}. */
    public static SeededRandom derive(long seed, long... keys) {
        long s = mix(seed ^ 0x5DEECE66DL);
        for (long k : keys) {
            s = mix(s + 0x9E3779B97F4A7C15L * (k + 1));
        }
        return new SeededRandom(s);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 random bits. */
    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) ((nextLong() >>> 33) % bound);
    }

    /** Uniform integer in [lo, hi] (both inclusive). */
    public int between(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Standard normal variate (Box–Muller transform). */
    public double gaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** Exponential variate with the given mean (inter-arrival times of a Poisson process). */
    public double exponential(double mean) {
        return -mean * StrictMath.log(1.0 - nextDouble());
    }

    /** Log-normal variate with the given median and shape {@code sigma}. */
    public double logNormal(double median, double sigma) {
        return median * StrictMath.exp(sigma * gaussian());
    }

    /** {@code nominalNs} scaled by a log-normal jitter of relative spread {@code sigma}, at least 1 ns. */
    public long jitterNs(double nominalNs, double sigma) {
        return Math.max(1L, Math.round(logNormal(nominalNs, sigma)));
    }
}
