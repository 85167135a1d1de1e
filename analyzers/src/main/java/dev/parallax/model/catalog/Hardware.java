package dev.parallax.model.catalog;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One accelerator's peak figures, as published in its vendor datasheet (each figure's source is kept in
 * {@link #sources()}). Units: FLOP/s, bytes, bytes/s. Dense (not 2:4 sparse) tensor-core peaks.
 *
 * @param id                       catalog id, lower case with dashes ({@code h100-sxm})
 * @param name                     display name
 * @param denseFlops               dense tensor-core peak in FLOP/s per dtype (absent where unsupported)
 * @param hbmBytes                 device memory capacity in bytes
 * @param hbmBandwidth             device memory bandwidth in bytes/s
 * @param interconnectBandwidth    GPU-to-GPU link (NVLink, Infinity Fabric) bandwidth in bytes/s, both directions
 *                                 together, as datasheets state it; 0 where the device has none
 * @param hostLinkBandwidth        host link (PCIe) bandwidth in bytes/s, per direction
 * @param sources                  figure name to source (datasheet title and URL)
 * @param vectorFlops              peak FLOP/s of the vector (non-tensor-core, non-MFMA) units per dtype, for
 *                                 elementwise work; empty when the datasheet gives none
 * @param deviceNames              text the profiler's device name contains for this device ({@code H100 80GB HBM3}),
 *                                 and {@code gfx942}-style architecture names or {@code cus=304} compute-unit counts
 *                                 for devices that report a generic name
 */
public record Hardware(String id, String name, Map<Dtype, Double> denseFlops, double hbmBytes,
                       double hbmBandwidth, double interconnectBandwidth, double hostLinkBandwidth,
                       Map<String, String> sources, Map<Dtype, Double> vectorFlops, List<String> deviceNames) {

    public Hardware {
        Objects.requireNonNull(id, "id");
        denseFlops = Map.copyOf(denseFlops);
        sources = Map.copyOf(sources);
        vectorFlops = Map.copyOf(vectorFlops);
        deviceNames = List.copyOf(deviceNames);
    }

    /** A device with only tensor-core peaks (no vector peaks, no device names). */
    public Hardware(String id, String name, Map<Dtype, Double> denseFlops, double hbmBytes, double hbmBandwidth,
                    double interconnectBandwidth, double hostLinkBandwidth, Map<String, String> sources) {
        this(id, name, denseFlops, hbmBytes, hbmBandwidth, interconnectBandwidth, hostLinkBandwidth, sources,
                Map.of(), List.of());
    }

    /**
     * Peak FLOP/s of the vector units for a dtype (elementwise, norms, reductions): the dtype's own vector peak,
     * else the FP32 vector peak (16-bit types are at least as fast on every listed device), else the dense
     * FP32 figure; NaN when none is known.
     */
    public double vectorPeakFlops(Dtype dtype) {
        Double v = vectorFlops.get(dtype);
        if (v == null) {
            v = vectorFlops.get(Dtype.FP32);
        }
        if (v == null) {
            v = denseFlops.get(Dtype.FP32);
        }
        return v == null ? Double.NaN : v;
    }

    /**
     * Dense peak FLOP/s for a dtype. FP32 falls back to TF32 tensor cores only if FP32 itself is absent;
     * INT8 falls back to FP8.
     *
     * @throws IllegalArgumentException when the device lists no peak for that dtype
     */
    public double peakFlops(Dtype dtype) {
        Double v = denseFlops.get(dtype);
        if (v == null && dtype == Dtype.FP16) {
            v = denseFlops.get(Dtype.BF16);
        }
        if (v == null && dtype == Dtype.INT8) {
            v = denseFlops.get(Dtype.FP8);
        }
        if (v == null && dtype == Dtype.INT4) {
            v = denseFlops.get(Dtype.FP8);
        }
        if (v == null && dtype == Dtype.FP32) {
            v = denseFlops.get(Dtype.TF32);
        }
        if (v == null) {
            throw new IllegalArgumentException(id + " has no published dense " + dtype.id() + " peak in the catalog");
        }
        return v;
    }

    /** Interconnect bandwidth per direction in bytes/s (half the bidirectional datasheet figure). */
    public double interconnectBandwidthPerDirection() {
        return interconnectBandwidth / 2.0;
    }

    /** Roofline ridge point in FLOP/byte: peak / bandwidth (Williams et al. 2009). */
    public double ridgePoint(Dtype dtype) {
        return peakFlops(dtype) / hbmBandwidth;
    }
}
