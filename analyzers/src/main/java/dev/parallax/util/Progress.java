package dev.parallax.util;

/**
 * Receives progress of long work (an import, an analysis, a report) and tells it whether to stop.
 * Implementations must be thread-safe; work calls {@link #checkCancelled()} at safe points.
 */
public interface Progress {
    /** Reports {@code done} of {@code total} units (total -1 when unknown) with a short message. */
    void update(long done, long total, String message);

    /** Whether the user asked to stop. */
    boolean isCancelled();

    /** Throws {@link CancelledException} when cancellation was requested. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }

    /** A progress sink that ignores updates and is never cancelled. */
    static Progress none() {
        return new Progress() {
            @Override
            public void update(long done, long total, String message) {
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
    }
}
