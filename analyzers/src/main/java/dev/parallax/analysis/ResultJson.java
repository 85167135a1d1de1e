package dev.parallax.analysis;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Result} as JSON: {@code {"analysis", "title", "applies", "reason"?, "metrics":{...},
 * "units":{...}, "tables":{id:[{col:value}]}, "table_units":{id:{col:unit}}, "findings":[...]}} with snake_case
 * keys. Values are the stored numbers (in the unit their key names); {@code units} and {@code table_units} give
 * the unit symbol of every metric and column that has one. A finding has its stable {@code code}, severity,
 * texts, {@code rank} when it points at one, {@code gain_us} when a gain was estimated and its {@code details}
 * lines. A result that does not apply has {@code "applies": false} and the one-line {@code reason}.
 */
public final class ResultJson {
    private ResultJson() {
    }

    public static void write(Result r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("analysis", r.analysisId());
        g.writeStringField("title", r.title());
        g.writeBooleanField("applies", r.applies());
        if (!r.applies()) {
            g.writeStringField("reason", r.applicability().reason());
        }
        g.writeObjectFieldStart("metrics");
        for (Map.Entry<String, Object> e : r.metrics().entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("units");
        for (Metric m : r.metricList()) {
            if (!symbol(m.unit()).isEmpty()) {
                g.writeStringField(m.key(), symbol(m.unit()));
            }
        }
        g.writeEndObject();
        g.writeObjectFieldStart("tables");
        for (Table t : r.tables()) {
            g.writeArrayFieldStart(t.id());
            for (List<Object> row : t.rows()) {
                g.writeStartObject();
                for (int c = 0; c < t.columns().size(); c++) {
                    g.writeFieldName(t.columns().get(c).key());
                    writeValue(g, row.get(c));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("table_units");
        for (Table t : r.tables()) {
            g.writeObjectFieldStart(t.id());
            for (Table.Column c : t.columns()) {
                if (!symbol(c.unit()).isEmpty()) {
                    g.writeStringField(c.key(), symbol(c.unit()));
                }
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeArrayFieldStart("findings");
        for (Finding f : r.findingsBySeverity()) {
            g.writeStartObject();
            g.writeStringField("code", f.code());
            g.writeStringField("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT));
            g.writeStringField("summary", f.summary());
            g.writeStringField("explanation", f.explanation());
            g.writeStringField("suggestion", f.suggestion());
            if (f.location() != null && f.location().rank() >= 0) {
                g.writeNumberField("rank", f.location().rank());
            }
            if (f.hasGain()) {
                g.writeNumberField("gain_us", f.gainNs() / 1e3);
            }
            if (!f.details().isEmpty()) {
                g.writeArrayFieldStart("details");
                for (String d : f.details()) {
                    g.writeString(d);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The unit as JSON names it: ASCII ({@code us}, not µs) so scripts can match it. */
    private static String symbol(Unit u) {
        return switch (u) {
            case US -> "us";
            case RATIO -> "x";
            case FRACTION -> "fraction";
            default -> u.symbol();
        };
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Double d) {
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeNull();
            }
        } else if (v instanceof Float f) {
            writeValue(g, (double) f);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}
