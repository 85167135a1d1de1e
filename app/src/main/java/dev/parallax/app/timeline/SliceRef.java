package dev.parallax.app.timeline;

import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;

/**
 * A reference to one slice: its trace set, the rank's member index in the set, the slice track id within
 * that rank's trace, and the row.
 */
public record SliceRef(TraceSet set, int member, int track, int row) {
    public Trace trace() {
        return set.member(member).trace();
    }

    public SliceTrack sliceTrack() {
        return trace().sliceTrack(track);
    }

    public int rank() {
        return set.member(member).rank();
    }

    public long start() {
        return sliceTrack().start(row);
    }

    public long end() {
        return sliceTrack().end(row);
    }

    public String name() {
        return trace().string(sliceTrack().name(row));
    }
}
