package dev.parallax.trace;

/** What a slice track records: a CPU thread, a GPU stream, or a lane of asynchronous spans. */
public enum TrackKind {
    CPU_THREAD,
    GPU_STREAM,
    ASYNC
}
