package dev.parallax.gpu.ui;

import javafx.collections.ObservableList;
import javafx.stage.Window;

/** Gives the profiler's windows and dialogs the stylesheets of the window that opened them (the app's theme). */
final class OwnerTheme {
    private OwnerTheme() {
    }

    /** Adds the owner scene's stylesheets to {@code stylesheets} (nothing when there is no owner scene). */
    static void apply(Window owner, ObservableList<String> stylesheets) {
        if (owner != null && owner.getScene() != null) {
            for (String s : owner.getScene().getStylesheets()) {
                if (!stylesheets.contains(s)) {
                    stylesheets.add(s);
                }
            }
        }
    }
}
