package dev.parallax.trace;

/**
 * Identity and labels of one track: the process and thread (or device and stream) it belongs to, and
 * the names and sort indices that {@code M} metadata events gave them.
 *
 * @param pid process id as written in the trace (numbers and strings both kept as text)
 * @param tid thread id (or stream, or async group name) as written in the trace
 * @param device GPU device index for GPU tracks, else -1
 * @param stream GPU stream id for GPU tracks, else -1
 */
public record TrackInfo(TrackKind kind, String pid, String tid, String processName, String threadName,
                        int processSortIndex, int threadSortIndex, int device, long stream) {

    /** A human-readable label: thread (or stream) name with its id. */
    public String label() {
        switch (kind) {
            case GPU_STREAM:
                return (threadName != null && !threadName.isEmpty() ? threadName : "stream " + stream)
                        + (device >= 0 ? " (GPU " + device + ")" : "");
            case ASYNC:
                return threadName != null && !threadName.isEmpty() ? threadName : tid;
            default:
                return (threadName != null && !threadName.isEmpty() ? threadName : "thread") + " " + tid;
        }
    }

    /** The process label: its name when known, else its id. */
    public String processLabel() {
        return processName != null && !processName.isEmpty() ? processName + " (" + pid + ")" : "process " + pid;
    }
}
