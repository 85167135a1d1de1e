package dev.parallax.analysis;

import dev.parallax.trace.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an analysis returns: plain data that every front end renders the same way — scalar metrics
 * (snake_case keys), tables, charts, timeline overlays and findings. Immutable.
 */
public record Result(String analysisId, String title, Map<String, Object> metrics, List<Table> tables,
                     List<Chart> charts, List<Overlay> overlays, List<Finding> findings) {

    public Result {
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        tables = List.copyOf(tables);
        charts = List.copyOf(charts);
        overlays = List.copyOf(overlays);
        findings = List.copyOf(findings);
    }

    /** The table with id {@code id}, or null. */
    public Table table(String id) {
        return tables.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
    }

    /** The chart with id {@code id}, or null. */
    public Chart chart(String id) {
        return charts.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }

    /** Findings, most severe first. */
    public List<Finding> findingsBySeverity() {
        List<Finding> out = new ArrayList<>(findings);
        out.sort(Comparator.comparing(Finding::severity, Comparator.reverseOrder()));
        return out;
    }

    /** The most severe finding's severity, or INFO when there is none. */
    public Severity worstSeverity() {
        return findings.stream().map(Finding::severity).max(Comparator.naturalOrder()).orElse(Severity.INFO);
    }

    public static Builder builder(String analysisId, String title) {
        return new Builder(analysisId, title);
    }

    /** Assembles a result. */
    public static final class Builder {
        private final String analysisId;
        private final String title;
        private final Map<String, Object> metrics = new LinkedHashMap<>();
        private final List<Table> tables = new ArrayList<>();
        private final List<Chart> charts = new ArrayList<>();
        private final List<Overlay> overlays = new ArrayList<>();
        private final List<Finding> findings = new ArrayList<>();

        private Builder(String analysisId, String title) {
            this.analysisId = analysisId;
            this.title = title;
        }

        /** A scalar metric; value is a Number, String, Boolean or null (never NaN: use null and a finding). */
        public Builder metric(String key, Object value) {
            if (value instanceof Double d && !Double.isFinite(d)) {
                value = null;
            }
            metrics.put(key, value);
            return this;
        }

        public Builder table(Table t) {
            tables.add(t);
            return this;
        }

        public Builder chart(Chart c) {
            charts.add(c);
            return this;
        }

        public Builder overlay(Overlay o) {
            overlays.add(o);
            return this;
        }

        public Builder finding(Finding f) {
            findings.add(f);
            return this;
        }

        public Result build() {
            return new Result(analysisId, title, metrics, tables, charts, overlays, findings);
        }
    }
}
