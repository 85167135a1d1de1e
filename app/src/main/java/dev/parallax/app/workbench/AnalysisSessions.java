package dev.parallax.app.workbench;

import dev.parallax.analysis.Overlay;
import dev.parallax.analysis.Result;
import dev.parallax.trace.TraceSet;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analysis results produced in this window, per open trace set (latest result per analysis id): what
 * the timeline paints as overlays and what File &gt; Export Report puts in the report.
 */
final class AnalysisSessions {
    private final Map<TraceSet, LinkedHashMap<String, Result>> results = new IdentityHashMap<>();

    /** Records {@code r} for {@code set}, replacing an earlier result of the same analysis. */
    void put(TraceSet set, Result r) {
        results.computeIfAbsent(set, s -> new LinkedHashMap<>()).put(r.analysisId(), r);
    }

    /** The results for {@code set}, in the order they were first produced. */
    List<Result> results(TraceSet set) {
        LinkedHashMap<String, Result> m = results.get(set);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    /** Every overlay of every result for {@code set}. */
    List<Overlay> overlays(TraceSet set) {
        List<Overlay> out = new ArrayList<>();
        for (Result r : results(set)) {
            out.addAll(r.overlays());
        }
        return out;
    }

    void forget(TraceSet set) {
        results.remove(set);
    }
}
