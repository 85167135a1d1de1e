package dev.parallax.trace.io;

import java.io.IOException;

/** Thrown by a {@link TraceInput} stream when a compressed file expands past its {@link ImportLimits}. */
public final class DecodedSizeLimitException extends IOException {
    private final long limit;

    public DecodedSizeLimitException(long limit) {
        super("decompressed size passed the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
