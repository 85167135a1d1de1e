package dev.parallax.analysis;

import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;

import java.util.List;

/**
 * One analysis of a trace set, in the shape of JDK Mission Control's rules: an id, a title, typed
 * parameters with defaults, and a {@link #run} that returns plain data ({@link Result}) which the
 * workbench, the command line's JSON and the PDF report all render. Implementations are registered with
 * {@link java.util.ServiceLoader} (META-INF/services/dev.parallax.analysis.Analysis), keep no state
 * between runs, and never touch a UI.
 */
public interface Analysis {
    /** Stable id used on the command line, e.g. {@code breakdown}, {@code overlap}, {@code bubbles}. */
    String id();

    /** Title for panels and report sections. */
    String title();

    /** One or two sentences: what the analysis answers. */
    String description();

    /** The parameters this analysis accepts (with defaults); empty when none. */
    default List<Parameter<?>> parameters() {
        return List.of();
    }

    /** The kinds of input this analysis needs, for users to read (e.g. GPU kernels, operator shapes). */
    default List<Requirement> requirements() {
        return List.of();
    }

    /**
     * Whether this analysis applies to {@code traces}, decided cheaply (no full run): when it does not,
     * {@link #run} returns {@link Result#notApplicable} with the same reason.
     */
    default Applicability applicability(TraceSet traces) {
        return Applicability.APPLIES;
    }

    /**
     * Runs the analysis. Inputs that do not apply (no GPU events, no pipeline) yield a result saying so
     * in a finding, never NaN or an exception.
     */
    Result run(TraceSet traces, ParameterValues parameters, Progress progress);
}
