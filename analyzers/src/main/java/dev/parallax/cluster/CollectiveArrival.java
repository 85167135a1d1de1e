package dev.parallax.cluster;

import java.io.Serializable;

/**
 * One collective kernel on one rank: which instance of which collective it is, and when it started (its
 * arrival at the collective).
 *
 * @param group process group name ({@code Process Group Name} argument), or {@code default}
 * @param type collective type id ({@code all_reduce}, {@code all_gather}, {@code reduce_scatter}, ...)
 * @param seq the instance's sequence number: the {@code Seq} argument when the trace records it, else the
 *     kernel's order among the rank's kernels of this group and type (0-based)
 * @param startNs start, nanoseconds on the job's clock ({@code baseTimeNanoseconds + ts})
 * @param durationNs duration, nanoseconds
 */
public record CollectiveArrival(String group, String type, long seq, long startNs, long durationNs)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The key that matches this instance across ranks. */
    public InstanceKey key() {
        return new InstanceKey(group, type, seq);
    }

    /** Identifies one collective instance across ranks: process group, type and sequence number. */
    public record InstanceKey(String group, String type, long seq) implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
