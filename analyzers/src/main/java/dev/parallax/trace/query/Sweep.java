package dev.parallax.trace.query;

import java.util.List;

/**
 * A sweep over several interval sets at once: cuts time into segments over which the set of active
 * inputs does not change, and reports each segment with a bit mask of the active inputs (bit i = input i).
 * Used for "time per overlap combination" (compute only, communication only, both, ...).
 */
public final class Sweep {
    private Sweep() {
    }

    /** Receives one segment [start, end) during which exactly the inputs in {@code mask} are active. */
    @FunctionalInterface
    public interface SegmentVisitor {
        void segment(long start, long end, long mask);
    }

    /** Sweeps up to 63 interval sets; segments with no active input are not reported. */
    public static void sweep(List<Intervals> inputs, SegmentVisitor visitor) {
        int k = inputs.size();
        if (k > 63) {
            throw new IllegalArgumentException("at most 63 inputs, got " + k);
        }
        int[] pos = new int[k];
        long mask = 0;
        long cursor = Long.MIN_VALUE;
        while (true) {
            // next event time: the earliest pending start (for inactive inputs) or end (for active ones)
            long next = Long.MAX_VALUE;
            for (int i = 0; i < k; i++) {
                Intervals iv = inputs.get(i);
                if (pos[i] < iv.size()) {
                    long t = (mask >>> i & 1) != 0 ? iv.end(pos[i]) : iv.start(pos[i]);
                    next = Math.min(next, t);
                }
            }
            if (next == Long.MAX_VALUE) {
                return;
            }
            if (mask != 0 && next > cursor) {
                visitor.segment(cursor, next, mask);
            }
            cursor = next;
            for (int i = 0; i < k; i++) {
                Intervals iv = inputs.get(i);
                if (pos[i] >= iv.size()) {
                    continue;
                }
                boolean active = (mask >>> i & 1) != 0;
                if (active && iv.end(pos[i]) == next) {
                    mask &= ~(1L << i);
                    pos[i]++;
                }
                if (!((mask >>> i & 1) != 0) && pos[i] < iv.size() && iv.start(pos[i]) == next) {
                    mask |= 1L << i;
                }
            }
        }
    }

    /** Total time per active-input mask: {@code result[mask]} for k inputs (k ≤ 16). */
    public static long[] timePerCombination(List<Intervals> inputs) {
        if (inputs.size() > 16) {
            throw new IllegalArgumentException("at most 16 inputs for a combination table");
        }
        long[] out = new long[1 << inputs.size()];
        sweep(inputs, (s, e, m) -> out[(int) m] += e - s);
        return out;
    }
}
