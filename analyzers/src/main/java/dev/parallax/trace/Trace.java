package dev.parallax.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One loaded trace file (one rank): a string pool, slice tracks, counter tracks, flows, compact
 * arguments, metadata and load diagnostics. Immutable once built; all times are integer nanoseconds on
 * the trace's clock (for Kineto, {@code baseTimeNanoseconds} is already added).
 */
public final class Trace {
    private final String source;
    private final TraceMetadata metadata;
    private final StringPool strings;
    private final List<SliceTrack> sliceTracks;
    private final List<CounterTrack> counterTracks;
    private final FlowTable flows;
    private final ArgStore args;
    private final LoadDiagnostics diagnostics;
    private final Map<String, Long> eventsByPhase;
    private final LoadStats loadStats;
    private final long minTime;
    private final long maxTime;

    Trace(String source, TraceMetadata metadata, StringPool strings, List<SliceTrack> sliceTracks,
          List<CounterTrack> counterTracks, FlowTable flows, ArgStore args, LoadDiagnostics diagnostics,
          Map<String, Long> eventsByPhase, LoadStats loadStats) {
        this.source = source;
        this.metadata = metadata;
        this.strings = strings;
        this.sliceTracks = List.copyOf(sliceTracks);
        this.counterTracks = List.copyOf(counterTracks);
        this.flows = flows;
        this.args = args;
        this.diagnostics = diagnostics;
        this.eventsByPhase = Map.copyOf(eventsByPhase);
        this.loadStats = loadStats;
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (SliceTrack t : sliceTracks) {
            if (t.size() > 0) {
                lo = Math.min(lo, t.minStart());
                hi = Math.max(hi, t.maxEnd());
            }
        }
        for (CounterTrack c : counterTracks) {
            if (c.size() > 0) {
                lo = Math.min(lo, c.time(0));
                hi = Math.max(hi, c.time(c.size() - 1));
            }
        }
        this.minTime = lo == Long.MAX_VALUE ? 0 : lo;
        this.maxTime = hi == Long.MIN_VALUE ? 0 : hi;
    }

    /** The file (or other source) this trace was read from. */
    public String source() {
        return source;
    }

    public TraceMetadata metadata() {
        return metadata;
    }

    public StringPool strings() {
        return strings;
    }

    /** Shorthand for {@code strings().get(id)}. */
    public String string(int id) {
        return strings.get(id);
    }

    public List<SliceTrack> sliceTracks() {
        return sliceTracks;
    }

    public SliceTrack sliceTrack(int id) {
        return sliceTracks.get(id);
    }

    public List<CounterTrack> counterTracks() {
        return counterTracks;
    }

    /** Slice tracks of one kind, in track order. */
    public List<SliceTrack> tracks(TrackKind kind) {
        List<SliceTrack> out = new ArrayList<>();
        for (SliceTrack t : sliceTracks) {
            if (t.kind() == kind) {
                out.add(t);
            }
        }
        return out;
    }

    public FlowTable flows() {
        return flows;
    }

    public ArgStore args() {
        return args;
    }

    public LoadDiagnostics diagnostics() {
        return diagnostics;
    }

    /** Events read per Chrome phase letter (e.g. {@code X}, {@code B}, {@code C}), as found in the file. */
    public Map<String, Long> eventsByPhase() {
        return eventsByPhase;
    }

    public LoadStats loadStats() {
        return loadStats;
    }

    /** Earliest time of any slice or counter sample (0 for an empty trace). */
    public long minTime() {
        return minTime;
    }

    /** Latest end of any slice or counter sample (0 for an empty trace). */
    public long maxTime() {
        return maxTime;
    }

    /**
     * This trace with every time moved by {@code deltaNs} (a log or metrics scrape put on another trace's
     * clock); strings, arguments, flows, metadata and diagnostics are shared with this one.
     */
    public Trace shifted(long deltaNs) {
        if (deltaNs == 0) {
            return this;
        }
        List<SliceTrack> slices = new ArrayList<>(sliceTracks.size());
        for (SliceTrack t : sliceTracks) {
            slices.add(t.shifted(deltaNs));
        }
        List<CounterTrack> counters = new ArrayList<>(counterTracks.size());
        for (CounterTrack c : counterTracks) {
            counters.add(c.shifted(deltaNs));
        }
        return new Trace(source, metadata, strings, slices, counters, flows, args, diagnostics, eventsByPhase,
                loadStats);
    }

    /** Total slices over all tracks. */
    public long sliceCount() {
        long n = 0;
        for (SliceTrack t : sliceTracks) {
            n += t.size();
        }
        return n;
    }

    /** Total counter samples over all counter tracks. */
    public long counterSampleCount() {
        long n = 0;
        for (CounterTrack t : counterTracks) {
            n += t.size();
        }
        return n;
    }

    /**
     * Size and speed of the load.
     *
     * @param fileBytes bytes on disk
     * @param decodedBytes bytes after decompression (equal to fileBytes when not compressed)
     * @param nanos wall-clock time of the load
     */
    public record LoadStats(long fileBytes, long decodedBytes, long nanos) {
        /** Throughput in MB/s (10^6 bytes) of decoded input. */
        public double megabytesPerSecond() {
            return nanos <= 0 ? 0 : decodedBytes / 1e6 / (nanos / 1e9);
        }
    }
}
