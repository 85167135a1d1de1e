package dev.parallax.analysis;

import dev.parallax.trace.Severity;

/**
 * One thing an analysis found, as JDK Mission Control's rule results put it: a severity, a one-line
 * summary, an explanation of why it matters and a suggestion of what to do, and optionally where in the
 * trace it is (so a click can move the timeline there).
 */
public record Finding(Severity severity, String summary, String explanation, String suggestion, Location location) {

    public static Finding of(Severity severity, String summary, String explanation, String suggestion) {
        return new Finding(severity, summary, explanation, suggestion, null);
    }

    public Finding at(Location where) {
        return new Finding(severity, summary, explanation, suggestion, where);
    }
}
