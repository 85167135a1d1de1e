package dev.parallax.util;

/** Thrown by long work when its {@link Progress} reports that the user cancelled it. */
public final class CancelledException extends RuntimeException {
    public CancelledException() {
        super("cancelled");
    }
}
