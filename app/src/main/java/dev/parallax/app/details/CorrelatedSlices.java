package dev.parallax.app.details;

import dev.parallax.trace.ArgStore;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TrackKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Links a CPU launch and its GPU work by the Kineto/CUPTI {@code correlation} argument, for traces that
 * carry no flow events: from a GPU slice it looks backwards on the CPU tracks from the slice's start (the
 * launch comes first), from a CPU slice forwards on the GPU tracks. Each track is scanned at most
 * {@code maxRowsPerTrack} rows from that point, so a lookup stays bounded on any trace size.
 */
public final class CorrelatedSlices {
    /** A slice of the same trace: track id and row. */
    public record Link(int track, int row) {
    }

    private CorrelatedSlices() {
    }

    /** Slices sharing the correlation id of (track, row), nearest first per track; empty when it has none. */
    public static List<Link> of(Trace trace, int track, int row, int maxRowsPerTrack) {
        List<Link> out = new ArrayList<>();
        int key = trace.strings().find(dev.parallax.trace.KinetoArgs.CORRELATION);
        SliceTrack self = trace.sliceTrack(track);
        if (key < 0 || self.args(row) < 0) {
            return out;
        }
        ArgStore args = trace.args();
        long id = args.getLong(self.args(row), key, trace.strings(), Long.MIN_VALUE);
        if (id == Long.MIN_VALUE || id <= 0) {
            return out;
        }
        boolean fromGpu = self.kind() == TrackKind.GPU_STREAM;
        long t = self.start(row);
        for (SliceTrack other : trace.sliceTracks()) {
            if (other.id() == track || (other.kind() == TrackKind.GPU_STREAM) == fromGpu) {
                continue;
            }
            int start = other.firstRowStartingAtOrAfter(t);
            if (fromGpu) {
                for (int r = Math.min(start, other.size() - 1), n = 0; r >= 0 && n < maxRowsPerTrack; r--, n++) {
                    if (matches(other, r, key, id, trace)) {
                        out.add(new Link(other.id(), r));
                        break;
                    }
                }
            } else {
                for (int r = start, n = 0; r < other.size() && n < maxRowsPerTrack; r++, n++) {
                    if (matches(other, r, key, id, trace)) {
                        out.add(new Link(other.id(), r));
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static boolean matches(SliceTrack t, int r, int key, long id, Trace trace) {
        int h = t.args(r);
        return h >= 0 && trace.args().getLong(h, key, trace.strings(), Long.MIN_VALUE) == id;
    }
}
