package dev.parallax.app.workbench;

import dev.parallax.app.fx.FxPlatform;
import javafx.application.Application;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the workbench window from the command line without blocking the caller: the JavaFX application
 * runs on its own (non-daemon) thread, so the JVM lives until the window closes.
 */
public final class WorkbenchLauncher {
    /**
     * JavaFX warns at every start that it was loaded from the class path ("Unsupported JavaFX configuration"),
     * which is how this jar runs by design; the logger is kept here so its level survives garbage collection.
     */
    private static final Logger JAVAFX_STARTUP = Logger.getLogger("javafx");

    private WorkbenchLauncher() {
    }

    /** True when the user asked for the toolkit's own console messages ({@code PARALLAX_VERBOSE=1}). */
    static boolean verbose() {
        String v = System.getenv("PARALLAX_VERBOSE");
        return Boolean.getBoolean("parallax.verbose") || (v != null && !v.isBlank() && !v.equals("0"));
    }

    /** Launches the workbench opening {@code paths}; false (with a message on stderr) when there is no display. */
    public static boolean launch(List<Path> paths) {
        return launch(paths, List.of());
    }

    /** Launches the workbench opening {@code paths}, with plugins also from {@code pluginDirs}. */
    public static boolean launch(List<Path> paths, List<Path> pluginDirs) {
        if (!FxPlatform.hasDisplay() && System.getProperty("glass.platform") == null) {
            System.err.println("parallax: no graphical display (DISPLAY is not set); the workbench needs one."
                    + " Use a subcommand for headless work (see parallax --help).");
            return false;
        }
        List<String> argList = new java.util.ArrayList<>();
        for (Path d : pluginDirs) {
            argList.add("--plugins=" + d.toAbsolutePath());
        }
        paths.forEach(p -> argList.add(p.toAbsolutePath().toString()));
        String[] args = argList.toArray(String[]::new);
        if (!verbose()) {
            JAVAFX_STARTUP.setLevel(Level.SEVERE);
        }
        Thread t = new Thread(() -> Application.launch(WorkbenchApp.class, args), "workbench-launcher");
        t.setDaemon(false);
        t.start();
        return true;
    }
}
