package dev.parallax.app.timeline;

/**
 * "Nice" ruler ticks: a step of 1, 2 or 5 × 10^k nanoseconds chosen so that labelled ticks are at least a
 * given number of pixels apart (the classic scheme of Heckbert, "Nice numbers for graph labels",
 * Graphics Gems, 1990).
 */
public final class TimeTicks {
    private TimeTicks() {
    }

    /** The smallest nice step (ns, at least 1) whose width at {@code nsPerPixel} is at least {@code minPixels}. */
    public static long step(double nsPerPixel, double minPixels) {
        double raw = Math.max(1, nsPerPixel * minPixels);
        long pow = 1;
        while (pow <= Long.MAX_VALUE / 10 && pow * 10 <= raw) {
            pow *= 10;
        }
        for (long m : new long[] {1, 2, 5, 10}) {
            if (pow * m >= raw) {
                return pow * m;
            }
        }
        return pow * 10;
    }

    /** The first multiple of {@code step} at or after {@code t} (t may be negative). */
    public static long firstTick(long t, long step) {
        return Math.floorDiv(t + step - 1, step) * step;
    }
}
