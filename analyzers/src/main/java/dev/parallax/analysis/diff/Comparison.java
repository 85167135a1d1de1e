package dev.parallax.analysis.diff;

import dev.parallax.analysis.Location;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.Unit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The comparison of two runs: the paired ranks with each side's {@link RunProfile}, and the result (typed
 * metrics, tables and findings) that the command line, the report and the workbench render. Every number of
 * the result is per step and per rank: each side's sums over its paired step windows and ranks divided by the
 * number of pairs, so "step time" is the mean step time and the parts of the {@code explain} table sum to
 * the step-time delta.
 */
public final class Comparison {
    /** Result id of a comparison. */
    public static final String ID = "diff";

    /** One paired rank: A's and B's profiles over their paired windows. */
    public record RankPair(RunProfile a, RunProfile b) {
    }

    /** One row of the explanation: a part of the step time on each side (ns per step). */
    public record Part(String kind, String name, double a, double b) {
        public double delta() {
            return b - a;
        }
    }

    private final String nameA;
    private final String nameB;
    private final List<RankPair> pairs;
    private final TraceDiff.StepPairing stepPairing;
    private final List<String> notes;
    private final double scale;

    Comparison(String nameA, String nameB, List<RankPair> pairs, TraceDiff.StepPairing stepPairing, List<String> notes) {
        this.nameA = nameA;
        this.nameB = nameB;
        this.pairs = List.copyOf(pairs);
        this.stepPairing = stepPairing;
        this.notes = List.copyOf(notes);
        long windows = 0;
        for (RankPair p : pairs) {
            windows += p.a().windows().size();
        }
        this.scale = windows == 0 ? 0 : 1.0 / windows;
    }

    public String nameA() {
        return nameA;
    }

    public String nameB() {
        return nameB;
    }

    public List<RankPair> pairs() {
        return pairs;
    }

    public TraceDiff.StepPairing stepPairing() {
        return stepPairing;
    }

    /** Things the user should know about the pairing (unpaired ranks, steps paired by order). */
    public List<String> notes() {
        return notes;
    }

    /** Paired step windows per rank pair (1 when the device spans were compared). */
    public int stepsPerRank() {
        return pairs.isEmpty() ? 0 : pairs.get(0).a().windows().size();
    }

    /** Mean per step and rank of {@code f} on side A (a=true) or B, in ns. */
    public double perStep(boolean a, ToDoubleFunction<RunProfile> f) {
        double s = 0;
        for (RankPair p : pairs) {
            s += f.applyAsDouble(a ? p.a() : p.b());
        }
        return s * scale;
    }

    /** Mean step time of A (ns). */
    public double stepTimeA() {
        return perStep(true, RunProfile::time);
    }

    /** Mean step time of B (ns). */
    public double stepTimeB() {
        return perStep(false, RunProfile::time);
    }

    /** Whether kernels are attributed to operators on both sides for at least half of the device events. */
    public boolean operatorLevel() {
        for (RankPair p : pairs) {
            if (p.a().operatorCoverage() < 0.5 || p.b().operatorCoverage() < 0.5) {
                return false;
            }
        }
        return !pairs.isEmpty();
    }

    /** Whether both sides recorded operator input shapes. */
    public boolean bothHaveShapes() {
        boolean a = false;
        boolean b = false;
        for (RankPair p : pairs) {
            a |= p.a().hasShapes();
            b |= p.b().hasShapes();
        }
        return a && b;
    }

    /** A group merged over all rank pairs on both sides (totals in ns, not yet per step). */
    public record Merged(String key, String kind, long countA, long countB, long kernelsA, long kernelsB, long totalA,
                         long totalB, double exclusiveA, double exclusiveB, Set<String> rawNames) {
        /** Which side alone has it: {@code a}, {@code b} or empty. */
        public String onlyIn() {
            return countA == 0 && countB > 0 ? "b" : countB == 0 && countA > 0 ? "a" : "";
        }
    }

