package dev.parallax.analysis.longctx;

import dev.parallax.analysis.roofline.Ceilings;
import dev.parallax.analysis.roofline.WorkModel;
import dev.parallax.model.roofline.Bound;

import java.util.List;

/**
 * One measured inference step (a prefill or a decode step) with its operators classified, projected to other
 * context lengths.
 *
 * @param name   the step's annotation ({@code ProfilerStep#3}) or the trace's name
 * @param rank   the rank it ran on
 * @param start  step start (ns)
 * @param end    step end (ns)
 * @param shape  phase, batch and context read from its attention calls
 * @param ops    its operators
 */
public record InferenceStep(String name, int rank, long start, long end, StepShape shape, List<ScaledOp> ops) {

    /** Measured kernel time of the step's operators (ns). */
    public long measuredNs() {
        long n = 0;
        for (ScaledOp o : ops) {
            n += o.op().kernelNs();
        }
        return n;
    }

    /** Projected kernel time at context length {@code t}, split by {@link OpClass} (ns, indexed by ordinal). */
    public double[] nsByClassAt(long t, boolean peak, Ceilings ceilings, WorkModel model) {
        double[] out = new double[OpClass.values().length];
        for (ScaledOp o : ops) {
            out[o.opClass().ordinal()] += o.nsAt(t, peak, ceilings, model);
        }
        return out;
    }

    /**
     * Projected time at {@code t} of the operators whose roofline is limited by compute and by memory:
     * {compute ns, memory ns} (unmodelled ops count in neither).
     */
    public double[] nsByBoundAt(long t, boolean peak, Ceilings ceilings, WorkModel model) {
        double[] out = new double[2];
        for (ScaledOp o : ops) {
            Bound b = o.boundAt(t, ceilings, model);
            if (b != null) {
                out[b == Bound.COMPUTE ? 0 : 1] += o.nsAt(t, peak, ceilings, model);
            }
        }
        return out;
    }
}
