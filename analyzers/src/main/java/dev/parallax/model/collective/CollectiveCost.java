package dev.parallax.model.collective;

/**
 * Time of a collective of S bytes over n ranks whose links sustain bus bandwidth B (bytes/s), following
 * nccl-tests doc/PERFORMANCE.md: busBw = algBw · factor with algBw = S / t, hence t = S · factor / B, plus an
 * optional per-step latency α (ring: 2(n−1) steps for all-reduce, n−1 otherwise).
 *
 * @param op                  the collective
 * @param ranks               n
 * @param bytes               S, the size nccl-tests reports (the full buffer)
 * @param seconds             t
 * @param algorithmBandwidth  S / t in bytes/s
 * @param busBandwidth        algorithmBandwidth · factor in bytes/s
 * @param factor              the bus-bandwidth factor
 */
public record CollectiveCost(CollectiveOp op, int ranks, double bytes, double seconds, double algorithmBandwidth,
                             double busBandwidth, double factor) {

    /**
     * Estimates a collective.
     *
     * @param linkBandwidth bus bandwidth B the links sustain, bytes/s
     * @param stepLatency   α, seconds per ring step (0 for a pure bandwidth model)
     */
    public static CollectiveCost estimate(CollectiveOp op, int ranks, double bytes, double linkBandwidth,
                                          double stepLatency) {
        if (linkBandwidth <= 0) {
            throw new IllegalArgumentException("bandwidth must be positive, got " + linkBandwidth);
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative, got " + bytes);
        }
        double factor = op.busBandwidthFactor(ranks);
        double t = ranks <= 1 ? 0 : bytes * factor / linkBandwidth + op.ringSteps(ranks) * stepLatency;
        double alg = t > 0 ? bytes / t : Double.POSITIVE_INFINITY;
        double bus = t > 0 ? alg * factor : Double.POSITIVE_INFINITY;
        return new CollectiveCost(op, ranks, bytes, t, alg, bus, factor);
    }
}
