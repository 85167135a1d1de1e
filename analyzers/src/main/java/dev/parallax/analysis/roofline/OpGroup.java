package dev.parallax.analysis.roofline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls of one operator with the same shapes, types and scalar arguments ({@link OpKey}), with their summed
 * kernel time and the spread of their achieved rates.
 *
 * @param key       the grouping key
 * @param work      work of one call (null: no model)
 * @param instances the calls, in trace order
 */
public record OpGroup(OpKey key, OpWork work, List<OpInstance> instances) {

    public OpGroup {
        instances = List.copyOf(instances);
    }

    /** Groups calls by key, sorted by total kernel time (largest first). */
    public static List<OpGroup> of(List<OpInstance> calls) {
        Map<OpKey, List<OpInstance>> byKey = new LinkedHashMap<>();
        for (OpInstance c : calls) {
            byKey.computeIfAbsent(OpKey.of(c.name(), c.shapes()), k -> new ArrayList<>()).add(c);
        }
        List<OpGroup> out = new ArrayList<>();
        byKey.forEach((k, v) -> out.add(new OpGroup(k, v.get(0).work(), v)));
        out.sort((a, b) -> Long.compare(b.totalNs(), a.totalNs()));
        return out;
    }

    /** Number of calls. */
    public int count() {
        return instances.size();
    }

    /** Summed kernel time of all calls (ns). */
    public long totalNs() {
        long s = 0;
        for (OpInstance i : instances) {
            s += i.kernelNs();
        }
        return s;
    }

    /** Mean kernel time per call (ns). */
    public double meanNs() {
        return instances.isEmpty() ? 0 : (double) totalNs() / instances.size();
    }

    /** Per-call achieved FLOP/s, sorted ascending. */
    public double[] flopRates() {
        return instances.stream().mapToDouble(OpInstance::achievedFlops).sorted().toArray();
    }

    /** Per-call achieved bytes/s, sorted ascending. */
    public double[] byteRates() {
        return instances.stream().mapToDouble(OpInstance::achievedBandwidth).sorted().toArray();
    }

    /** Summed roofline time of all calls on {@code c} (s). */
    public double rooflineSeconds(Ceilings c) {
        return work == null ? 0 : c.seconds(work) * instances.size();
    }

    /** Percent of the roofline over all calls: roofline time / measured time × 100. */
    public double percentOfRoofline(Ceilings c) {
        long t = totalNs();
        return t <= 0 || work == null ? 0 : rooflineSeconds(c) / (t * 1e-9) * 100;
    }

    /**
     * Kernel time saved if the group ran at {@code fraction} of its roofline (ns; 0 when it already does): measured
     * time − roofline time / fraction.
     */
    public long gainNs(Ceilings c, double fraction) {
        if (work == null) {
            return 0;
        }
        double target = rooflineSeconds(c) / fraction * 1e9;
        return Math.max(0, Math.round(totalNs() - target));
    }

    /** The call with the longest kernel time. */
    public OpInstance slowest() {
        OpInstance s = instances.get(0);
        for (OpInstance i : instances) {
            if (i.kernelNs() > s.kernelNs()) {
                s = i;
            }
        }
        return s;
    }

    /** Median of sorted values. */
    public static double median(double[] sorted) {
        if (sorted.length == 0) {
            return 0;
        }
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    /** Mean of values. */
    public static double mean(double[] v) {
        return v.length == 0 ? 0 : Arrays.stream(v).sum() / v.length;
    }
}
