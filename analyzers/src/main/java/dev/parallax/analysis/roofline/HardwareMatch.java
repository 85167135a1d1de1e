package dev.parallax.analysis.roofline;

import dev.parallax.model.catalog.Catalog;
import dev.parallax.model.catalog.Hardware;
import dev.parallax.trace.DeviceProperties;

import java.util.List;
import java.util.Locale;

/**
 * Picks the catalog entry for a GPU the profiler described ({@code deviceProperties}). Each entry lists
 * {@code device_names}: plain text the device name contains ({@code H100 PCIe}), or space-separated conditions
 * that must all hold: {@code gfx90a} (the {@code gcnArchName}), {@code cus=104} (compute units / SMs),
 * {@code major=9} (compute capability major) and words the name contains ({@code Radeon}) — for MI200 devices
 * that ROCm reports as "AMD Radeon Graphics". The longest matching text wins; among equals, the entry whose memory
 * is closest to the device's (A100 40 GB vs 80 GB).
 */
public final class HardwareMatch {
    private HardwareMatch() {
    }

    /** The entry for {@code device}, or null when none matches. */
    public static Hardware find(Catalog catalog, DeviceProperties device) {
        Hardware best = null;
        int bestLength = -1;
        double bestMemDiff = Double.MAX_VALUE;
        for (Hardware h : catalog.hardware().values()) {
            for (String pattern : h.deviceNames()) {
                if (!matches(pattern, device)) {
                    continue;
                }
                int len = pattern.length();
                double memDiff = device.totalGlobalMem() > 0 ? Math.abs(h.hbmBytes() - device.totalGlobalMem()) : 0;
                if (len > bestLength || (len == bestLength && memDiff < bestMemDiff)) {
                    best = h;
                    bestLength = len;
                    bestMemDiff = memDiff;
                }
            }
        }
        return best;
    }

    /** The first device of {@code devices} that matches, or null. */
    public static Hardware find(Catalog catalog, List<DeviceProperties> devices) {
        for (DeviceProperties d : devices) {
            Hardware h = find(catalog, d);
            if (h != null) {
                return h;
            }
        }
        return null;
    }

    static boolean matches(String pattern, DeviceProperties d) {
        String name = d.name() == null ? "" : d.name().toLowerCase(Locale.ROOT);
        String p = pattern.toLowerCase(Locale.ROOT).trim();
        if (!p.contains("=") && !p.startsWith("gfx")) {
            return !name.isEmpty() && name.contains(p);
        }
        String arch = d.other().getOrDefault("gcnArchName", "").toLowerCase(Locale.ROOT);
        for (String cond : p.split("\\s+")) {
            boolean ok;
            if (cond.startsWith("cus=")) {
                ok = String.valueOf(d.numSms()).equals(cond.substring(4));
            } else if (cond.startsWith("major=")) {
                ok = String.valueOf(d.computeMajor()).equals(cond.substring(6));
            } else if (cond.startsWith("gfx")) {
                ok = arch.startsWith(cond);
            } else {
                ok = name.contains(cond) || (cond.equals("radeon") && name.isBlank());
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
