package dev.parallax.app.workbench;

import dev.parallax.trace.TraceSet;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;

import java.nio.file.Path;

/** A cell of the trace-set chooser: the set's file name and its number of ranks. */
final class TraceSetCell extends ListCell<TraceSet> {
    /** Gives {@code chooser} these cells, its prompt and its tooltip. */
    static void install(ComboBox<TraceSet> chooser) {
        chooser.setPromptText("no trace open");
        chooser.setCellFactory(x -> new TraceSetCell());
        chooser.setButtonCell(new TraceSetCell());
        chooser.setTooltip(new Tooltip("The trace set that analyses, the pipeline and serving views and reports use"));
    }

    @Override
    protected void updateItem(TraceSet s, boolean empty) {
        super.updateItem(s, empty);
        if (empty || s == null) {
            setText(null);
            return;
        }
        Path p = Path.of(s.name());
        setText((p.getFileName() == null ? s.name() : p.getFileName().toString()) + " (" + s.size()
                + (s.size() == 1 ? " rank)" : " ranks)"));
    }
}
