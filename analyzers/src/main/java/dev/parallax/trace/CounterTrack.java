package dev.parallax.trace;

/**
 * A counter series (a {@code ph:"C"} key, or a sampler's metric): times in ns and values, sorted by time.
 * A min/max pyramid over groups of 4^k samples lets a view draw any zoom level in O(pixels).
 */
public final class CounterTrack {
    private static final int FANOUT_SHIFT = 2;

    private final int id;
    private final TrackInfo info;
    private final String name;
    private final long[] time;
    private final double[] value;
    private final double[][] levelMin;
    private final double[][] levelMax;

    CounterTrack(int id, TrackInfo info, String name, long[] time, double[] value) {
        this.id = id;
        this.info = info;
        this.name = name;
        this.time = time;
        this.value = value;
        int levels = 0;
        for (int n = value.length; n > 1; n = (n + 3) >>> FANOUT_SHIFT) {
            levels++;
        }
        levelMin = new double[levels][];
        levelMax = new double[levels][];
        double[] prevMin = value;
        double[] prevMax = value;
        for (int l = 0; l < levels; l++) {
            int n = (prevMin.length + 3) >>> FANOUT_SHIFT;
            double[] mn = new double[n];
            double[] mx = new double[n];
            for (int i = 0; i < n; i++) {
                double a = Double.POSITIVE_INFINITY;
                double b = Double.NEGATIVE_INFINITY;
                for (int j = i << FANOUT_SHIFT, e = Math.min(prevMin.length, j + 4); j < e; j++) {
                    a = Math.min(a, prevMin[j]);
                    b = Math.max(b, prevMax[j]);
                }
                mn[i] = a;
                mx[i] = b;
            }
            levelMin[l] = mn;
            levelMax[l] = mx;
            prevMin = mn;
            prevMax = mx;
        }
    }

    /** This track with every sample time moved by {@code deltaNs}. */
    CounterTrack shifted(long deltaNs) {
        long[] moved = new long[time.length];
        for (int i = 0; i < moved.length; i++) {
            moved[i] = time[i] + deltaNs;
        }
        return new CounterTrack(id, info, name, moved, value);
    }

    /** Index of this track in its trace's {@link Trace#counterTracks()}. */
    public int id() {
        return id;
    }

    public TrackInfo info() {
        return info;
    }

    /** The series name, e.g. {@code "GPU 0 utilization %"} or {@code "KV cache usage"}. */
    public String name() {
        return name;
    }

    public int size() {
        return time.length;
    }

    public long time(int i) {
        return time[i];
    }

    public double value(int i) {
        return value[i];
    }

    /** Index of the first sample at or after {@code t}. */
    public int firstIndexAtOrAfter(long t) {
        int lo = 0;
        int hi = time.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time[mid] >= t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The value in force at {@code t} (the last sample at or before it), or NaN before the first. */
    public double valueAt(long t) {
        int i = firstIndexAtOrAfter(t);
        if (i < time.length && time[i] == t) {
            return value[i];
        }
        return i == 0 ? Double.NaN : value[i - 1];
    }

    /** Minimum and maximum over samples [from, to) in O(log n) blocks of the pyramid: {min, max}. */
    public double[] minMax(int from, int to) {
        double mn = Double.POSITIVE_INFINITY;
        double mx = Double.NEGATIVE_INFINITY;
        int lo = from;
        int hi = to;
        int level = -1;
        while (lo < hi) {
            double[] curMin = level < 0 ? value : levelMin[level];
            double[] curMax = level < 0 ? value : levelMax[level];
            if (hi - lo < 8 || level + 1 >= levelMin.length) {
                for (int i = lo; i < hi; i++) {
                    mn = Math.min(mn, curMin[i]);
                    mx = Math.max(mx, curMax[i]);
                }
                break;
            }
            while ((lo & 3) != 0 && lo < hi) {
                mn = Math.min(mn, curMin[lo]);
                mx = Math.max(mx, curMax[lo]);
                lo++;
            }
            while ((hi & 3) != 0 && hi > lo) {
                hi--;
                mn = Math.min(mn, curMin[hi]);
                mx = Math.max(mx, curMax[hi]);
            }
            lo >>>= FANOUT_SHIFT;
            hi >>>= FANOUT_SHIFT;
            level++;
        }
        return new double[] {mn, mx};
    }

    public double minValue() {
        return value.length == 0 ? Double.NaN : minMax(0, value.length)[0];
    }

    public double maxValue() {
        return value.length == 0 ? Double.NaN : minMax(0, value.length)[1];
    }
}
