package dev.parallax.trace.io;

/**
 * Caps that protect a load from hostile or broken input. A compressed file may not expand past
 * {@code max(minDecodedCap, maxCompressionRatio × compressed size)} nor past {@code maxDecodedBytes}
 * (a "gzip bomb"); reading stops there and the load says so.
 *
 * @param maxDecodedBytes absolute cap on decompressed bytes of one file
 * @param maxCompressionRatio decompressed/compressed ratio above which a compressed file is cut off
 * @param minDecodedCap the ratio cap never applies below this many decompressed bytes
 */
public record ImportLimits(long maxDecodedBytes, double maxCompressionRatio, long minDecodedCap) {
    /** 64 GB absolute, ratio 200 (Kineto JSON compresses 5–30×), never below 256 MB. */
    public static ImportLimits defaults() {
        return new ImportLimits(64L << 30, 200, 256L << 20);
    }

    /** The decompressed-byte cap for a compressed file of {@code compressedBytes}. */
    public long capFor(long compressedBytes, boolean compressed) {
        if (!compressed) {
            return Long.MAX_VALUE;
        }
        double byRatio = Math.max(minDecodedCap, maxCompressionRatio * (double) compressedBytes);
        return (long) Math.min(maxDecodedBytes, byRatio);
    }
}
