package dev.parallax.model.collective;

import java.util.Locale;

/**
 * Collective operations with the bus-bandwidth factors of nccl-tests (doc/PERFORMANCE.md): the factor turns
 * algorithm bandwidth (bytes / time) into bus bandwidth, the per-link rate a ring algorithm needs.
 */
public enum CollectiveOp {
    /** Ring all-reduce: factor 2(n−1)/n. */
    ALL_REDUCE("allreduce"),
    /** Reduce-scatter: factor (n−1)/n (S is the total size, each rank ends with S/n). */
    REDUCE_SCATTER("reducescatter"),
    /** All-gather: factor (n−1)/n (S is the gathered total). */
    ALL_GATHER("allgather"),
    /** All-to-all: factor (n−1)/n. */
    ALL_TO_ALL("alltoall"),
    /** Broadcast: factor 1. */
    BROADCAST("broadcast"),
    /** Reduce: factor 1. */
    REDUCE("reduce");

    private final String id;

    CollectiveOp(String id) {
        this.id = id;
    }

    /** Command-line name. */
    public String id() {
        return id;
    }

    /** nccl-tests bus-bandwidth factor for {@code ranks} participants. */
    public double busBandwidthFactor(int ranks) {
        if (ranks < 1) {
            throw new IllegalArgumentException("ranks must be at least 1, got " + ranks);
        }
        double n = ranks;
        switch (this) {
            case ALL_REDUCE: return 2 * (n - 1) / n;
            case REDUCE_SCATTER: case ALL_GATHER: case ALL_TO_ALL: return (n - 1) / n;
            default: return 1.0;
        }
    }

    /** Sequential communication steps of the ring algorithm (latency term): 2(n−1) for all-reduce, else n−1. */
    public int ringSteps(int ranks) {
        return this == ALL_REDUCE ? 2 * (ranks - 1) : Math.max(0, ranks - 1);
    }

    /** Parses {@code allreduce}, {@code all-reduce}, {@code all_reduce}, ... */
    public static CollectiveOp parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (CollectiveOp op : values()) {
            if (op.id.equals(t)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown collective '" + text
                + "' (expected allreduce, reducescatter, allgather, alltoall, broadcast or reduce)");
    }
}
