package dev.parallax.cluster;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one task reports about one rank: where its trace is, the figures of every analysis run on it, its
 * profiler steps and collective arrivals, or why it could not be read. Small and serialisable: a job of
 * 16,384 ranks collects these, never events.
 *
 * @param rank the rank ({@code distributedInfo.rank}, else from the file name, else the file's index)
 * @param rankSource where the rank came from ({@code distributed_info}, {@code file_name}, {@code file_order})
 * @param path the trace file's path or URI, as the job was given it
 * @param node the node (host) the rank ran on, or {@code unknown}
 * @param stage the rank's pipeline stage, or -1 when the job has no pipeline groups
 * @param fileBytes bytes of the file
 * @param loadNanos time to read the trace, nanoseconds
 * @param analyzeNanos time to run the analyses, nanoseconds
 * @param error why the rank could not be analysed, or null when it was
 * @param diagnostics load diagnostics of the trace (one line each: code, count, message, offset)
 * @param metrics the per-rank figures, {@code analysis.column} (e.g. {@code breakdown.idle_pct}), sorted by key
 * @param steps the profiler steps, in time order
 * @param collectives the rank's collective kernels (empty in a collected result: their reduction is kept)
 * @param notApplicable analyses that did not apply to the rank, with the reason
 * @param findings the analyses' findings for the rank, {@code severity code: summary}
 */
public record RankRecord(int rank, String rankSource, String path, String node, int stage, long fileBytes,
                         long loadNanos, long analyzeNanos, String error, List<String> diagnostics,
                         Map<String, Double> metrics, List<StepFigures> steps,
                         List<CollectiveArrival> collectives, Map<String, String> notApplicable,
                         List<String> findings) implements Serializable {
    private static final long serialVersionUID = 1L;

    public RankRecord {
        diagnostics = copy(diagnostics);
        metrics = metrics == null ? Collections.emptyMap() : Collections.unmodifiableMap(new TreeMap<>(metrics));
        steps = copy(steps);
        collectives = copy(collectives);
        notApplicable = notApplicable == null ? Collections.emptyMap()
                : Collections.unmodifiableMap(new TreeMap<>(notApplicable));
        findings = copy(findings);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? Collections.emptyList() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** A rank whose trace could not be read or analysed. */
    public static RankRecord failed(int rank, String rankSource, String path, String node, long fileBytes,
                                    String error) {
        return new RankRecord(rank, rankSource, path, node, -1, fileBytes, 0, 0, error, List.of(), Map.of(),
                List.of(), List.of(), Map.of(), List.of());
    }

    /** The {@link #rankSource} of a file in a folder that holds no trace (skipped, as the desktop skips it). */
    public static final String SKIPPED = "skipped";

    /** A file found in a folder that no importer reads or that holds no trace events: not a rank. */
    public static RankRecord skipped(String path, long fileBytes, String why) {
        return new RankRecord(-1, SKIPPED, path, "unknown", -1, fileBytes, 0, 0, why, List.of(), Map.of(),
                List.of(), List.of(), Map.of(), List.of());
    }

    /** Whether this is a skipped file rather than a rank. */
    public boolean isSkipped() {
        return SKIPPED.equals(rankSource);
    }

    /** Whether the rank was analysed. */
    public boolean ok() {
        return error == null;
    }

    /** The metric {@code key}, or NaN when the rank has none. */
    public double metric(String key) {
        Double v = metrics.get(key);
        return v == null ? Double.NaN : v;
    }

    /** The same record without its collective arrivals (what the driver keeps once they are reduced). */
    public RankRecord withoutCollectives() {
        return new RankRecord(rank, rankSource, path, node, stage, fileBytes, loadNanos, analyzeNanos, error,
                diagnostics, metrics, steps, List.of(), notApplicable, findings);
    }

    /** The same record with a derived metric added. */
    public RankRecord withMetric(String key, double value) {
        Map<String, Double> m = new TreeMap<>(metrics);
        m.put(key, value);
        return new RankRecord(rank, rankSource, path, node, stage, fileBytes, loadNanos, analyzeNanos, error,
                diagnostics, m, steps, collectives, notApplicable, findings);
    }
}
