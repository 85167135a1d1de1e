package dev.parallax.trace;

import java.util.Map;

/**
 * A GPU as the profiler described it (Kineto {@code deviceProperties}, Nsight {@code TARGET_INFO_GPU}).
 *
 * @param totalGlobalMem bytes, or -1 when unknown
 * @param other every further property, as text
 */
public record DeviceProperties(int id, String name, long totalGlobalMem, int computeMajor, int computeMinor,
                               int numSms, Map<String, String> other) {
    public DeviceProperties {
        other = Map.copyOf(other);
    }
}
