package dev.parallax.analysis.diff;

import dev.parallax.analysis.classify.RuleSet;
import dev.parallax.analysis.gpu.ProfileCache;
import dev.parallax.analysis.gpu.RankProfile;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares two runs, A (the baseline) and B: two traces, two trace sets (folders of ranks) or two ranks of
 * one set. Ranks are paired by rank id (or as chosen), steps by {@code ProfilerStep#N} number, else by
 * order, else as chosen per side; each paired rank and step window is profiled on both sides
 * ({@link RunProfile}) and the {@link Comparison} reports both sides and the deltas. Holistic Trace
 * Analysis's {@code TraceDiff} compares operator and kernel counts and durations of one iteration; this adds
 * the time breakdown, launches, operator shapes and a decomposition of the step-time delta.
 */
public final class TraceDiff {
    private TraceDiff() {
    }

    /**
     * What to compare.
     *
     * @param preset       classification rules preset ({@code parallax} or {@code hta})
     * @param stepsA       steps of A
     * @param stepsB       steps of B
     * @param rankPairs    explicit (rank of A, rank of B) pairs; empty: pair by rank id, or the only ranks
     * @param kernelWaitUs idle gaps shorter than this count as kernel wait (the idle analysis's threshold)
     */
    public record Options(String preset, StepSelection stepsA, StepSelection stepsB, List<int[]> rankPairs,
                          double kernelWaitUs) {
        public Options {
            rankPairs = rankPairs == null ? List.of() : List.copyOf(rankPairs);
        }

        public static Options defaults() {
            return new Options("parallax", StepSelection.ALL, StepSelection.ALL, List.of(), 30.0);
        }

        public Options withSteps(StepSelection a, StepSelection b) {
            return new Options(preset, a, b, rankPairs, kernelWaitUs);
        }

        public Options withRankPairs(List<int[]> pairs) {
            return new Options(preset, stepsA, stepsB, pairs, kernelWaitUs);
        }

        public Options withPreset(String p) {
            return new Options(p, stepsA, stepsB, rankPairs, kernelWaitUs);
        }
    }

    /** How steps were paired. */
    public enum StepPairing {
        /** By {@code ProfilerStep#N} number. */
        NUMBER,
        /** By order (the steps' numbers differ, or ranges were chosen per side). */
        ORDER,
        /** No steps on one side: the device span of each side is compared. */
        DEVICE_SPAN
    }

    /** Compares {@code a} with {@code b}; an IllegalArgumentException names a chosen rank or step that is absent. */
    public static Comparison compare(TraceSet a, TraceSet b, Options options, Progress progress) {
        return compare(a, b, options, progress, new ProfileCache(), new ProfileCache());
    }

    /** As {@link #compare(TraceSet, TraceSet, Options, Progress)}, reusing each side's classification cache. */
    public static Comparison compare(TraceSet a, TraceSet b, Options options, Progress progress, ProfileCache cacheA,
                                     ProfileCache cacheB) {
        RuleSet rules = RuleSet.preset(options.preset());
        List<RankProfile> pa = cacheA.profiles(a, rules, progress);
        List<RankProfile> pb = a == b ? pa : cacheB.profiles(b, rules, progress);
        List<RankProfile[]> pairs = pairRanks(pa, pb, options.rankPairs());
        long kernelWait = Math.round(options.kernelWaitUs() * 1000);
        List<Comparison.RankPair> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        StepPairing pairing = null;
        for (RankProfile[] p : pairs) {
            progress.checkCancelled();
            List<RankProfile.Step> sa = options.stepsA().choose(p[0].steps());
            List<RankProfile.Step> sb = options.stepsB().choose(p[1].steps());
            if (!options.stepsA().isAll() && sa.isEmpty()) {
                throw new IllegalArgumentException("A rank " + p[0].rank() + " has no ProfilerStep in " + options.stepsA());
            }
            if (!options.stepsB().isAll() && sb.isEmpty()) {
                throw new IllegalArgumentException("B rank " + p[1].rank() + " has no ProfilerStep in " + options.stepsB());
            }
            StepPairing how;
            List<RankProfile.Step> ka = new ArrayList<>();
            List<RankProfile.Step> kb = new ArrayList<>();
            if (sa.isEmpty() || sb.isEmpty()) {
                how = StepPairing.DEVICE_SPAN;
            } else {
                Map<Long, RankProfile.Step> byNumber = new HashMap<>();
                for (RankProfile.Step s : sb) {
                    byNumber.put(s.number(), s);
                }
                boolean sameChoice = options.stepsA().equals(options.stepsB());
                for (RankProfile.Step s : sa) {
                    RankProfile.Step m = s.number() >= 0 ? byNumber.get(s.number()) : null;
                    if (m != null && sameChoice) {
                        ka.add(s);
                        kb.add(m);
                    }
                }
                if (!ka.isEmpty()) {
                    how = StepPairing.NUMBER;
                } else {
                    how = StepPairing.ORDER;
                    int n = Math.min(sa.size(), sb.size());
                    ka.addAll(sa.subList(0, n));
                    kb.addAll(sb.subList(0, n));
                }
            }
            if (pairing == null || pairing == how) {
                pairing = how;
            } else if (how == StepPairing.DEVICE_SPAN) {
                pairing = how;
            }
            RunProfile ra = RunProfile.build(p[0], RunProfile.stepWindows(ka), kernelWait);
            RunProfile rb = RunProfile.build(p[1], RunProfile.stepWindows(kb), kernelWait);
            out.add(new Comparison.RankPair(ra, rb));
            if (how == StepPairing.ORDER && (sa.size() != ka.size() || sb.size() != kb.size())) {
                notes.add("rank " + p[0].rank() + " / " + p[1].rank() + ": " + ka.size() + " steps paired by order ("
                        + sa.size() + " in A, " + sb.size() + " in B)");
            }
        }
        Set<Integer> unpairedA = new LinkedHashSet<>();
        Set<Integer> unpairedB = new LinkedHashSet<>();
        for (RankProfile p : pa) {
            unpairedA.add(p.rank());
        }
        for (RankProfile p : pb) {
            unpairedB.add(p.rank());
        }
        for (RankProfile[] p : pairs) {
            unpairedA.remove(p[0].rank());
            unpairedB.remove(p[1].rank());
        }
        if (!unpairedA.isEmpty() && options.rankPairs().isEmpty()) {
            notes.add("ranks only in A (not compared): " + unpairedA);
        }
        if (!unpairedB.isEmpty() && options.rankPairs().isEmpty()) {
            notes.add("ranks only in B (not compared): " + unpairedB);
        }
        return new Comparison(a.name(), b.name(), out, pairing == null ? StepPairing.DEVICE_SPAN : pairing, notes);
    }

    private static List<RankProfile[]> pairRanks(List<RankProfile> a, List<RankProfile> b, List<int[]> chosen) {
        List<RankProfile[]> out = new ArrayList<>();
        if (!chosen.isEmpty()) {
            for (int[] c : chosen) {
                RankProfile x = byRank(a, c[0]);
                RankProfile y = byRank(b, c[1]);
                if (x == null) {
                    throw new IllegalArgumentException("A has no rank " + c[0] + " (ranks: " + ranks(a) + ")");
                }
                if (y == null) {
                    throw new IllegalArgumentException("B has no rank " + c[1] + " (ranks: " + ranks(b) + ")");
                }
                out.add(new RankProfile[] {x, y});
            }
            return out;
        }
        for (RankProfile x : a) {
            RankProfile y = byRank(b, x.rank());
            if (y != null) {
                out.add(new RankProfile[] {x, y});
            }
        }
        if (out.isEmpty() && a.size() == 1 && b.size() == 1) {
            out.add(new RankProfile[] {a.get(0), b.get(0)});
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no rank id in common (A: " + ranks(a) + ", B: " + ranks(b)
                    + "); choose pairs with --ranks A:B");
        }
        return out;
    }

    private static RankProfile byRank(List<RankProfile> list, int rank) {
        for (RankProfile p : list) {
            if (p.rank() == rank) {
                return p;
            }
        }
        return null;
    }

    private static List<Integer> ranks(List<RankProfile> list) {
        return list.stream().map(RankProfile::rank).toList();
    }
}
