package dev.parallax.model.roofline;

import java.util.List;

/**
 * Roofline of one inference step (one prefill of the batch, or one decode step) for a model on a device:
 * the operators and the step totals. Peak and bandwidth are those of all tensor-parallel GPUs together.
 *
 * @param phase          prefill or decode
 * @param batch          sequences
 * @param context        prompt length (prefill) or tokens already in the KV cache (decode)
 * @param peakFlops      FLOP/s roof
 * @param bandwidth      bytes/s roof
 * @param operators      per-operator costs
 */
public record RooflineReport(Phase phase, int batch, long context, double peakFlops, double bandwidth,
                             List<OperatorCost> operators) {

    public RooflineReport {
        operators = List.copyOf(operators);
    }

    /** FLOPs of the step. */
    public double totalFlops() {
        return operators.stream().mapToDouble(OperatorCost::flops).sum();
    }

    /** Bytes of the step. */
    public double totalBytes() {
        return operators.stream().mapToDouble(OperatorCost::bytes).sum();
    }

    /** Sum of operator roofline times (operators run one after another). */
    public double totalSeconds() {
        return operators.stream().mapToDouble(OperatorCost::seconds).sum();
    }

    /** Step arithmetic intensity. */
    public double intensity() {
        return totalFlops() / totalBytes();
    }

    /** Ridge point peak / bandwidth in FLOP/byte. */
    public double ridgePoint() {
        return peakFlops / bandwidth;
    }

    /** Share of the step's time spent in memory-bound operators. */
    public double memoryBoundTimeFraction() {
        double mem = operators.stream().filter(o -> o.bound() == Bound.MEMORY).mapToDouble(OperatorCost::seconds).sum();
        return mem / totalSeconds();
    }
}
