package dev.parallax.analysis.roofline;

import dev.parallax.model.catalog.Catalog;
import dev.parallax.model.catalog.Dtype;
import dev.parallax.model.catalog.Hardware;
import dev.parallax.trace.DeviceProperties;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Device names as profilers write them, matched to catalog entries. */
class HardwareMatchTest {
    private final Catalog catalog = Catalog.builtIn();

    private String id(String name, double gib, int major, int sms, Map<String, String> other) {
        Hardware h = HardwareMatch.find(catalog, new DeviceProperties(0, name, (long) (gib * (1L << 30)), major, 0, sms, other));
        return h == null ? null : h.id();
    }

    @Test
    void namesAndMemoryPickTheEntry() {
        assertEquals("h100-sxm", id("NVIDIA H100 80GB HBM3", 79.2, 9, 132, Map.of()));
        assertEquals("h100-pcie", id("NVIDIA H100 PCIe", 79.2, 9, 114, Map.of()));
        assertEquals("a100-80gb-sxm", id("NVIDIA A100-SXM4-80GB", 79.2, 8, 108, Map.of()));
        assertEquals("a100-40gb-sxm", id("NVIDIA A100-PG509-200", 39.6, 8, 108, Map.of()));
        assertEquals("h200-sxm", id("NVIDIA H200", 139.8, 9, 132, Map.of()));
        assertEquals("mi300x", id("AMD Instinct MI300X VF", 191.5, 9, 304, Map.of()));
        assertEquals("mi250x-gcd", id("AMD Instinct MI250X", 64, 9, 110, Map.of()));
        // ROCm names MI200 dies "AMD Radeon Graphics"; the architecture and compute units tell them apart
        assertEquals("mi210", id("AMD Radeon Graphics", 64, 9, 104, Map.of()));
        assertEquals("mi250x-gcd", id("AMD Radeon Graphics", 64, 9, 110, Map.of("gcnArchName", "gfx90a:sramecc+:xnack-")));
        assertEquals("mi300x", id("", 191.5, 9, 304, Map.of()));
        assertNull(id("Tesla V100-SXM2-32GB", 32, 7, 80, Map.of()));
        assertNull(id("NVIDIA H100 80GB HBM3", 79.2, 9, 132, Map.of()) == null ? "x" : null);
    }

    @Test
    void vectorPeaksFromTheDatasheets() {
        Hardware h100 = catalog.hardware("h100-sxm");
        assertEquals(133.8e12, h100.vectorPeakFlops(Dtype.BF16), 1e9);
        assertEquals(66.9e12, h100.vectorPeakFlops(Dtype.FP32), 1e9);
        // no 16-bit vector figure for MI300X: FP32's applies
        assertEquals(163.4e12, catalog.hardware("mi300x").vectorPeakFlops(Dtype.BF16), 1e9);
        assertEquals(181.0e12, catalog.hardware("mi210").peakFlops(Dtype.BF16), 1e9);
    }
}
