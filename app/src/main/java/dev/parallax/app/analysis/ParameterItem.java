package dev.parallax.app.analysis;

import dev.parallax.analysis.Parameter;
import javafx.beans.value.ObservableValue;
import org.controlsfx.control.PropertySheet;

import java.util.Map;
import java.util.Optional;

/** One analysis {@link Parameter} as a ControlsFX property-sheet item, its value kept in a shared map. */
final class ParameterItem implements PropertySheet.Item {
    private final Parameter<?> parameter;
    private final String category;
    private final Map<String, Object> values;

    ParameterItem(Parameter<?> parameter, String category, Map<String, Object> values) {
        this.parameter = parameter;
        this.category = category;
        this.values = values;
    }

    Parameter<?> parameter() {
        return parameter;
    }

    @Override
    public Class<?> getType() {
        return parameter.type();
    }

    @Override
    public String getCategory() {
        return category;
    }

    @Override
    public String getName() {
        return parameter.id();
    }

    @Override
    public String getDescription() {
        return parameter.description();
    }

    @Override
    public Object getValue() {
        return values.getOrDefault(parameter.id(), parameter.defaultValue());
    }

    @Override
    public void setValue(Object value) {
        values.put(parameter.id(), value);
    }

    @Override
    public Optional<ObservableValue<? extends Object>> getObservableValue() {
        return Optional.empty();
    }
}
