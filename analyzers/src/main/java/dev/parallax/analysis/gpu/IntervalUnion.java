package dev.parallax.analysis.gpu;

import dev.parallax.trace.query.Intervals;

import java.util.ArrayList;
import java.util.List;

/**
 * Union of many interval sets in linear time per level (pairwise merges of already sorted sets), instead
 * of re-sorting everything, so the union of millions of kernels over dozens of streams stays fast.
 */
public final class IntervalUnion {
    private IntervalUnion() {
    }

    /** The union of all {@code sets}. */
    public static Intervals of(List<Intervals> sets) {
        List<Intervals> level = new ArrayList<>();
        for (Intervals s : sets) {
            if (s != null && !s.isEmpty()) {
                level.add(s);
            }
        }
        if (level.isEmpty()) {
            return Intervals.empty();
        }
        while (level.size() > 1) {
            List<Intervals> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i + 1 < level.size(); i += 2) {
                next.add(merge(level.get(i), level.get(i + 1)));
            }
            if (level.size() % 2 == 1) {
                next.add(level.get(level.size() - 1));
            }
            level = next;
        }
        return level.get(0);
    }

    /** Union of two sorted sets by a two-pointer merge. */
    public static Intervals merge(Intervals a, Intervals b) {
        UnionBuilder out = new UnionBuilder();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (j >= b.size() || i < a.size() && a.start(i) <= b.start(j)) {
                out.add(a.start(i), a.end(i));
                i++;
            } else {
                out.add(b.start(j), b.end(j));
                j++;
            }
        }
        return out.build();
    }
}
