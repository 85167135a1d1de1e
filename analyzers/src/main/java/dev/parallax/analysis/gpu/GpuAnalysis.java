package dev.parallax.analysis.gpu;

import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.Parameter;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.classify.RuleSet;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.nio.file.Path;
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

    /** This analysis's own parameters (besides preset and rules). */
    protected List<Parameter<?>> ownParameters() {
        return List.of();
    }

    @Override
    public final List<Parameter<?>> parameters() {
        List<Parameter<?>> all = new ArrayList<>();
        all.add(PRESET);
        all.add(RULES);
        all.addAll(ownParameters());
        return all;
    }

    @Override
    public final Result run(TraceSet traces, ParameterValues parameters, Progress progress) {
        return run(traces, parameters, progress, new ProfileCache());
    }

    /** Runs with a shared cache, so that other analyses of the same set reuse the classification. */
    public final Result run(TraceSet traces, ParameterValues parameters, Progress progress, ProfileCache cache) {
        RuleSet rules = rules(parameters);
        List<RankProfile> profiles = cache.profiles(traces, rules, progress);
        progress.checkCancelled();
        return analyze(traces, profiles, parameters, progress);
    }

    /** The rule set chosen by the parameters; a bad rules file is an IllegalArgumentException naming it. */
    public static RuleSet rules(ParameterValues parameters) {
        String file = parameters.get(RULES);
        if (file != null && !file.isBlank()) {
            try {
                return RuleSet.load(Path.of(file));
            } catch (IOException e) {
                throw new IllegalArgumentException("rules file " + file + ": " + e.getMessage(), e);
            }
        }
        return RuleSet.preset(parameters.get(PRESET));
    }

    protected abstract Result analyze(TraceSet traces, List<RankProfile> profiles, ParameterValues parameters,
                                      Progress progress);
}
