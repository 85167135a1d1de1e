package dev.parallax.cluster;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bubble analysis of one pipeline (its ranks' traces analysed together, as it needs): per rank, the
 * figures of its stage ({@code bubbles.stages.*}) and the pipeline's ({@code bubbles.pipeline.*}).
 *
 * @param ranks the pipeline's ranks in stage order
 * @param metrics per rank, the metrics to add to its record
 * @param error why the pipeline could not be analysed, or null
 */
public record PipelineFigures(List<Integer> ranks, Map<Integer, Map<String, Double>> metrics, String error)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public PipelineFigures {
        ranks = List.copyOf(ranks);
        Map<Integer, Map<String, Double>> copy = new TreeMap<>();
        metrics.forEach((r, m) -> copy.put(r, Collections.unmodifiableMap(new TreeMap<>(m))));
        metrics = Collections.unmodifiableMap(copy);
    }
}
