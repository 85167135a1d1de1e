package dev.parallax.trace.io;

import java.io.IOException;

/** Thrown by a {@link TraceInput} stream when a compressed file expands past its {@link ImportLimits}. */
public final class DecodedSizeLimitException extends IOException {
    private final long limit;

    public DecodedSizeLimitException(long limit) {
        super("decompressed size passed the limit of " + limit + " bytes");
        this.limit = limit;
    }

    /** Stopped because {@code decoded} bytes came out of fewer than {@code decoded / maxRatio} compressed ones. */
    public DecodedSizeLimitException(long decoded, double maxRatio) {
        super("the compressed data expands more than " + Math.round(maxRatio) + " times (a \"gzip bomb\"?): "
                + "reading stopped after " + decoded + " decompressed bytes");
        this.limit = decoded;
    }

    public long limit() {
        return limit;
    }
}
