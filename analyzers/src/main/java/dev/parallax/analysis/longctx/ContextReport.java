package dev.parallax.analysis.longctx;

import dev.parallax.model.catalog.Hardware;
import dev.parallax.model.catalog.ModelArchitecture;
import dev.parallax.model.longcontext.LongContextModel;
import dev.parallax.model.roofline.Bound;

import java.util.ArrayList;
import java.util.List;

/**
 * A long-context projection as data, for the result, the Cost Model view and the report: the projected phases,
 * the capacity bounds and the context lengths at which something changes.
 *
 * @param rank             the rank projected
 * @param hardware         the device whose roofs apply
 * @param model            the architecture used for the KV cache and capacity (given or read from shapes)
 * @param modelFromShapes  whether {@code model} was read from the trace
 * @param peak             whether ops were projected at their roofline rather than their measured efficiency
 * @param prefill          the prefill steps' projection (may hold no step)
 * @param decode           the decode steps' projection (may hold no step)
 * @param bounds           Fu's four bounds for {@code model} on {@code hardware}
 * @param targets          the context lengths reported
 * @param stepsWithoutAttention steps that could not be placed (no attention call)
 * @param source           the trace file
 * @param traced           the architecture read from the trace's shapes (equal to {@code model} when no model
 *                         was given)
 */
public record ContextReport(int rank, Hardware hardware, ModelArchitecture model, boolean modelFromShapes,
                            boolean peak, Projection prefill, Projection decode, LongContextModel bounds,
                            long[] targets, int stepsWithoutAttention, String source,
                            ModelArchitecture traced) {

    /** Search range of the crossover points: from the traced length to this many tokens. */
    public static final long SEARCH_LIMIT = 1L << 24;

    /**
     * The projection at one context length.
     *
     * @param context            T
     * @param prefillByClass     prefill time per {@link OpClass} (ns), null without prefill steps
     * @param prefillBound       the roof limiting most of the prefill time
     * @param decodeByClass      decode step time per {@link OpClass} (ns), null without decode steps
     * @param decodeBound        the roof limiting most of the decode step
     * @param kvBytes            KV cache of one sequence of T tokens
     * @param maxConcurrency     sequences of T tokens whose KV fits in HBM beside the weights and the reserve
     * @param contextSwitchSeconds time to move one sequence's KV over the host link
     */
    public record Row(long context, double[] prefillByClass, Bound prefillBound, double[] decodeByClass,
                      Bound decodeBound, double kvBytes, long maxConcurrency, double contextSwitchSeconds) {

        /** Prefill time (ns); NaN without prefill steps. */
        public double prefillNs() {
            return sum(prefillByClass);
        }

        /** Decode step time (ns); NaN without decode steps. */
        public double decodeNs() {
            return sum(decodeByClass);
        }

        private static double sum(double[] a) {
            if (a == null) {
                return Double.NaN;
            }
            double s = 0;
            for (double v : a) {
                s += v;
            }
            return s;
        }
    }

    /** The projection at {@code t}. */
    public Row at(long t) {
        return new Row(t, prefill.present() ? prefill.nsByClassAt(t) : null,
                prefill.present() ? prefill.boundAt(t) : null, decode.present() ? decode.nsByClassAt(t) : null,
                decode.present() ? decode.boundAt(t) : null, bounds.kvBytes(t), bounds.maxConcurrency(t),
                bounds.contextSwitchSeconds(t));
    }

    /** One row per target length. */
    public List<Row> rows() {
        List<Row> out = new ArrayList<>(targets.length);
        for (long t : targets) {
            out.add(at(t));
        }
        return out;
    }

    /** The traced context length (prefill's when traced, else decode's). */
    public long measuredContext() {
        return prefill.present() ? prefill.measuredContext() : decode.measuredContext();
    }

    private long searchTop() {
        return Math.max(SEARCH_LIMIT, targets[targets.length - 1]);
    }

    /** Where the decode step takes twice its traced time; -1 when not below the search limit. */
    public long decodeDoublesAt() {
        if (!decode.present()) {
            return -1;
        }
        long t0 = decode.measuredContext();
        double base = decode.nsAt(t0);
        return Projection.firstWhere(t0, searchTop(), t -> decode.nsAt(t) >= 2 * base);
    }

    /** Where attention takes longer than the GEMMs in {@code phase}; -1 when never in range. */
    public long attentionOvertakesGemmAt(Projection phase) {
        if (!phase.present()) {
            return -1;
        }
        return Projection.firstWhere(phase.measuredContext(), searchTop(), t -> {
            double[] c = phase.nsByClassAt(t);
            return c[OpClass.ATTENTION.ordinal()] > c[OpClass.GEMM.ordinal()];
        });
    }

    /** Where {@code phase} first changes the roof limiting most of its time; -1 when it does not in range. */
    public long boundChangesAt(Projection phase) {
        if (!phase.present()) {
            return -1;
        }
        long t0 = phase.measuredContext();
        Bound first = phase.boundAt(t0);
        return Projection.firstWhere(t0, searchTop(), t -> phase.boundAt(t) != first);
    }

    /** The smallest T at which at most {@code sequences} sequences fit in HBM; -1 when none fits at all. */
    public long concurrencyFallsToAt(long sequences) {
        if (bounds.kvBudgetBytes() <= 0) {
            return -1;
        }
        long at = Projection.firstWhere(1, searchTop(), t -> bounds.maxConcurrency(t) <= sequences);
        return at;
    }
}
