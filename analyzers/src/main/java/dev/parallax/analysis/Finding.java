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

    /**
     * A finding whose severity follows from a score 0–100, as JDK Mission Control's rules grade theirs:
     * below {@link #INFO_SCORE} it is worth a note (INFO), from {@link #WARNING_SCORE} up a WARNING.
     */
    public static Finding scored(String code, double score, String summary, String explanation, String suggestion) {
        return of(code, severityFor(score), summary, explanation, suggestion);
    }

    /** Score from which a finding is a warning (JMC: 75). */
    public static final double WARNING_SCORE = 75;
    /** Score from which a finding is worth reading (JMC: 25); below, it is still INFO. */
    public static final double INFO_SCORE = 25;

    /** The severity of a score 0–100: WARNING from {@link #WARNING_SCORE}, else INFO. */
    public static Severity severityFor(double score) {
        return score >= WARNING_SCORE ? Severity.WARNING : Severity.INFO;
    }

    /**
     * A score 0–100 for {@code value}, linear between {@code infoAt} (score {@link #INFO_SCORE}) and
     * {@code warnAt} (score {@link #WARNING_SCORE}), clamped to 0–100 — JMC's {@code RulesToolkit.mapLinear}
     * idea: thresholds a user can read stay the parameters, the score orders the findings.
     */
    public static double score(double value, double infoAt, double warnAt) {
        if (!Double.isFinite(value)) {
            return 0;
        }
        if (warnAt == infoAt) {
            return value >= warnAt ? WARNING_SCORE : 0;
        }
        double s = INFO_SCORE + (value - infoAt) / (warnAt - infoAt) * (WARNING_SCORE - INFO_SCORE);
        return Math.max(0, Math.min(100, s));
    }

    /** This finding with another severity (e.g. raised for the worst of a group). */
    public Finding withSeverity(Severity s) {
        return new Finding(code, s, summary, explanation, suggestion, location, gainNs, details);
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
