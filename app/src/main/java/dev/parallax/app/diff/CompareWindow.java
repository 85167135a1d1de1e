package dev.parallax.app.diff;

import dev.parallax.analysis.diff.Comparison;
import dev.parallax.analysis.diff.TraceDiff;
import dev.parallax.app.view.ViewContext;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.Progress;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The window of a comparison: loads both runs and compares them in the background (with the workbench's
 * progress and Cancel), then shows them in a {@link CompareView}; a file dropped on either timeline is loaded
 * and compared again in place of that side.
 */
public final class CompareWindow {
    /** Both loaded runs and their comparison. */
    record Loaded(TraceSet a, TraceSet b, Comparison comparison) {
    }

    private final ViewContext context;
    private final TraceDiff.Options options;
    private final Stage stage = new Stage();
    private final CompareView view;
    private Path pathA;
    private Path pathB;

    private CompareWindow(ViewContext context, Path a, Path b, TraceDiff.Options options) {
        this.context = context;
        this.options = options;
        this.pathA = a;
        this.pathB = b;
        this.view = new CompareView((sideA, path) -> {
            if (sideA) {
                pathA = path;
            } else {
                pathB = path;
            }
            load();
        });
        stage.initOwner(context.owner());
        stage.setScene(new Scene(view, 1300, 900));
    }

    /** Compares run {@code b} with the baseline {@code a} (files or folders of ranks) and opens the window. */
    public static CompareWindow open(ViewContext context, Path a, Path b, TraceDiff.Options options) {
        CompareWindow w = new CompareWindow(context, a, b, options);
        w.load();
        return w;
    }

    /** Loads both sides and compares them, off the JavaFX thread. */
    static Loaded compute(Path a, Path b, TraceDiff.Options options, Progress progress) throws IOException {
        TraceSet setA = load(a, progress);
        TraceSet setB = a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize()) ? setA : load(b, progress);
        return new Loaded(setA, setB, TraceDiff.compare(setA, setB, options, progress));
    }

    private static TraceSet load(Path p, Progress progress) throws IOException {
        TraceSetLoader.Outcome o = TraceSetLoader.withDefaults().load(List.of(p), progress);
        if (!o.failures().isEmpty()) {
            throw new IOException(o.failures().get(0).message());
        }
        return o.traceSet();
    }

    private void load() {
        Path a = pathA;
        Path b = pathB;
        context.background("Comparing " + b.getFileName() + " with " + a.getFileName(),
                p -> compute(a, b, options, p), loaded -> {
                    stage.setTitle("Compare: " + b.getFileName() + " against " + a.getFileName());
                    view.show(loaded.a(), loaded.b(), loaded.comparison());
                    context.log("Compared " + b + " with the baseline " + a + ": step time "
                            + String.format(java.util.Locale.ROOT, "%+.1f µs",
                            loaded.comparison().stepTimeB() / 1000 - loaded.comparison().stepTimeA() / 1000));
                    if (!stage.isShowing()) {
                        stage.show();
                        javafx.application.Platform.runLater(view::alignFirstSteps);
                    }
                });
    }

    public CompareView view() {
        return view;
    }

    public Stage stage() {
        return stage;
    }
}
