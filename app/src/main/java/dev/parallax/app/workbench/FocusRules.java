package dev.parallax.app.workbench;

import dev.parallax.app.search.SearchBar;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * Every button or link action returns the keyboard to the timeline (so W/S/A/D keep working after a
 * flow link, an Analyse/Run button, a toolbar button), and Ctrl+F reaches the search field from anywhere.
 */
final class FocusRules {
    private FocusRules() {
    }

    static void install(Parent root, SearchBar search, Runnable focusTimeline) {
        root.addEventHandler(javafx.event.ActionEvent.ACTION, e -> {
            if ((e.getTarget() instanceof Button || e.getTarget() instanceof Hyperlink)
                    && !inside((Node) e.getTarget(), search)) {
                Platform.runLater(focusTimeline);
            }
        });
        KeyCombination find = KeyCombination.keyCombination("Shortcut+F");
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (find.match(e)) {
                search.field().requestFocus();
                search.field().selectAll();
                e.consume();
            }
        });
    }

    private static boolean inside(Node n, Node parent) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p == parent) {
                return true;
            }
        }
        return false;
    }
}
