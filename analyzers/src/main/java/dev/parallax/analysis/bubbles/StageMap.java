package dev.parallax.analysis.bubbles;

import dev.parallax.trace.ProcessGroup;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which pipeline stage each rank runs, and which pipeline (data-parallel replica) it belongs to: from the
 * pipeline process groups recorded in Kineto's {@code distributedInfo.pg_config}, or from a mapping the
 * user gives ({@code rank=stage,...}). Ranks of one pipeline group are its stages in group order.
 *
 * @param stages number of pipeline stages p
 * @param pipelines each pipeline as its ranks in stage order (stage i = index i)
 * @param source how the mapping was found, for the result
 */
public record StageMap(int stages, List<List<Integer>> pipelines, String source) {
    private static final Pattern PP_GROUP = Pattern.compile(
            "(?i)(^|[^a-z])(pp|pipe|pipeline|pipeline_model_parallel)([^a-z]|$)|pipeline");

    public StageMap {
        pipelines = pipelines.stream().map(List::copyOf).toList();
    }

    /** The stage of {@code rank}, or -1 when the rank is in no pipeline. */
    public int stageOf(int rank) {
        for (List<Integer> p : pipelines) {
            int i = p.indexOf(rank);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The pipeline (replica) index of {@code rank}, or -1. */
    public int pipelineOf(int rank) {
        for (int k = 0; k < pipelines.size(); k++) {
            if (pipelines.get(k).contains(rank)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Parses a user mapping {@code "0=0,1=0,2=1,3=1"} (rank=stage; ranks of one stage in tensor-parallel
     * order); the first rank listed for each stage forms pipeline 0, the second pipeline 1, and so on.
     */
    public static StageMap parseUser(String text) {
        TreeMap<Integer, List<Integer>> byStage = new TreeMap<>();
        for (String part : text.split("[,;\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("[=:]");
            if (kv.length != 2) {
                throw new IllegalArgumentException("stage map entry '" + part + "' is not rank=stage");
            }
            int rank = Integer.parseInt(kv[0].trim());
            int stage = Integer.parseInt(kv[1].trim());
            byStage.computeIfAbsent(stage, s -> new ArrayList<>()).add(rank);
        }
        if (byStage.isEmpty()) {
            throw new IllegalArgumentException("empty stage map");
        }
        int p = byStage.lastKey() + 1;
        if (byStage.size() != p) {
            throw new IllegalArgumentException("stage map must give every stage 0.." + (p - 1));
        }
        int replicas = byStage.values().stream().mapToInt(List::size).min().orElse(0);
        List<List<Integer>> pipelines = new ArrayList<>();
        for (int k = 0; k < replicas; k++) {
            List<Integer> pipe = new ArrayList<>();
            for (int s = 0; s < p; s++) {
                pipe.add(byStage.get(s).get(k));
            }
            pipelines.add(pipe);
        }
        return new StageMap(p, pipelines, "the stage map given by the user");
    }

    /** Finds the pipeline groups in the traces' process-group configuration, if any. */
    public static Optional<StageMap> fromProcessGroups(TraceSet set) {
        Map<List<Integer>, ProcessGroup> groups = new LinkedHashMap<>();
        for (Trace t : set.traces()) {
            for (ProcessGroup g : t.metadata().processGroups()) {
                String label = (g.description() == null ? "" : g.description()) + " " + (g.name() == null ? "" : g.name());
                if (g.ranks().size() >= 2 && PP_GROUP.matcher(label.toLowerCase(Locale.ROOT)).find()) {
                    groups.putIfAbsent(g.ranks(), g);
                }
            }
        }
        if (groups.isEmpty()) {
            return Optional.empty();
        }
        int p = groups.keySet().stream().mapToInt(List::size).max().orElse(0);
        List<List<Integer>> pipelines = new ArrayList<>();
        for (List<Integer> ranks : groups.keySet()) {
            if (ranks.size() == p) {
                pipelines.add(ranks);
            }
        }
        pipelines.sort((a, b) -> Integer.compare(a.get(0), b.get(0)));
        ProcessGroup first = groups.values().iterator().next();
        return Optional.of(new StageMap(p, pipelines, "pipeline process group '" + first.description()
                + "' in distributedInfo.pg_config"));
    }
}
