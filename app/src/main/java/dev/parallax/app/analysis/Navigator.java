package dev.parallax.app.analysis;

import dev.parallax.analysis.Location;

/**
 * Receives the places a user clicks in an analysis result (a finding, a table row, a chart bar); the
 * workbench implements it to move the timeline there.
 */
@FunctionalInterface
public interface Navigator {
    void goTo(Location location);

    /** A navigator that ignores every request. */
    static Navigator none() {
        return location -> { };
    }
}
