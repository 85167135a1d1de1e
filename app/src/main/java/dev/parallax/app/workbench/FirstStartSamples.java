package dev.parallax.app.workbench;

import javafx.application.Platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** Opens the sample traces bundled with the app and tells whether they were ever opened (the first start). */
final class FirstStartSamples {
    private static final String SAMPLES_MARKER = "samples-opened";
    private final ParallaxHome home;
    private final RecentFiles recent;
    private final Executor io;
    private final LogPanel log;
    private final Consumer<List<Path>> open;

    /** Extracts on {@code io}; each sample's files go to {@code open} on the UI thread. */
    FirstStartSamples(ParallaxHome home, RecentFiles recent, Executor io, LogPanel log, Consumer<List<Path>> open) {
        this.home = home;
        this.recent = recent;
        this.io = io;
        this.log = log;
        this.open = open;
    }

    /** Whether the bundled samples were never opened (the very first start). */
    boolean isFirstStart() {
        return !Files.exists(home.resolve(SAMPLES_MARKER)) && !recent.exists();
    }

    /** Opens the sample traces bundled with the app (extracted under the Parallax home). */
    void open() {
        Path dir = home.resolve("samples");
        io.execute(() -> {
            try {
                List<List<Path>> samples = SampleTraces.extractAll(dir);
                ParallaxHome.writeAtomically(home.resolve(SAMPLES_MARKER), "bundled samples opened once\n");
                Platform.runLater(() -> samples.forEach(open));
            } catch (IOException | RuntimeException e) {
                Platform.runLater(() -> log.log(LogPanel.Level.ERROR,
                        "Could not extract the bundled samples to " + dir + ": " + e.getMessage()));
            }
        });
    }
}
