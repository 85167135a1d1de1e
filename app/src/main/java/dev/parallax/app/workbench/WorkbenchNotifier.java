package dev.parallax.app.workbench;

import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/** Shows the workbench's pop-up notifications in the bottom-right corner of its window. */
final class WorkbenchNotifier {
    private final Stage stage;

    WorkbenchNotifier(Stage stage) {
        this.stage = stage;
    }

    /** A notification of a problem: error icon when {@code error}, else a warning icon; none when hidden. */
    void notify(boolean error, String title, String text) {
        if (stage.getScene() == null || !stage.isShowing()) {
            return;
        }
        show(Notifications.create(), title, text, error ? 12 : 8, error);
    }

    /** A notification that something finished well: no warning triangle. */
    void done(String title, String text) {
        if (stage.getScene() != null && stage.isShowing()) {
            show(Notifications.create(), title, text, 6, null);
        }
    }

    /**
     * Shows a notification in the window's bottom-right corner, light text on the dark theme, lines cut to a
     * width that keeps it inside the window; error null: plain, true: error icon, false: warning icon.
     */
    private void show(Notifications n, String title, String text, int seconds, Boolean error) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            sb.append(sb.length() == 0 ? "" : "\n").append(line.length() <= 100 ? line : line.substring(0, 99) + "…");
        }
        n.owner(stage).darkStyle().position(javafx.geometry.Pos.BOTTOM_RIGHT).title(title).text(sb.toString())
                .hideAfter(Duration.seconds(seconds));
        if (error == null) {
            n.show();
        } else if (error) {
            n.showError();
        } else {
            n.showWarning();
        }
    }
}
