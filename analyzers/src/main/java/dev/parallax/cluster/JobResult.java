package dev.parallax.cluster;

import java.util.List;
import java.util.Map;

/**
 * The result of analysing a job rank by rank: every rank's record, and the reductions that only the whole
 * job shows. Written as one JSON file ({@link JobResultJson}) that the workbench opens as a job view and the
 * report renders section by section.
 *
 * @param format always {@link #FORMAT}: how readers recognise the file by content
 * @param version the file format's version
 * @param name what was analysed (the paths given)
 * @param engine where it ran ({@code spark local[2]}, {@code spark yarn}, {@code single JVM})
 * @param createdAt ISO-8601 instant
 * @param wallNanos the job's wall time
 * @param ranks per-rank records, by rank (without collective arrivals: their reduction is {@link #collectiveSkew})
 * @param diagnostics unreadable ranks, duplicate ranks and load diagnostics, one line each
 */
public record JobResult(String format, int version, String name, String engine, String createdAt,
                        List<String> analyses, Map<String, String> parameters, long wallNanos,
                        List<RankRecord> ranks, List<Distribution> distributions, List<Straggler> stragglers,
                        Heatmap heatmap, List<CollectiveSkew> collectiveSkew, List<GroupSummary> byNode,
                        List<GroupSummary> byStage, List<String> diagnostics) {
    /** The value of {@link #format}. */
    public static final String FORMAT = "parallax-job-result";
    /** The current {@link #version}. */
    public static final int VERSION = 1;

    public JobResult {
        analyses = List.copyOf(analyses);
        parameters = Map.copyOf(parameters);
        ranks = List.copyOf(ranks);
        distributions = List.copyOf(distributions);
        stragglers = List.copyOf(stragglers);
        collectiveSkew = List.copyOf(collectiveSkew);
        byNode = List.copyOf(byNode);
        byStage = List.copyOf(byStage);
        diagnostics = List.copyOf(diagnostics);
    }

    /** The record of {@code rank}, or null. */
    public RankRecord rank(int rank) {
        return ranks.stream().filter(r -> r.rank() == rank).findFirst().orElse(null);
    }

    /** Ranks that could not be analysed. */
    public List<RankRecord> failedRanks() {
        return ranks.stream().filter(r -> !r.ok()).toList();
    }

    /** The distribution of {@code metric}, or null. */
    public Distribution distribution(String metric) {
        return distributions.stream().filter(d -> d.metric().equals(metric)).findFirst().orElse(null);
    }
}
