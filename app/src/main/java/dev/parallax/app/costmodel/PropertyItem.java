package dev.parallax.app.costmodel;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import org.controlsfx.control.PropertySheet;

import java.util.List;
import java.util.Optional;

/**
 * A {@link PropertySheet} row backed by an observable property, optionally limited to a list of choices.
 *
 * @param <T> value type (Integer, Double, String)
 */
final class PropertyItem<T> implements PropertySheet.Item {
    private final Class<T> type;
    private final String category;
    private final String name;
    private final String description;
    private final ObjectProperty<T> value;
    private final List<T> choices;

    PropertyItem(Class<T> type, String category, String name, String description, T initial, List<T> choices) {
        this.type = type;
        this.category = category;
        this.name = name;
        this.description = description;
        this.value = new SimpleObjectProperty<>(this, name, initial);
        this.choices = choices;
    }

    /** The backing property. */
    ObjectProperty<T> property() {
        return value;
    }

    /** Allowed values, or null for free input. */
    List<T> choices() {
        return choices;
    }

    @Override
    public Class<?> getType() {
        return type;
    }

    @Override
    public String getCategory() {
        return category;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public T getValue() {
        return value.get();
    }

    @Override
    public void setValue(Object v) {
        if (v == null) {
            return;
        }
        Object converted = v;
        if (v instanceof Number n) {
            if (type == Integer.class) {
                converted = n.intValue();
            } else if (type == Double.class) {
                converted = n.doubleValue();
            }
        }
        value.set(type.cast(converted));
    }

    @Override
    public Optional<ObservableValue<? extends Object>> getObservableValue() {
        return Optional.of(value);
    }
}
