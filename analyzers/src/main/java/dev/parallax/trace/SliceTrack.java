package dev.parallax.trace;

/**
 * One track of slices (a CPU thread, a GPU stream or an async lane group) stored as parallel primitive
 * arrays sorted by start time (ties: longer first, so parents precede children). A slice is addressed by
 * its row; there is no object per slice.
 *
 * <p>Besides the columns, the track keeps for each nesting depth the rows at that depth in start order.
 * Slices at one depth never overlap, so their ends are sorted too: every window query and the painter's
 * skip-ahead ({@link #nextIndexEndingAfter}) is a binary search, which makes drawing any zoom level cost
 * O(pixels × depth × log n) rather than O(events).
 */
public final class SliceTrack {
    private final int id;
    private final TrackInfo info;
    private final long[] start;
    private final long[] duration;
    private final int[] name;
    private final int[] category;
    private final short[] depth;
    private final int[] args;
    private final int[][] rowsByDepth;
    private final long minStart;
    private final long maxEnd;

    SliceTrack(int id, TrackInfo info, long[] start, long[] duration, int[] name, int[] category,
               short[] depth, int[] args, int[][] rowsByDepth) {
        this.id = id;
        this.info = info;
        this.start = start;
        this.duration = duration;
        this.name = name;
        this.category = category;
        this.depth = depth;
        this.args = args;
        this.rowsByDepth = rowsByDepth;
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (int i = 0; i < start.length; i++) {
            lo = Math.min(lo, start[i]);
            hi = Math.max(hi, start[i] + duration[i]);
        }
        this.minStart = start.length == 0 ? 0 : lo;
        this.maxEnd = start.length == 0 ? 0 : hi;
    }

    /** This track with every start moved by {@code deltaNs} (durations, rows and depths unchanged). */
    SliceTrack shifted(long deltaNs) {
        long[] moved = new long[start.length];
        for (int i = 0; i < moved.length; i++) {
            moved[i] = start[i] + deltaNs;
        }
        return new SliceTrack(id, info, moved, duration, name, category, depth, args, rowsByDepth);
    }

    /** Index of this track in its trace's {@link Trace#sliceTracks()}. */
    public int id() {
        return id;
    }

    public TrackInfo info() {
        return info;
    }

    public TrackKind kind() {
        return info.kind();
    }

    public int size() {
        return start.length;
    }

    public long start(int row) {
        return start[row];
    }

    public long duration(int row) {
        return duration[row];
    }

    public long end(int row) {
        return start[row] + duration[row];
    }

    public int name(int row) {
        return name[row];
    }

    public int category(int row) {
        return category[row];
    }

    public int depth(int row) {
        return depth[row];
    }

    /** Argument record handle into the trace's {@link ArgStore}, or -1. */
    public int args(int row) {
        return args[row];
    }

    /** First start on the track (0 when empty). */
    public long minStart() {
        return minStart;
    }

    /** Last end on the track (0 when empty). */
    public long maxEnd() {
        return maxEnd;
    }

    /** Number of nesting levels (0 for an empty track). */
    public int depthCount() {
        return rowsByDepth.length;
    }

    /** Number of slices at depth {@code d}. */
    public int depthSize(int d) {
        return rowsByDepth[d].length;
    }

    /** The row of the {@code i}-th slice (in start order) at depth {@code d}. */
    public int rowAtDepth(int d, int i) {
        return rowsByDepth[d][i];
    }

    /**
     * Index (into depth {@code d}'s rows) of the first slice whose end is after {@code t}, or of the first
     * zero-length slice at or after {@code t}; {@link #depthSize(int)} when none.
     */
    public int nextIndexEndingAfter(int d, long t) {
        int[] rows = rowsByDepth[d];
        int lo = 0;
        int hi = rows.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int r = rows[mid];
            long e = start[r] + duration[r];
            if (e > t || (duration[r] == 0 && start[r] >= t)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Index of the first row (in start order over all depths) whose start is at or after {@code t}. */
    public int firstRowStartingAtOrAfter(long t) {
        int lo = 0;
        int hi = start.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (start[mid] >= t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Whether row {@code r} overlaps the half-open window [t0, t1) (instants count when inside it). */
    public boolean overlaps(int r, long t0, long t1) {
        long s = start[r];
        long e = s + duration[r];
        return s < t1 && (e > t0 || (s >= t0 && duration[r] == 0));
    }

    /** Visits every row overlapping [t0, t1), depth by depth, each depth in start order. */
    public void forEachOverlapping(long t0, long t1, RowVisitor visitor) {
        for (int d = 0; d < rowsByDepth.length; d++) {
            int[] rows = rowsByDepth[d];
            for (int i = nextIndexEndingAfter(d, t0); i < rows.length; i++) {
                int r = rows[i];
                if (start[r] >= t1) {
                    break;
                }
                if (overlaps(r, t0, t1)) {
                    visitor.visit(r);
                }
            }
        }
    }

    /** Counts rows overlapping [t0, t1). */
    public int countOverlapping(long t0, long t1) {
        int[] n = {0};
        forEachOverlapping(t0, t1, r -> n[0]++);
        return n[0];
    }

    /**
     * Visits the slices of depth {@code d} visible in [t0, t1) at a resolution of {@code nsPerPixel}, the way
     * a painter needs them: each visit is one run starting at a slice ({@code row}) and extending to
     * {@code runEnd}, where slices closer than one pixel to each other are merged into the run. The number
     * of visits is bounded by the number of pixels, whatever the number of slices (skip-ahead by binary
     * search over the depth's sorted ends).
     */
    public void forEachRun(int d, long t0, long t1, double nsPerPixel, RunVisitor visitor) {
        if (d >= rowsByDepth.length) {
            return;
        }
        int[] rows = rowsByDepth[d];
        long step = Math.max(1, (long) Math.ceil(nsPerPixel));
        int stop = firstIndexStartingAtOrAfter(d, t1);
        int i = nextIndexEndingAfter(d, t0);
        while (i < stop) {
            int r = rows[i];
            long runEnd = start[r] + duration[r];
            int j = i + 1;
            // merge neighbours starting within one pixel of the run's end
            while (j < stop && start[rows[j]] - runEnd < step && runEnd < t1) {
                long limit = Math.max(runEnd, start[r]) + step;
                int k = Math.min(stop, Math.max(j + 1, nextIndexEndingAfter(d, limit)));
                int last = rows[k - 1];
                runEnd = Math.max(runEnd, start[last] + duration[last]);
                j = k;
            }
            visitor.run(r, Math.max(start[r], t0), Math.min(runEnd, t1), j - i);
            i = j;
        }
    }

    private int firstIndexStartingAtOrAfter(int d, long t) {
        int[] rows = rowsByDepth[d];
        int lo = 0;
        int hi = rows.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (start[rows[mid]] >= t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Receives one painted run: its first slice, its visible extent and how many slices it merges. */
    @FunctionalInterface
    public interface RunVisitor {
        void run(int firstRow, long runStart, long runEnd, int sliceCount);
    }

    /** Approximate heap bytes of the columns and indices. */
    public long memoryBytes() {
        return (long) start.length * (8 + 8 + 4 + 4 + 2 + 4 + 4);
    }

    /** Receives one row. */
    @FunctionalInterface
    public interface RowVisitor {
        void visit(int row);
    }
}
