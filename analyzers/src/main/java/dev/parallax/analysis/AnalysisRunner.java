package dev.parallax.analysis;

import dev.parallax.trace.Severity;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.CancelledException;
import dev.parallax.util.Progress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs several analyses on one trace set, as the command line, the report and the workbench do: each gets
 * the parameters it declares out of one {@code key=value} map, and an analysis that fails yields a result
 * holding an error finding instead of stopping the others.
 */
public final class AnalysisRunner {
    private AnalysisRunner() {
    }

    /**
     * Runs {@code analyses} in order.
     *
     * @param parameters {@code key=value} texts; a key applies to every analysis that declares it, or to one
     *                   analysis when written {@code analysis_id.key}
     * @throws IllegalArgumentException when a parameter value does not parse, or a key is declared by none
     */
    public static List<Result> run(TraceSet set, List<Analysis> analyses, Map<String, String> parameters,
                                   Progress progress) {
        checkKeys(analyses, parameters);
        List<Result> out = new ArrayList<>();
        for (int i = 0; i < analyses.size(); i++) {
            progress.checkCancelled();
            Analysis a = analyses.get(i);
            progress.update(i, analyses.size(), a.title());
            ParameterValues values = ParameterValues.parse(a.parameters(), parametersFor(a, parameters));
            try {
                out.add(a.run(set, values, progress));
            } catch (CancelledException e) {
                throw e;
            } catch (RuntimeException e) {
                out.add(failed(a, e));
            } catch (OutOfMemoryError e) {
                // what the analysis held is garbage now: the next ones run, and what came before is kept
                out.add(outOfMemory(a));
            }
        }
        progress.update(analyses.size(), analyses.size(), "analyses done");
        return out;
    }

    /** The parameters of {@code map} that {@code a} declares (plain keys, or keys prefixed with its id). */
    public static Map<String, String> parametersFor(Analysis a, Map<String, String> map) {
        Map<String, String> own = new HashMap<>();
        for (Parameter<?> p : a.parameters()) {
            String v = map.get(a.id() + "." + p.id());
            if (v == null) {
                v = map.get(p.id());
            }
            if (v != null) {
                own.put(p.id(), v);
            }
        }
        return own;
    }

    /** Throws {@link IllegalArgumentException} naming a key of {@code parameters} that no analysis declares. */
    public static void checkKeys(List<Analysis> analyses, Map<String, String> parameters) {
        for (String key : parameters.keySet()) {
            boolean known = false;
            for (Analysis a : analyses) {
                for (Parameter<?> p : a.parameters()) {
                    known |= key.equals(p.id()) || key.equals(a.id() + "." + p.id());
                }
            }
            if (!known) {
                throw new IllegalArgumentException("no chosen analysis takes parameter '" + key + "'");
            }
        }
    }

    /** Code of the finding of an analysis that failed. */
    public static final String ANALYSIS_FAILED = "analysis-failed";

    /** Why an analysis ran out of memory, and what to do (one line). */
    public static final String OUT_OF_MEMORY = "not enough memory to run it; give Java more with -Xmx "
            + "(e.g. java -Xmx8g -jar parallax.jar ...) or analyse fewer ranks";

    /** The result of an analysis that ran out of memory: one error finding (code {@code out-of-memory}). */
    public static Result outOfMemory(Analysis a) {
        long maxMb = Runtime.getRuntime().maxMemory() >> 20;
        return Result.builder(a.id(), a.title())
                .finding(Finding.of("out-of-memory", Severity.ERROR, a.title() + ": " + OUT_OF_MEMORY,
                        "The Java heap (at most " + maxMb + " MB) filled up during this analysis; its result is "
                                + "left out and the other analyses are unaffected.",
                        "Run it again with a larger -Xmx, or on fewer ranks."))
                .build();
    }

    /** The result of an analysis that threw: one error finding naming the analysis and the error. */
    public static Result failed(Analysis a, Throwable e) {
        return Result.builder(a.id(), a.title())
                .finding(Finding.of(ANALYSIS_FAILED, Severity.ERROR, a.title() + " failed: " + e,
                        "The analysis stopped with an error on this input; the other analyses are unaffected.",
                        "Report the problem with the trace attached, or run the analysis on the ranks separately."))
                .build();
    }
}
