package dev.parallax.analysis.roofline;

import dev.parallax.model.catalog.Dtype;

/**
 * The theoretical work of one operator instance: floating-point operations and bytes moved to and from device
 * memory (each tensor read or written once, at its own element size).
 *
 * @param category family of the formula used
 * @param flops    FLOPs (a multiply-add counts 2)
 * @param bytes    bytes read plus bytes written
 * @param dtype    the compute dtype whose peak applies; null when unknown (integer work)
 * @param matrix   whether the work runs on matrix units (tensor cores, MFMA) rather than vector units
 * @param params   the dimensions the formula used, for people ({@code M=8944 N=2816 K=1024})
 */
public record OpWork(OpCategory category, double flops, double bytes, Dtype dtype, boolean matrix, String params) {

    /** Arithmetic intensity in FLOP/byte; 0 when no bytes move. */
    public double intensity() {
        return bytes > 0 ? flops / bytes : 0;
    }

    /** The same work scaled by {@code factor} in FLOPs only (e.g. a backward pass). */
    public OpWork withFlops(double f) {
        return new OpWork(category, f, bytes, dtype, matrix, params);
    }
}
