package dev.parallax.analysis.roofline;

import dev.parallax.model.catalog.Dtype;
import dev.parallax.model.catalog.Hardware;
import dev.parallax.model.roofline.Bound;

/**
 * The roofs of one device (Williams, Waterman and Patterson, "Roofline", CACM 2009): a peak FLOP/s per dtype for the
 * matrix units (tensor cores, MFMA) and for the vector units, and the device-memory bandwidth. An operator's bound
 * is min(peak, intensity × bandwidth); its roofline time max(FLOPs / peak, bytes / bandwidth). Dense peaks, never
 * the 2:4-sparse figures.
 */
public record Ceilings(Hardware hardware) {

    /** Memory bandwidth in bytes/s. */
    public double bandwidth() {
        return hardware.hbmBandwidth();
    }

    /** The peak FLOP/s that applies to {@code work}; NaN when the device lists none for its dtype. */
    public double peak(OpWork work) {
        Dtype d = work.dtype() == null ? Dtype.FP32 : work.dtype();
        if (!work.matrix()) {
            return hardware.vectorPeakFlops(d);
        }
        try {
            return hardware.peakFlops(d);
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
    }

    /** Roofline time in seconds: max(FLOPs / peak, bytes / bandwidth). */
    public double seconds(OpWork work) {
        double peak = peak(work);
        double compute = work.flops() > 0 && peak > 0 ? work.flops() / peak : 0;
        return Math.max(compute, work.bytes() / bandwidth());
    }

    /** Attainable FLOP/s at the work's intensity: min(peak, intensity × bandwidth). */
    public double bound(OpWork work) {
        return Math.min(peak(work), work.intensity() * bandwidth());
    }

    /** Which roof limits the work. */
    public Bound limit(OpWork work) {
        double peak = peak(work);
        double compute = work.flops() > 0 && peak > 0 ? work.flops() / peak : 0;
        return compute >= work.bytes() / bandwidth() ? Bound.COMPUTE : Bound.MEMORY;
    }

    /** Percent of the roofline reached in {@code measuredNs}: roofline time / measured time × 100. */
    public double percentOfRoofline(OpWork work, long measuredNs) {
        return measuredNs <= 0 ? 0 : seconds(work) / (measuredNs * 1e-9) * 100;
    }
}
