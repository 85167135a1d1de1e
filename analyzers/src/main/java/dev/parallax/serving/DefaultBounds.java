package dev.parallax.serving;

/** The serving bounds of this build's model catalog. */
final class DefaultBounds {
    private DefaultBounds() {
    }

    static ServingBoundsResolver resolver() {
        return ServingBoundsResolver.unavailable();
    }
}
