package dev.parallax.app.diff;

import dev.parallax.analysis.Table;
import dev.parallax.analysis.diff.Comparison;
import dev.parallax.analysis.diff.RunProfile;
import dev.parallax.app.timeline.SliceRef;
import dev.parallax.trace.TraceSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a row of a comparison's table stands for on each side: the device slices of the kernel or operator it
 * names (on every paired rank), or the time windows of the step or rank pair it names. No UI: the compare view
 * selects and marks these on its two timelines.
 */
public final class DiffSelection {
    /** The slices and the time range (absolute ns, or -1) of a row on one side. */
    public record Side(List<SliceRef> slices, long start, long end) {
        static final Side NONE = new Side(List.of(), -1, -1);

        public boolean hasRange() {
            return start >= 0 && end > start;
        }
    }

    /** A row on both sides. */
    public record Match(Side a, Side b) {
    }

    private final Comparison comparison;
    private final TraceSet setA;
    private final TraceSet setB;

    public DiffSelection(Comparison comparison, TraceSet setA, TraceSet setB) {
        this.comparison = comparison;
        this.setA = setA;
        this.setB = setB;
    }

    /** The match of row {@code row} of {@code table} (a table of {@code comparison.result()}). */
    public Match of(Table table, int row) {
        String id = table.id();
        switch (id) {
            case "kernels":
                return groups(RunProfile::kernels, (String) table.value(row, "name"));
            case "operators":
                return groups(RunProfile::operators, (String) table.value(row, "name"));
            case "operator_shapes":
                return groups(RunProfile::operatorShapes, (String) table.value(row, "name"));
            case "explain": {
                String kind = (String) table.value(row, "kind");
                String part = (String) table.value(row, "part");
                return kind.equals("operator") ? groups(RunProfile::operators, part)
                        : kind.equals("kernel") ? groups(RunProfile::kernels, part) : new Match(Side.NONE, Side.NONE);
            }
            case "steps":
                return steps(row);
            case "ranks": {
                Comparison.RankPair p = comparison.pairs().get(row);
                return new Match(span(p.a()), span(p.b()));
            }
            default:
                return new Match(Side.NONE, Side.NONE);
        }
    }

    private Match steps(int row) {
        int k = 0;
        for (Comparison.RankPair p : comparison.pairs()) {
            int n = Math.min(p.a().windows().size(), p.b().windows().size());
            if (row < k + n) {
                RunProfile.Window wa = p.a().windows().get(row - k);
                RunProfile.Window wb = p.b().windows().get(row - k);
                return new Match(new Side(List.of(), wa.start(), wa.end()), new Side(List.of(), wb.start(), wb.end()));
            }
            k += n;
        }
        return new Match(Side.NONE, Side.NONE);
    }

    private static Side span(RunProfile r) {
        List<RunProfile.Window> w = r.windows();
        return w.isEmpty() ? Side.NONE : new Side(List.of(), w.get(0).start(), w.get(w.size() - 1).end());
    }

    private Match groups(Function<RunProfile, Map<String, RunProfile.Group>> groups, String key) {
        List<SliceRef> a = new ArrayList<>();
        List<SliceRef> b = new ArrayList<>();
        for (Comparison.RankPair p : comparison.pairs()) {
            add(a, setA, p.a(), groups.apply(p.a()).get(key));
            add(b, setB, p.b(), groups.apply(p.b()).get(key));
        }
        return new Match(side(a), side(b));
    }

    private static Side side(List<SliceRef> refs) {
        if (refs.isEmpty()) {
            return new Side(List.of(), -1, -1);
        }
        long s = Long.MAX_VALUE;
        long e = Long.MIN_VALUE;
        for (SliceRef r : refs) {
            s = Math.min(s, r.start());
            e = Math.max(e, r.end());
        }
        return new Side(List.copyOf(refs), s, e);
    }

    private static void add(List<SliceRef> out, TraceSet set, RunProfile r, RunProfile.Group g) {
        if (g == null) {
            return;
        }
        int member = -1;
        for (int i = 0; i < set.size(); i++) {
            if (set.member(i).rank() == r.rank() && set.member(i).trace() == r.trace()) {
                member = i;
            }
        }
        if (member < 0) {
            return;
        }
        for (long packed : g.slices()) {
            out.add(new SliceRef(set, member, (int) (packed >>> 32), (int) packed));
        }
    }
}
