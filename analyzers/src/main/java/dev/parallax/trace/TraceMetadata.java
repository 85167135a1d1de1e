package dev.parallax.trace;

import java.util.List;
import java.util.Map;

/**
 * What a trace says about itself: its format, the distributed job it belongs to (rank, world size,
 * process groups), its devices and its clock base.
 *
 * @param format short format name, e.g. {@code kineto}, {@code chrome-json}, {@code nsight-sqlite}
 * @param rank the rank the file declares ({@code distributedInfo.rank}), or null
 * @param worldSize declared world size, or -1
 * @param baseTimeNanoseconds Kineto's clock base (already added to every time of the trace), or null
 * @param other further top-level scalar keys (schemaVersion, traceName, displayTimeUnit, ...), and the scalar
 *     members of other top-level objects flattened as {@code object.member} (e.g. {@code otherData.num_gpu_blocks})
 */
public record TraceMetadata(String format, Integer rank, int worldSize, String backend,
                            List<ProcessGroup> processGroups, List<DeviceProperties> devices,
                            Long baseTimeNanoseconds, Map<String, String> other) {
    public TraceMetadata {
        processGroups = List.copyOf(processGroups);
        devices = List.copyOf(devices);
        other = Map.copyOf(other);
    }

    public static TraceMetadata empty(String format) {
        return new TraceMetadata(format, null, -1, null, List.of(), List.of(), null, Map.of());
    }
}
