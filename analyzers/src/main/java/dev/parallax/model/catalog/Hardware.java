package dev.parallax.model.catalog;

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
 */
public record Hardware(String id, String name, Map<Dtype, Double> denseFlops, double hbmBytes,
                       double hbmBandwidth, double interconnectBandwidth, double hostLinkBandwidth,
                       Map<String, String> sources) {

    public Hardware {
        Objects.requireNonNull(id, "id");
        denseFlops = Map.copyOf(denseFlops);
        sources = Map.copyOf(sources);
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
