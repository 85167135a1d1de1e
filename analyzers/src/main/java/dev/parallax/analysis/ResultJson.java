package dev.parallax.analysis;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Result} as JSON: {@code {"analysis", "title", "metrics":{...}, "tables":{id:[{col:value}]},
 * "findings":[...]}} with snake_case keys; tables become arrays of objects (e.g. one object per rank).
 */
public final class ResultJson {
    private ResultJson() {
    }

    public static void write(Result r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("analysis", r.analysisId());
        g.writeStringField("title", r.title());
        g.writeObjectFieldStart("metrics");
        for (Map.Entry<String, Object> e : r.metrics().entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
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
        g.writeArrayFieldStart("findings");
        for (Finding f : r.findingsBySeverity()) {
            g.writeStartObject();
            g.writeStringField("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT));
            g.writeStringField("summary", f.summary());
            g.writeStringField("explanation", f.explanation());
            g.writeStringField("suggestion", f.suggestion());
            if (f.location() != null && f.location().rank() >= 0) {
                g.writeNumberField("rank", f.location().rank());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
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
