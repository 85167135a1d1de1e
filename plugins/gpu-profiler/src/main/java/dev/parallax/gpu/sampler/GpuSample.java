package dev.parallax.gpu.sampler;

import java.util.List;
import java.util.Map;

/**
 * One NVML reading of one device. {@code values} holds the numeric series the device answered at
 * this tick, keyed as the sampler writes them ({@code gpu_util_pct}, {@code mem_used_bytes},
 * {@code power_w}, {@code sm_clock_mhz}, {@code gpm_sm_util_pct}, ...; see {@link SeriesCatalog});
 * {@code missing} names each series that is off on this device and why.
 *
 * @param device    NVML device index
 * @param timeNanos CLOCK_REALTIME nanoseconds (the clock of the CUPTI trace)
 */
public record GpuSample(int device, long timeNanos, String name, String uuid, Map<String, Double> values,
                        List<ProcessMemory> processes, Map<String, String> missing) {
    public GpuSample {
        values = Map.copyOf(values);
        processes = List.copyOf(processes);
        missing = Map.copyOf(missing);
    }

    /** The value of one series, or NaN when the device did not report it at this tick. */
    public double value(String key) {
        Double v = values.get(key);
        return v == null ? Double.NaN : v;
    }

    /** GPU memory one process holds on the device. */
    public record ProcessMemory(long pid, long usedBytes) {
    }
}
