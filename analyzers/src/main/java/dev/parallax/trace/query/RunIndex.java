package dev.parallax.trace.query;

import dev.parallax.trace.SliceTrack;

/**
 * Finds, for one slice track, where a run of short, closely packed slices at one depth ends: the first
 * slice at or after a position whose duration is at least {@code g}, and the first gap (to the next
 * slice at that depth) of at least {@code g}. Block maxima over 32 and 1024 consecutive slices make each
 * query touch at most about a hundred values, so at coarse zoom the painter merges a dense run of any
 * length into one block with two queries instead of one search per pixel column. Only the maxima are
 * stored (a few bytes per 32 slices); values inside a block are read from the track.
 */
public final class RunIndex {
    private static final int B = 32;
    private static final int S = 1024;

    private final SliceTrack track;
    private final long[][] durMax;
    private final long[][] gapMax;
    private final long[][] durSuper;
    private final long[][] gapSuper;

    private RunIndex(SliceTrack track) {
        this.track = track;
        int depths = track.depthCount();
        durMax = new long[depths][];
        gapMax = new long[depths][];
        durSuper = new long[depths][];
        gapSuper = new long[depths][];
        for (int d = 0; d < depths; d++) {
            int n = track.depthSize(d);
            long[] dm = new long[(n + B - 1) / B];
            long[] gm = new long[dm.length];
            for (int i = 0; i < n; i++) {
                dm[i / B] = Math.max(dm[i / B], track.duration(track.rowAtDepth(d, i)));
                gm[i / B] = Math.max(gm[i / B], gap(d, i, n));
            }
            long[] ds = new long[(n + S - 1) / S];
            long[] gs = new long[ds.length];
            for (int b = 0; b < dm.length; b++) {
                ds[b * B / S] = Math.max(ds[b * B / S], dm[b]);
                gs[b * B / S] = Math.max(gs[b * B / S], gm[b]);
            }
            durMax[d] = dm;
            gapMax[d] = gm;
            durSuper[d] = ds;
            gapSuper[d] = gs;
        }
    }

    /** Builds the index of {@code track} (one pass over its slices). */
    public static RunIndex of(SliceTrack track) {
        return new RunIndex(track);
    }

    /**
     * Indexes of the tracks of {@code set} large enough to need one (at least
     * {@value #MIN_SLICES} slices); call off the UI thread, before showing the set.
     */
    public static java.util.List<RunIndex> forSet(dev.parallax.trace.TraceSet set) {
        java.util.List<RunIndex> out = new java.util.ArrayList<>();
        for (dev.parallax.trace.Trace t : set.traces()) {
            for (SliceTrack st : t.sliceTracks()) {
                if (st.size() >= MIN_SLICES) {
                    out.add(of(st));
                }
            }
        }
        return out;
    }

    /** Tracks with fewer slices than this are painted without a run index. */
    public static final int MIN_SLICES = 20_000;

    public SliceTrack track() {
        return track;
    }

    /** Gap after the {@code i}-th slice at depth {@code d} (to the next one), Long.MAX_VALUE for the last. */
    private long gap(int d, int i, int n) {
        if (i + 1 >= n) {
            return Long.MAX_VALUE;
        }
        return track.start(track.rowAtDepth(d, i + 1)) - track.end(track.rowAtDepth(d, i));
    }

    /** First index k &ge; {@code from} at depth {@code d} whose duration is &ge; {@code g}; depthSize when none. */
    public int firstLongAtOrAfter(int d, int from, long g) {
        return first(d, from, track.depthSize(d), g, durMax[d], durSuper[d], false);
    }

    /**
     * First index k in [{@code from}, {@code limit}) at depth {@code d} whose duration is &ge; {@code g};
     * {@code limit} when none (so a query costs the length of the range, not of the track).
     */
    public int firstLongInRange(int d, int from, int limit, long g) {
        return Math.min(limit, first(d, from, Math.min(limit, track.depthSize(d)), g, durMax[d], durSuper[d], false));
    }

    /** First index k &ge; {@code from} at depth {@code d} followed by a gap &ge; {@code g}; the last index when none. */
    public int firstGapAtOrAfter(int d, int from, long g) {
        int n = track.depthSize(d);
        int k = first(d, from, n, g, gapMax[d], gapSuper[d], true);
        return Math.min(k, n - 1);
    }

    /**
     * First index k in [{@code from}, {@code limit}) at depth {@code d} followed by a gap &ge; {@code g};
     * {@code limit - 1} when none there.
     */
    public int firstGapInRange(int d, int from, int limit, long g) {
        int n = track.depthSize(d);
        int lim = Math.min(limit, n);
        return Math.min(first(d, from, lim, g, gapMax[d], gapSuper[d], true), lim - 1);
    }

    private int first(int d, int from, int limit, long g, long[] blocks, long[] supers, boolean gaps) {
        int n = track.depthSize(d);
        int i = from;
        limit = Math.min(limit, n);
        while (i < limit) {
            if (i % S == 0 && supers[i / S] < g) {
                i += S;
                continue;
            }
            if (i % B == 0 && blocks[i / B] < g) {
                i += B;
                continue;
            }
            long v = gaps ? gap(d, i, n) : track.duration(track.rowAtDepth(d, i));
            if (v >= g) {
                return i;
            }
            i++;
        }
        return limit >= n ? n : limit;
    }
}
