package dev.parallax.plugin;

import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.Applicability;
import dev.parallax.analysis.Requirement;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Parameter;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.trace.Severity;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;

import java.util.List;

/**
 * A plugin's analysis as the rest of Parallax sees it: id, title, description and parameters are read once
 * at discovery; an exception from {@link #run} disables the plugin and comes back as a result whose ERROR
 * finding names the plugin, so a report or a panel shows it instead of failing.
 */
final class GuardedAnalysis implements Analysis {
    private final Analysis delegate;
    private final Guard guard;
    private final String id;
    private final String title;
    private final String description;
    private final List<Parameter<?>> parameters;
    private final List<Requirement> requirements;

    GuardedAnalysis(Analysis delegate, Guard guard) {
        this.delegate = delegate;
        this.guard = guard;
        this.id = delegate.id();
        this.title = delegate.title();
        this.description = delegate.description();
        this.parameters = List.copyOf(delegate.parameters());
        this.requirements = List.copyOf(delegate.requirements());
    }

    public String pluginId() {
        return guard.pluginId();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<Parameter<?>> parameters() {
        return parameters;
    }

    @Override
    public List<Requirement> requirements() {
        return requirements;
    }

    /** The plugin's applicability; one that throws counts as applying (the run then reports the fault). */
    @Override
    public Applicability applicability(TraceSet traces) {
        if (guard.disabled(id)) {
            return Applicability.APPLIES;
        }
        try {
            Applicability a = delegate.applicability(traces);
            return a == null ? Applicability.APPLIES : a;
        } catch (Throwable t) {
            if (!Guard.containable(t)) {
                throw t;
            }
            guard.fail(id, "applicability", t);
            return Applicability.APPLIES;
        }
    }

    @Override
    public Result run(TraceSet traces, ParameterValues values, Progress progress) {
        if (guard.disabled(id)) {
            return failure("disabled after an earlier error", "Restart Parallax after updating or removing the plugin.");
        }
        try {
            Result r = delegate.run(traces, values, progress);
            if (r == null) {
                throw new IllegalStateException("run returned null");
            }
            return r;
        } catch (Throwable t) {
            if (!Guard.containable(t)) {
                throw t;
            }
            PluginFault f = guard.fail(id, "run", t);
            return failure(f.message(), guard.builtIn() ? "Please report this error with the trace that caused it."
                    : "Update the plugin, or remove its jar from the plugins folder.");
        }
    }

    private Result failure(String explanation, String suggestion) {
        String who = guard.builtIn() ? "Analysis " + id : "Analysis " + id + " of plugin '" + guard.pluginName() + "'";
        return Result.builder(id, title)
                .finding(Finding.of(dev.parallax.analysis.AnalysisRunner.ANALYSIS_FAILED, Severity.ERROR, who + " failed",
                        explanation, suggestion))
                .build();
    }
}
