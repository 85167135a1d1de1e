package dev.parallax.analysis;

import dev.parallax.trace.Severity;

import java.util.List;
import java.util.Objects;

/**
 * One thing an analysis found, as JDK Mission Control's rule results put it: a stable {@code code} for
 * the kind of finding (tests and tools match it, never the wording), a severity, a one-line summary, an
 * explanation of why it matters and a suggestion of what to do, optionally where in the trace it is (so a
 * click can move the timeline there), the estimated time a fix would gain, and details (e.g. the per-rank
 * lines behind a finding grouped across ranks).
 *
 * @param code     stable kebab-case id of the finding kind, e.g. {@code host-bound}, {@code slow-stage}
 * @param gainNs   estimated time a fix would save (ns), or -1 when unknown
 * @param details  lines behind the summary (e.g. one per rank), possibly empty
 */
public record Finding(String code, Severity severity, String summary, String explanation, String suggestion,
                      Location location, long gainNs, List<String> details) {

    /** Code of findings made before codes existed; no new finding should use it. */
    public static final String UNCLASSIFIED = "unclassified";

    public Finding {
        Objects.requireNonNull(code);
        Objects.requireNonNull(severity);
        details = details == null ? List.of() : List.copyOf(details);
    }

    public static Finding of(String code, Severity severity, String summary, String explanation, String suggestion) {
        return new Finding(code, severity, summary, explanation, suggestion, null, -1, List.of());
    }

    /** @deprecated give the finding a stable code with {@link #of(String, Severity, String, String, String)} */
    @Deprecated
    public static Finding of(Severity severity, String summary, String explanation, String suggestion) {
        return of(UNCLASSIFIED, severity, summary, explanation, suggestion);
    }

    public Finding at(Location where) {
        return new Finding(code, severity, summary, explanation, suggestion, where, gainNs, details);
    }

    /** This finding with an estimated gain of {@code ns} nanoseconds if it were fixed. */
    public Finding withGainNs(long ns) {
        return new Finding(code, severity, summary, explanation, suggestion, location, ns, details);
    }

    /** This finding with detail lines (e.g. one per rank). */
    public Finding withDetails(List<String> lines) {
        return new Finding(code, severity, summary, explanation, suggestion, location, gainNs, lines);
    }

    /** True when a gain was estimated. */
    public boolean hasGain() {
        return gainNs >= 0;
    }
}
