package dev.parallax.analysis.gpu;

import dev.parallax.analysis.Overlay;
import dev.parallax.trace.query.Intervals;

import java.util.List;

/** Helpers turning interval sets and value lists into result data. */
public final class Lanes {
    private Lanes() {
    }

    /** An overlay lane holding the intervals of {@code iv}. */
    public static Overlay.Lane of(int rank, String label, String color, Intervals iv) {
        long[] s = new long[iv.size()];
        long[] e = new long[iv.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = iv.start(i);
            e[i] = iv.end(i);
        }
        return new Overlay.Lane(rank, label, color, s, e);
    }

    public static double[] doubles(List<Double> v) {
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            Double d = v.get(i);
            out[i] = d == null ? 0 : d;
        }
        return out;
    }
}
