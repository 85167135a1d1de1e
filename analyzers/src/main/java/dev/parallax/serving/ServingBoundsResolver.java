package dev.parallax.serving;

/**
 * Turns a model id and a hardware id (catalog ids such as {@code llama-2-7b}, {@code h100-sxm}) into the
 * serving bounds of the theoretical models.
 */
@FunctionalInterface
public interface ServingBoundsResolver {
    /**
     * The bounds for {@code model} served on {@code tensorParallel} GPUs of kind {@code hardware}; throws
     * IllegalArgumentException naming the unknown id.
     */
    ServingBounds resolve(String model, String hardware, int tensorParallel);

    /** A resolver for builds without a model catalog: every lookup fails with a clear message. */
    static ServingBoundsResolver unavailable() {
        return (m, h, tp) -> {
            throw new IllegalArgumentException("no model catalog in this build: cannot look up model " + m
                    + " on " + h);
        };
    }
}
