package dev.parallax.analysis;

import java.util.Objects;

/**
 * One scalar result of an analysis: a snake_case key (the JSON key), a label for people, a value (a
 * Number, String, Boolean or null) and its {@link Unit}.
 */
public record Metric(String key, String label, Object value, Unit unit) {
    public Metric {
        Objects.requireNonNull(key);
        Objects.requireNonNull(unit);
        if (label == null || label.isBlank()) {
            label = Labels.fromKey(key);
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            value = null;
        }
        if (value instanceof Float f && !Float.isFinite(f)) {
            value = null;
        }
    }

    /** The value as a double, or NaN when it is not a number. */
    public double number() {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