    /** The groups chosen by {@code groups} merged over ranks and sides, by |delta of total| descending. */
    public List<Merged> merge(Function<RunProfile, Map<String, RunProfile.Group>> groups) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        Map<String, double[]> excl = new LinkedHashMap<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        Map<String, Set<String>> raws = new LinkedHashMap<>();
        for (RankPair p : pairs) {
            for (int side = 0; side < 2; side++) {
                RunProfile r = side == 0 ? p.a() : p.b();
                for (RunProfile.Group g : groups.apply(r).values()) {
                    long[] s = sums.computeIfAbsent(g.key(), k -> new long[6]);
                    s[side] += g.count();
                    s[2 + side] += g.kernels();
                    s[4 + side] += g.total();
                    excl.computeIfAbsent(g.key(), k -> new double[2])[side] += g.exclusive();
                    kinds.putIfAbsent(g.key(), g.kind());
                    raws.computeIfAbsent(g.key(), k -> new LinkedHashSet<>()).addAll(g.rawNames);
                }
            }
        }
        List<Merged> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : sums.entrySet()) {
            long[] s = e.getValue();
            double[] x = excl.get(e.getKey());
            out.add(new Merged(e.getKey(), kinds.get(e.getKey()), s[0], s[1], s[2], s[3], s[4], s[5], x[0], x[1],
                    raws.get(e.getKey())));
        }
        out.sort(Comparator.comparingDouble((Merged m) -> -Math.abs(m.totalB() - m.totalA()))
                .thenComparing(Merged::key));
        return out;
    }

    /**
     * The parts of the step time on both sides (ns per step), largest |delta| first: the share of busy time of
     * each operator (or kernel, when operators are not known on both sides) and the idle time by category.
     * Their deltas sum to the step-time delta.
     */
    public List<Part> explanation() {
        boolean ops = operatorLevel();
        List<Part> parts = new ArrayList<>();
        for (Merged m : merge(ops ? RunProfile::operators : RunProfile::kernels)) {
            if (m.exclusiveA() != 0 || m.exclusiveB() != 0) {
                parts.add(new Part(ops ? "operator" : "kernel", m.key(), m.exclusiveA() * scale,
                        m.exclusiveB() * scale));
            }
        }
        parts.add(new Part("idle", "idle: host wait (GPU waits for launches)", perStep(true, r -> r.idleHostWait),
                perStep(false, r -> r.idleHostWait)));
        parts.add(new Part("idle", "idle: kernel wait (short gaps)", perStep(true, r -> r.idleKernelWait),
                perStep(false, r -> r.idleKernelWait)));
        parts.add(new Part("idle", "idle: other (synchronisation, dependencies)", perStep(true, r -> r.idleOther),
                perStep(false, r -> r.idleOther)));
        parts.add(new Part("idle", "idle: end of step (no work queued)", perStep(true, r -> r.idleTail),
                perStep(false, r -> r.idleTail)));
        parts.removeIf(p -> p.a() == 0 && p.b() == 0);
        parts.sort(Comparator.comparingDouble((Part p) -> -Math.abs(p.delta())).thenComparing(Part::name));
        return parts;
    }

    /** The comparison as a typed result (times in µs per step, per rank). */
    public Result result() {
        return DiffResult.of(this);
    }

    /** Location of a rank pair's first window on side A (for table rows). */
    Location locationA(RankPair p) {
        List<RunProfile.Window> w = p.a().windows();
        return w.isEmpty() ? Location.rank(p.a().rank())
                : Location.range(p.a().rank(), w.get(0).start(), w.get(w.size() - 1).end());
    }

    /** ns to µs with the per-step scale applied. */
    double us(double ns) {
        return ns * scale / 1000.0;
    }

    double scale() {
        return scale;
    }

    static Table.Builder sideBySide(Table.Builder t, String key, String label, Unit unit) {
        return t.column(key + "_a", label + " A", unit).column(key + "_b", label + " B", unit);
    }
}
