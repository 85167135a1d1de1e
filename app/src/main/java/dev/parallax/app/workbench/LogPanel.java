package dev.parallax.app.workbench;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** The workbench log: what was opened, refused or repaired, one line each, newest last. */
public final class LogPanel extends ListView<LogPanel.Entry> {
    /** How serious a log line is. */
    public enum Level { INFO, WARNING, ERROR }

    /** One log line. */
    public record Entry(LocalTime time, Level level, String text) {
        @Override
        public String toString() {
            return time.format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "  " + level + "  " + text;
        }
    }

    private final ObservableList<Entry> entries = FXCollections.observableArrayList();

    public LogPanel() {
        super();
        setItems(entries);
        getStyleClass().add("log-panel");
        setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Entry e, boolean empty) {
                super.updateItem(e, empty);
                getStyleClass().removeAll("log-warning", "log-error");
                if (empty || e == null) {
                    setText(null);
                    return;
                }
                setText(e.toString());
                if (e.level() == Level.WARNING) {
                    getStyleClass().add("log-warning");
                } else if (e.level() == Level.ERROR) {
                    getStyleClass().add("log-error");
                }
            }
        });
    }

    public void log(Level level, String text) {
        entries.add(new Entry(LocalTime.now(), level, text));
        scrollTo(entries.size() - 1);
    }

    public ObservableList<Entry> entries() {
        return entries;
    }
}
