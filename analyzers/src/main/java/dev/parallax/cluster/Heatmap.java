package dev.parallax.cluster;

import java.util.List;

/**
 * Ranks × profiler steps: each rank's step time and idle percentage per step (null where a rank lacks the
 * step). Rows follow {@link #ranks}, columns {@link #steps}.
 */
public record Heatmap(List<Integer> ranks, List<String> steps, List<List<Double>> stepTimeUs,
                      List<List<Double>> idlePct) {
    public Heatmap {
        ranks = List.copyOf(ranks);
        steps = List.copyOf(steps);
        stepTimeUs = stepTimeUs.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r)))
                .toList();
        idlePct = idlePct.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r)))
                .toList();
    }

    public static Heatmap empty() {
        return new Heatmap(List.of(), List.of(), List.of(), List.of());
    }
}
