package dev.parallax.cluster;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a job runs on every rank and how it groups ranks: the analysis ids (looked up in the analysis
 * registry on each worker, so an analysis registered by a plugin runs too), their {@code key=value}
 * parameters, and where ranks ran ({@code rank=node} entries, or ranks per node).
 *
 * @param analyses analysis ids, in order
 * @param parameters {@code key=value} texts as {@code parallax analyze --param} takes them
 * @param nodeMap rank to node name (host), for ranks whose trace names no host
 * @param ranksPerNode when positive, rank r ran on node {@code node-(r / ranksPerNode)} unless named otherwise
 */
public record JobOptions(List<String> analyses, Map<String, String> parameters, Map<Integer, String> nodeMap,
                         int ranksPerNode) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The analyses a job runs when none are named: the desktop's per-rank GPU analyses and bubbles. */
    public static final List<String> DEFAULT_ANALYSES = List.of("breakdown", "idle", "kernels", "overlap", "bubbles");

    public JobOptions {
        analyses = Collections.unmodifiableList(new ArrayList<>(analyses));
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        nodeMap = Collections.unmodifiableMap(new TreeMap<>(nodeMap));
    }

    /**
     * The default analyses that {@code registry} has, and any roofline analysis it has (registered by id
     * {@code roofline...}), so a job runs it as soon as it is installed.
     */
    public static List<String> defaultAnalyses(dev.parallax.analysis.Analyses registry) {
        List<String> out = new ArrayList<>();
        for (String id : DEFAULT_ANALYSES) {
            if (registry.byId(id).isPresent()) {
                out.add(id);
            }
        }
        for (String id : registry.ids()) {
            if (id.startsWith("roofline") && !out.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    public static JobOptions of(List<String> analyses) {
        return new JobOptions(analyses, Map.of(), Map.of(), 0);
    }

    /**
     * Parses a rank to node map {@code "0-7=host-a,8-15=host-b"} or {@code "0=host-a,1=host-a"} (ranges
     * inclusive).
     *
     * @throws IllegalArgumentException naming the entry that is not {@code rank=node} or {@code lo-hi=node}
     */
    public static Map<Integer, String> parseNodeMap(String text) {
        Map<Integer, String> out = new TreeMap<>();
        for (String part : text.split("[,;\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new IllegalArgumentException("node map entry '" + part + "' is not rank=node or lo-hi=node");
            }
            String ranks = part.substring(0, eq);
            String node = part.substring(eq + 1);
            try {
                int dash = ranks.indexOf('-');
                int lo = Integer.parseInt(dash < 0 ? ranks : ranks.substring(0, dash));
                int hi = dash < 0 ? lo : Integer.parseInt(ranks.substring(dash + 1));
                if (lo < 0 || hi < lo) {
                    throw new NumberFormatException();
                }
                for (int r = lo; r <= hi; r++) {
                    out.put(r, node);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("node map entry '" + part + "': ranks must be N or LO-HI");
            }
        }
        return out;
    }
}
