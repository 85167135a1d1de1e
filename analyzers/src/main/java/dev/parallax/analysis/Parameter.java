package dev.parallax.analysis;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A typed analysis parameter with a default, parsed from text (command line, settings dialogs).
 *
 * @param id snake_case or kebab-case key, e.g. {@code idle_threshold_us}
 * @param type one of Integer, Long, Double, Boolean, String
 * @param choices allowed values for a String parameter (empty: free text)
 */
public record Parameter<T>(String id, String description, Class<T> type, T defaultValue, List<String> choices) {

    public Parameter {
        Objects.requireNonNull(id);
        Objects.requireNonNull(type);
        choices = List.copyOf(choices);
    }

    public static Parameter<Double> ofDouble(String id, String description, double defaultValue) {
        return new Parameter<>(id, description, Double.class, defaultValue, List.of());
    }

    public static Parameter<Long> ofLong(String id, String description, long defaultValue) {
        return new Parameter<>(id, description, Long.class, defaultValue, List.of());
    }

    public static Parameter<Integer> ofInt(String id, String description, int defaultValue) {
        return new Parameter<>(id, description, Integer.class, defaultValue, List.of());
    }

    public static Parameter<Boolean> ofBoolean(String id, String description, boolean defaultValue) {
        return new Parameter<>(id, description, Boolean.class, defaultValue, List.of());
    }

    public static Parameter<String> ofString(String id, String description, String defaultValue) {
        return new Parameter<>(id, description, String.class, defaultValue, List.of());
    }

    public static Parameter<String> ofChoice(String id, String description, String defaultValue, String... choices) {
        return new Parameter<>(id, description, String.class, defaultValue, Arrays.asList(choices));
    }

    /** Parses text into this parameter's type; throws IllegalArgumentException naming the parameter. */
    public T parse(String text) {
        String s = text.trim();
        try {
            Object v;
            if (type == Double.class) {
                v = Double.parseDouble(s);
            } else if (type == Long.class) {
                v = Long.parseLong(s);
            } else if (type == Integer.class) {
                v = Integer.parseInt(s);
            } else if (type == Boolean.class) {
                if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException();
                }
                v = Boolean.parseBoolean(s);
            } else {
                if (!choices.isEmpty() && !choices.contains(s.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException();
                }
                v = choices.isEmpty() ? s : s.toLowerCase(Locale.ROOT);
            }
            return type.cast(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("parameter " + id + ": cannot use '" + text + "' (expected "
                    + (choices.isEmpty() ? type.getSimpleName().toLowerCase(Locale.ROOT) : String.join("|", choices))
                    + ")");
        }
    }
}
