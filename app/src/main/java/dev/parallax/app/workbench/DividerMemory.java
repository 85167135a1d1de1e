package dev.parallax.app.workbench;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.control.SplitPane;
import javafx.util.Duration;

import java.io.IOException;
import java.util.concurrent.Executor;

/** Places a split's divider where the user left it last time and remembers where it is moved to. */
final class DividerMemory {
    private DividerMemory() {
    }

    /** Saves in the background on {@code io}, a while after the divider stops moving; failures go to {@code log}. */
    static void remember(SplitPane split, String key, double fallback, ParallaxHome home, Executor io, LogPanel log) {
        PaneLayout layout = new PaneLayout(home);
        split.setDividerPositions(layout.divider(key, fallback));
        PauseTransition save = new PauseTransition(Duration.millis(600));
        save.setOnFinished(e -> {
            double p = split.getDividerPositions()[0];
            io.execute(() -> {
                try {
                    layout.setDivider(key, p);
                } catch (IOException ex) {
                    Platform.runLater(() -> log.log(LogPanel.Level.WARNING,
                            "Could not save the pane layout: " + ex.getMessage()));
                }
            });
        });
        split.getDividers().get(0).positionProperty().addListener((o, a, b) -> {
            if (split.getScene() != null && split.getScene().getWindow() != null
                    && split.getScene().getWindow().isShowing()) {
                save.playFromStart();
            }
        });
    }
}
