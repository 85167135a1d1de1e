package dev.parallax.model.roofline;

import java.util.Locale;

/**
 * One operator's roofline point, summed over the layers it occurs in (Williams, Waterman and Patterson,
 * "Roofline: An Insightful Visual Performance Model for Multicore Architectures", CACM 2009):
 * time = max(FLOPs / peak, bytes / bandwidth), intensity = FLOPs / bytes.
 *
 * @param name           operator name ({@code q_proj}, {@code attention}, {@code down_proj}, ...)
 * @param phase          the phase it belongs to
 * @param occurrences    how many times it runs per step (layers it occurs in)
 * @param flops          FLOPs per step, all occurrences
 * @param bytes          bytes moved to and from HBM per step, all occurrences
 * @param computeSeconds FLOPs / peak
 * @param memorySeconds  bytes / bandwidth
 */
public record OperatorCost(String name, Phase phase, int occurrences, double flops, double bytes,
                           double computeSeconds, double memorySeconds) {

    /** Arithmetic intensity in FLOP/byte. */
    public double intensity() {
        return bytes > 0 ? flops / bytes : Double.POSITIVE_INFINITY;
    }

    /** The binding roof. */
    public Bound bound() {
        return computeSeconds >= memorySeconds ? Bound.COMPUTE : Bound.MEMORY;
    }

    /** Roofline time: the larger of compute and memory time. */
    public double seconds() {
        return Math.max(computeSeconds, memorySeconds);
    }

    /** Attainable FLOP/s at this intensity: FLOPs / time. */
    public double attainableFlops() {
        double s = seconds();
        return s > 0 ? flops / s : 0;
    }

    /** Bound in lower case, for reports. */
    public String boundId() {
        return bound().name().toLowerCase(Locale.ROOT);
    }
}
