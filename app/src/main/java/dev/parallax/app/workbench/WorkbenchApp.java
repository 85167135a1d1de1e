package dev.parallax.app.workbench;

import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JavaFX application of the workbench. Kept apart from {@code dev.parallax.app.Launcher} (which does
 * not extend {@link Application}) so the shaded jar starts from a plain class path. Opens the paths given
 * as parameters; with none, on the very first start, the bundled sample traces.
 */
public final class WorkbenchApp extends Application {
    private Workbench workbench;

    @Override
    public void start(Stage stage) {
        ParallaxHome home = ParallaxHome.fromSystem();
        workbench = new Workbench(stage, home, new TraceOpener());
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double w = Math.min(1680, screen.getWidth() * 0.92);
        double h = Math.min(1020, screen.getHeight() * 0.9);
        stage.setScene(workbench.createScene(w, h));
        stage.setTitle("Parallax");
        stage.setOnHidden(e -> workbench.shutdown());
        stage.show();
        workbench.timeline().requestFocus();
        List<Path> paths = new ArrayList<>();
        for (String a : getParameters().getRaw()) {
            paths.add(Path.of(a));
        }
        if (!paths.isEmpty()) {
            workbench.open(paths);
        } else if (workbench.isFirstStart()) {
            workbench.openSamples();
        }
    }

    @Override
    public void stop() {
        if (workbench != null) {
            workbench.shutdown();
        }
    }
}
