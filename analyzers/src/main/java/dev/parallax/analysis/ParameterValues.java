package dev.parallax.analysis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Values chosen for an analysis's parameters; a parameter not set takes its default. */
public final class ParameterValues {
    private final Map<String, Object> values;

    private ParameterValues(Map<String, Object> values) {
        this.values = Map.copyOf(values);
    }

    public static ParameterValues defaults() {
        return new ParameterValues(Map.of());
    }

    /** Parses {@code key=value} texts against the declared parameters; unknown keys are an error. */
    public static ParameterValues parse(List<Parameter<?>> declared, Map<String, String> texts) {
        Map<String, Object> out = new HashMap<>();
        for (Map.Entry<String, String> e : texts.entrySet()) {
            Parameter<?> p = declared.stream().filter(d -> d.id().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown parameter " + e.getKey()
                            + " (known: " + declared.stream().map(Parameter::id).toList() + ")"));
            out.put(p.id(), p.parse(e.getValue()));
        }
        return new ParameterValues(out);
    }

    /** A copy with one value set. */
    public <T> ParameterValues with(Parameter<T> p, T value) {
        Map<String, Object> m = new HashMap<>(values);
        m.put(p.id(), value);
        return new ParameterValues(m);
    }

    public <T> T get(Parameter<T> p) {
        Object v = values.get(p.id());
        return v == null ? p.defaultValue() : p.type().cast(v);
    }

    public boolean isSet(Parameter<?> p) {
        return values.containsKey(p.id());
    }

    public Map<String, Object> asMap() {
        return values;
    }
}
