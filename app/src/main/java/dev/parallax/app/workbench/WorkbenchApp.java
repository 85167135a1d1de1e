package dev.parallax.app.workbench;

import dev.parallax.plugin.PluginRegistry;
import dev.parallax.trace.io.TraceLoader;
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
        List<Path> pluginDirs = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        for (String a : getParameters().getRaw()) {
            if (a.startsWith("--plugins=")) {
                pluginDirs.add(Path.of(a.substring("--plugins=".length())));
            } else {
                paths.add(Path.of(a));
            }
        }
        PluginRegistry plugins = PluginRegistry.load(PluginRegistry.Config.defaults(WorkbenchApp.class.getClassLoader(),
                pluginDirs));
        workbench = new Workbench(stage, home, new TraceOpener(new TraceLoader(plugins.importers())), plugins);
        plugins.messages().forEach(m -> workbench.log().log(LogPanel.Level.WARNING, m));
        plugins.onFault(f -> javafx.application.Platform.runLater(
                () -> workbench.log().log(LogPanel.Level.ERROR, f.message())));
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double w = Math.min(1680, screen.getWidth() * 0.92);
        double h = Math.min(1020, screen.getHeight() * 0.9);
        stage.setScene(workbench.createScene(w, h));
        stage.setTitle("Parallax");
        stage.setOnHidden(e -> workbench.shutdown());
        stage.show();
        workbench.timeline().requestFocus();
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
