package dev.parallax.analysis.roofline;

/**
 * One operator call with its shapes, its modelled work and the GPU time of the kernels it launched.
 *
 * @param rank       rank of the trace it is in
 * @param trackId    CPU track of the operator slice
 * @param row        row of the operator slice
 * @param start      operator start (ns)
 * @param end        operator end (ns)
 * @param shapes     recorded input shapes (null for an operator without them)
 * @param work       modelled work (null: no model)
 * @param kernelNs   summed duration of the kernels attributed to this operator (each kernel counted once, on the
 *                   innermost enclosing operator that has a work model, else on the innermost operator)
 * @param directNs   summed duration of the kernels launched directly by this operator (no nested operator between)
 * @param subtreeNs  summed duration of every kernel launched inside this operator, nested operators included
 * @param kernels    the attributed kernels as {@code trackId << 32 | row} on GPU tracks
 * @param name       operator name
 */
public record OpInstance(int rank, int trackId, int row, long start, long end, String name, OpShapes shapes,
                         OpWork work, long kernelNs, long directNs, long subtreeNs, long[] kernels) {

    /** Whether a formula covers this operator. */
    public boolean modelled() {
        return work != null;
    }

    /** Achieved FLOP/s over the attributed kernel time; 0 when no time. */
    public double achievedFlops() {
        return work == null || kernelNs <= 0 ? 0 : work.flops() / (kernelNs * 1e-9);
    }

    /** Achieved bytes/s over the attributed kernel time; 0 when no time. */
    public double achievedBandwidth() {
        return work == null || kernelNs <= 0 ? 0 : work.bytes() / (kernelNs * 1e-9);
    }
}
