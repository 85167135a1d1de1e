package dev.parallax.app.timeline;

/**
 * The visible time window of the timeline: the time at the left edge of the track area (absolute ns)
 * and the scale in nanoseconds per pixel, over a track area {@code width} pixels wide. Mutable, used on
 * the UI thread only; zooming keeps the time under a given pixel fixed.
 */
public final class Viewport {
    /** Deepest zoom: 20 pixels per nanosecond. */
    public static final double MIN_NS_PER_PIXEL = 0.05;

    private long start;
    private double nsPerPixel = 1_000;
    private double width = 1;
    private long boundsStart;
    private long boundsEnd = 1;

    /** Time at the left edge of the track area. */
    public long start() {
        return start;
    }

    /** Time at the right edge of the track area. */
    public long end() {
        return start + (long) Math.ceil(nsPerPixel * width);
    }

    public double nsPerPixel() {
        return nsPerPixel;
    }

    public double width() {
        return width;
    }

    /** Sets the width in pixels of the track area, keeping the left edge and the scale. */
    public void setWidth(double w) {
        this.width = Math.max(1, w);
    }

    /** The data range that zooming out and panning are limited to (a margin is allowed around it). */
    public void setBounds(long t0, long t1) {
        this.boundsStart = t0;
        this.boundsEnd = Math.max(t0 + 1, t1);
    }

    public long boundsStart() {
        return boundsStart;
    }

    public long boundsEnd() {
        return boundsEnd;
    }

    /** X (pixels from the track area's left edge) of time {@code t}. */
    public double x(long t) {
        return (t - start) / nsPerPixel;
    }

    /** Time at x (pixels from the track area's left edge). */
    public long time(double x) {
        return start + (long) Math.floor(x * nsPerPixel);
    }

    /** Shows [t0, t1) across the whole width. */
    public void show(long t0, long t1) {
        long span = Math.max(1, t1 - t0);
        nsPerPixel = clampScale(span / width);
        start = t0 + (span - (long) (nsPerPixel * width)) / 2;
        clampStart();
    }

    /** Shows the whole bounded range with a small margin. */
    public void showAll() {
        long span = boundsEnd - boundsStart;
        long margin = Math.max(1, span / 50);
        show(boundsStart - margin, boundsEnd + margin);
    }

    /** Zooms by {@code factor} (&lt; 1 zooms in) keeping the time under pixel {@code x} fixed. */
    public void zoomAt(double x, double factor) {
        long anchor = time(x);
        double frac = x * nsPerPixel - Math.floor(x * nsPerPixel);
        nsPerPixel = clampScale(nsPerPixel * factor);
        start = anchor - (long) Math.floor(x * nsPerPixel - frac);
        clampStart();
    }

    /** Moves the window by {@code pixels} (positive: later in time). */
    public void pan(double pixels) {
        start += Math.round(pixels * nsPerPixel);
        clampStart();
    }

    /** Sets start and scale directly (clamped). */
    public void set(long newStart, double newNsPerPixel) {
        nsPerPixel = clampScale(newNsPerPixel);
        start = newStart;
        clampStart();
    }

    private double maxScale() {
        return Math.max(MIN_NS_PER_PIXEL, (boundsEnd - boundsStart) * 1.5 / width);
    }

    private double clampScale(double s) {
        return Math.max(MIN_NS_PER_PIXEL, Math.min(maxScale(), s));
    }

    private void clampStart() {
        long span = boundsEnd - boundsStart;
        long visible = (long) (nsPerPixel * width);
        long lo = boundsStart - Math.max(visible / 2, span / 4);
        long hi = boundsEnd - visible / 2;
        if (hi < lo) {
            hi = lo;
        }
        start = Math.max(lo, Math.min(hi, start));
    }
}
