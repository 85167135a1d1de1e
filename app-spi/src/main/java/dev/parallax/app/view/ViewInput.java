package dev.parallax.app.view;

import dev.parallax.analysis.Result;
import dev.parallax.trace.TraceSet;

import java.util.Objects;

/**
 * What a {@link ResultViewFactory} prepared off the JavaFX thread for {@link ResultViewFactory#create}: the
 * trace set, the analysis result (recorded by the workbench so its overlays reach the timeline and the report)
 * and, optionally, data of the view's own kind (e.g. the serving view's time series).
 */
public record ViewInput(TraceSet set, Result result, Object data) {
    public ViewInput {
        Objects.requireNonNull(set);
        Objects.requireNonNull(result);
    }

    /** A result with no extra data. */
    public static ViewInput of(TraceSet set, Result result) {
        return new ViewInput(set, result, null);
    }

    /** The extra data as {@code type}, or null when there is none of that type. */
    public <T> T data(Class<T> type) {
        return type.isInstance(data) ? type.cast(data) : null;
    }
}
