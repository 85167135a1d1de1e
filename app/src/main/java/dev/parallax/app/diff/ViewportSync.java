package dev.parallax.app.diff;

import dev.parallax.app.timeline.Viewport;

/**
 * Keeps two timelines' visible windows in step: the same scale, and B's window shifted by a fixed offset of
 * display time so that the chosen steps of both runs start at the same x (A above, B below). No UI: the compare
 * view calls {@link #fromA} or {@link #fromB} after either side's window changed.
 */
public final class ViewportSync {
    private final Viewport a;
    private final Viewport b;
    private long shift;
    private boolean busy;

    /** Syncs {@code a} and {@code b}; B's display time {@code t + shift} shows below A's {@code t}. */
    public ViewportSync(Viewport a, Viewport b, long shift) {
        this.a = a;
        this.b = b;
        this.shift = shift;
    }

    /** Aligns A's display time {@code alignA} with B's {@code alignB} (e.g. the starts of the paired steps). */
    public void align(long alignA, long alignB) {
        shift = alignB - alignA;
        fromA();
    }

    public long shift() {
        return shift;
    }

    /** Gives B the window of A; returns false when re-entered (a change this sync made itself). */
    public boolean fromA() {
        if (busy) {
            return false;
        }
        busy = true;
        try {
            b.set(a.start() + shift, a.nsPerPixel());
        } finally {
            busy = false;
        }
        return true;
    }

    /** Gives A the window of B; returns false when re-entered. */
    public boolean fromB() {
        if (busy) {
            return false;
        }
        busy = true;
        try {
            a.set(b.start() - shift, b.nsPerPixel());
        } finally {
            busy = false;
        }
        return true;
    }
}
