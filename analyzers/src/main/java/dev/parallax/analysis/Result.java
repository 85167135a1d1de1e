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
public record Result(String analysisId, String title, Applicability applicability, List<Metric> metricList,
                     List<Table> tables, List<Chart> charts, List<Overlay> overlays, List<Finding> findings) {

    public Result {
        java.util.Objects.requireNonNull(applicability);
        metricList = List.copyOf(metricList);
        tables = List.copyOf(tables);
        charts = List.copyOf(charts);
        overlays = List.copyOf(overlays);
        findings = List.copyOf(findings);
    }

    /** The metrics by key, values only (in the order they were added). */
    public Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Metric x : metricList) {
            m.put(x.key(), x.value());
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The metric with key {@code key}, or null. */
    public Metric metric(String key) {
        return metricList.stream().filter(m -> m.key().equals(key)).findFirst().orElse(null);
    }

    /** True unless the analysis said it does not apply to its input. */
    public boolean applies() {
        return applicability.applies();
    }

    /** A result that says only that {@code analysis} does not apply, and why. */
    public static Result notApplicable(Analysis analysis, String reason) {
        return builder(analysis.id(), analysis.title()).notApplicable(reason).build();
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
        private final Map<String, Metric> metrics = new LinkedHashMap<>();
        private Applicability applicability = Applicability.APPLIES;
        private final List<Table> tables = new ArrayList<>();
        private final List<Chart> charts = new ArrayList<>();
        private final List<Overlay> overlays = new ArrayList<>();
        private final List<Finding> findings = new ArrayList<>();

        private Builder(String analysisId, String title) {
            this.analysisId = analysisId;
            this.title = title;
        }

        /** A scalar metric without a unit; value is a Number, String, Boolean or null (NaN becomes null). */
        public Builder metric(String key, Object value) {
            return metric(key, null, value, Unit.NONE);
        }

        /** A scalar metric in {@code unit}; its label is made from the key. */
        public Builder metric(String key, Object value, Unit unit) {
            return metric(key, null, value, unit);
        }

        /** A scalar metric with a label for people. */
        public Builder metric(String key, String label, Object value, Unit unit) {
            metrics.put(key, new Metric(key, label, value, unit));
            return this;
        }

        /** Marks the result as not applicable to its input, with the reason in one line. */
        public Builder notApplicable(String reason) {
            applicability = Applicability.notApplicable(reason);
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
            return new Result(analysisId, title, applicability, List.copyOf(metrics.values()), tables, charts,
                    overlays, findings);
        }
    }
}
