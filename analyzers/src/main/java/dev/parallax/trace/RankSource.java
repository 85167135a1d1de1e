package dev.parallax.trace;

/** Where a trace's rank in its {@link TraceSet} came from. */
public enum RankSource {
    /** {@code distributedInfo.rank} (or the format's equivalent, e.g. Nsight MPI ranks). */
    DISTRIBUTED_INFO,
    /** The file name ({@code rank-N}, {@code rank_N}, {@code workerN}). */
    FILE_NAME,
    /** No rank anywhere: the position in load order. */
    LOAD_ORDER,
    /** Given by the user. */
    USER
}
