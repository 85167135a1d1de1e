package dev.parallax.app.view;

import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import javafx.scene.Node;

import java.util.List;

/**
 * A view the workbench hosts in its own tab, contributed by Parallax or by a plugin jar, in the manner of
 * JDK Mission Control's data-page factories. Registered with {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.parallax.app.view.ResultViewFactory} (of the application or of a plugin jar);
 * the workbench finds every factory at start, gives each a tab titled {@link #title()}, and when the user asks
 * (or, for {@link #openOnLoad}, when a trace set opens) runs {@link #prepare} in the background with progress
 * and Cancel, then calls {@link #create} on the JavaFX thread with what it prepared.
 *
 * <p>A factory keeps no state between calls: one factory serves every window and trace set.
 */
public interface ResultViewFactory {
    /** Stable id, e.g. {@code pipeline}, {@code serving}; also the id of the tab. */
    String id();

    /** Tab title, e.g. "Pipeline". */
    String title();

    /** One or two sentences shown in the tab before the view has run: what it shows and what input it needs. */
    String description();

    /** Ids of the analyses whose results this view shows; the first is the one {@link #prepare} runs by default. */
    List<String> analysisIds();

    /** Position among the view tabs (smaller first; Parallax's own views use 100, 200, ...). */
    default int order() {
        return 1000;
    }

    /**
     * Whether to prepare this view as soon as {@code set} opens (decided cheaply, on the JavaFX thread): the
     * pipeline view does so for traces with pipeline process groups. Default: only when the user asks.
     */
    default boolean openOnLoad(TraceSet set) {
        return false;
    }

    /**
     * Computes what the view shows; called off the JavaFX thread, may take long, should call
     * {@link Progress#checkCancelled()} now and then. The default runs the first of {@link #analysisIds()}
     * through the plugin registry ({@link ViewContext#run}) with default parameters.
     */
    default ViewInput prepare(TraceSet set, ViewContext context, Progress progress) {
        return ViewInput.of(set, context.run(analysisIds().get(0), set, progress));
    }

    /** Builds the view's node on the JavaFX thread from what {@link #prepare} returned. */
    Node create(ViewInput input, ViewContext context);
}
