package dev.parallax.app.analysis;

import dev.parallax.analysis.Finding;
import dev.parallax.trace.Severity;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;

import java.util.List;

/**
 * The findings of a result, most severe first, each with a coloured severity icon, its summary and (below)
 * explanation and suggestion; clicking one with a location sends it to the {@link Navigator}.
 */
public final class FindingsView extends ListView<Finding> {

    public FindingsView(List<Finding> findings, Navigator navigator) {
        setId("findings");
        getItems().setAll(findings);
        setCellFactory(x -> new ListCell<>() {
            @Override
            protected void updateItem(Finding f, boolean empty) {
                super.updateItem(f, empty);
                if (empty || f == null) {
                    setGraphic(null);
                    setText(null);
                    setTooltip(null);
                    return;
                }
                Label summary = new Label(f.summary());
                summary.setStyle("-fx-font-weight: bold;");
                summary.setWrapText(true);
                Label explanation = new Label(f.explanation());
                explanation.setWrapText(true);
                VBox text = new VBox(2, summary, explanation);
                if (f.suggestion() != null && !f.suggestion().isEmpty()) {
                    Label suggestion = new Label("→ " + f.suggestion());
                    suggestion.setWrapText(true);
                    suggestion.getStyleClass().add("finding-suggestion");
                    text.getChildren().add(suggestion);
                }
                // wrap at the list's width (less the icon, padding and scroll bar) instead of scrolling sideways
                text.setMinWidth(0);
                text.prefWidthProperty().bind(FindingsView.this.widthProperty().subtract(60));
                text.maxWidthProperty().bind(FindingsView.this.widthProperty().subtract(60));
                HBox box = new HBox(8, icon(f.severity()), text);
                box.setPadding(new Insets(3));
                setGraphic(box);
                setText(null);
                setTooltip(new Tooltip(f.severity() + ": " + f.summary()
                        + (f.location() != null ? "\n(click to show it on the timeline)" : "")));
            }
        });
        setOnMouseClicked(e -> {
            Finding f = getSelectionModel().getSelectedItem();
            if (f != null && f.location() != null) {
                navigator.goTo(f.location());
            }
        });
    }

    /** A circle in the severity's colour with its initial: red E, orange W, blue I. */
    static javafx.scene.Node icon(Severity s) {
        Color c = switch (s) {
            case ERROR -> Color.web("#d62728");
            case WARNING -> Color.web("#ff9f1c");
            default -> Color.web("#1f77b4");
        };
        Circle circle = new Circle(8, c);
        Label letter = new Label(s.name().substring(0, 1));
        letter.setTextFill(Color.WHITE);
        letter.setStyle("-fx-font-weight: bold; -fx-font-size: 10px;");
        javafx.scene.layout.StackPane p = new javafx.scene.layout.StackPane(circle, letter);
        p.getStyleClass().add("severity-" + s.name().toLowerCase(java.util.Locale.ROOT));
        return p;
    }

    /** The colour used for a severity (for other views that want to match). */
    public static Color color(Severity s) {
        return switch (s) {
            case ERROR -> Color.web("#d62728");
            case WARNING -> Color.web("#ff9f1c");
            default -> Color.web("#1f77b4");
        };
    }
}
