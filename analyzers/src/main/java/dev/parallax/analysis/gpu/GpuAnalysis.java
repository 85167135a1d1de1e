package dev.parallax.analysis.gpu;

import dev.parallax.analysis.Applicability;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.RankedFindings;
import dev.parallax.trace.Severity;
import dev.parallax.analysis.Requirement;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TrackKind;

import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.Parameter;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.classify.RuleSet;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Base of the analyses of device time (breakdown, idle, kernels, overlap): every one takes the rules
 * preset ({@code parallax} or {@code hta}) or a rules file, classifies each rank once through a
 * {@link ProfileCache}, and reports per rank.
 */
public abstract class GpuAnalysis implements Analysis {
    public static final Parameter<String> PRESET = Parameter.ofChoice("preset",
            "classification rules: parallax (default) or hta (Holistic Trace Analysis compatible)", "parallax",
            "parallax", "hta");
    public static final Parameter<String> RULES = Parameter.ofString("rules",
            "a JSON rules file used instead of the preset (empty: use the preset)", "");

    /** Shared by the analyses that report ranks standing out from the others ({@link #usesStragglers()}). */
    public static final Parameter<Double> STRAGGLER_Z = Parameter.ofDouble("straggler_z",
            "robust z-score above which a rank's value stands out from the other ranks' (with 3+ ranks)", 3.5);
    public static final Parameter<Double> STRAGGLER_PCT = Parameter.ofDouble("straggler_pct",
            "minimum excess over the median for a straggler (%)", 20.0);

    /** Whether this analysis reports stragglers (and so takes {@link #STRAGGLER_Z} and {@link #STRAGGLER_PCT}). */
    protected boolean usesStragglers() {
        return false;
    }

    /**
     * Indices of {@code values} (one per rank) that stand out above the others by the robust z-score of
     * {@link Outliers#high} with this run's {@link #STRAGGLER_Z} and {@link #STRAGGLER_PCT}.
     */
    protected static List<Integer> stragglers(double[] values, ParameterValues parameters) {
        return Outliers.high(values, parameters.get(STRAGGLER_Z), parameters.get(STRAGGLER_PCT));
    }

    /** Code of the finding: a rank of the set has no device events (others do). */
    public static final String NO_GPU_EVENTS = "no-gpu-events";

    /** Adds the finding that {@code p}'s rank has no device events; {@code consequence} says what is missing. */
    protected static void noGpuEvents(RankedFindings found, RankProfile p, String consequence) {
        int rank = p.rank();
        found.add(rank, 0, Finding.of(NO_GPU_EVENTS, Severity.WARNING, "Rank " + rank + ": no GPU events",
                "No device kernel, memory copy or communication event was found in " + p.trace().source()
                        + consequence,
                "Check that the profiler recorded CUDA/ROCm activity (e.g. ProfilerActivity.CUDA).")
                .at(Location.rank(rank)), (who, worst) -> who + ": no GPU events");
    }

    /** Device time needs device events. */
    @Override
    public List<Requirement> requirements() {
        return List.of(Requirement.GPU_KERNELS);
    }

    /** Applies when some rank has a GPU stream with events. */
    @Override
    public Applicability applicability(TraceSet traces) {
        for (Trace t : traces.traces()) {
            for (SliceTrack st : t.sliceTracks()) {
                if (st.info().kind() == TrackKind.GPU_STREAM && st.size() > 0) {
                    return Applicability.APPLIES;
                }
            }
        }
        return Applicability.notApplicable("no GPU kernels, copies or collectives in these traces: record with "
                + "device activity on (torch.profiler ProfilerActivity.CUDA, or Nsight Systems with CUDA tracing)");
    }

    /** This analysis's own parameters (besides preset and rules). */
    protected List<Parameter<?>> ownParameters() {
        return List.of();
    }

    @Override
    public final List<Parameter<?>> parameters() {
        List<Parameter<?>> all = new ArrayList<>();
        all.add(PRESET);
        all.add(RULES);
        if (usesStragglers()) {
            all.add(STRAGGLER_Z);
            all.add(STRAGGLER_PCT);
        }
        all.addAll(ownParameters());
        return all;
    }

    @Override
    public final Result run(TraceSet traces, ParameterValues parameters, Progress progress) {
        return run(traces, parameters, progress, new ProfileCache());
    }

    /** Runs with a shared cache, so that other analyses of the same set reuse the classification. */
    public final Result run(TraceSet traces, ParameterValues parameters, Progress progress, ProfileCache cache) {
        Applicability applies = applicability(traces);
        if (!applies.applies()) {
            return Result.notApplicable(this, applies.reason());
        }
        RuleSet rules = rules(parameters, cache);
        List<RankProfile> profiles = cache.profiles(traces, rules, progress);
        progress.checkCancelled();
        return analyze(traces, profiles, parameters, progress);
    }

    /** The rule set chosen by the parameters; a bad rules file is an IllegalArgumentException naming it. */
    public static RuleSet rules(ParameterValues parameters) {
        return rules(parameters, new ProfileCache());
    }

    private static RuleSet rules(ParameterValues parameters, ProfileCache cache) {
        String file = parameters.get(RULES);
        if (file != null && !file.isBlank()) {
            try {
                return cache.rulesFile(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("rules file " + file + ": " + e.getMessage(), e);
            }
        }
        return RuleSet.preset(parameters.get(PRESET));
    }

    protected abstract Result analyze(TraceSet traces, List<RankProfile> profiles, ParameterValues parameters,
                                      Progress progress);
}
