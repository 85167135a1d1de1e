package dev.parallax.app.details;

import dev.parallax.app.timeline.AreaSelection;
import dev.parallax.app.timeline.TimeFormat;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The aggregate of an area selection: per slice name its count, total, mean and maximum duration and its
 * share of the total, in a sortable table that copies to the clipboard as TSV (button or Ctrl+C).
 */
public final class AggregatePanel extends BorderPane {
    private final TableView<AreaAggregate.Row> table = new TableView<>();
    private final Label summary = new Label("Drag across tracks on the timeline to aggregate the slices in an area.");
    private final Button copy = new Button("Copy as TSV");
    private List<AreaAggregate.Row> rows = List.of();
    private final java.util.concurrent.Executor executor;
    private javafx.concurrent.Task<List<AreaAggregate.Row>> running;
    private long generation;

    /** Aggregates run on {@code executor}, off the UI thread (a large area can hold millions of slices). */
    public AggregatePanel(java.util.concurrent.Executor executor) {
        this.executor = executor;
        getStyleClass().add("aggregate-panel");
        table.setId("aggregate-table");
        table.getColumns().add(column("Name", AreaAggregate.Row::name, 360, null));
        table.getColumns().add(column("Count", AreaAggregate.Row::count, 80, v -> String.format("%,d", v)));
        table.getColumns().add(column("Total", AreaAggregate.Row::total, 100, v -> TimeFormat.duration(v)));
        table.getColumns().add(column("Mean", AreaAggregate.Row::mean, 100, v -> TimeFormat.duration(v)));
        table.getColumns().add(column("Max", AreaAggregate.Row::max, 100, v -> TimeFormat.duration(v)));
        table.getColumns().add(column("Share", AreaAggregate.Row::share, 80,
                v -> String.format(Locale.ROOT, "%.1f %%", v * 100)));
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No slices in the selected area"));
        table.setOnKeyPressed(e -> {
            if (e.isShortcutDown() && e.getCode() == KeyCode.C) {
                copyToClipboard();
                e.consume();
            }
        });
        copy.setOnAction(e -> copyToClipboard());
        copy.setDisable(true);
        summary.setId("aggregate-summary");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(10, summary, grow, copy);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        setTop(bar);
        setCenter(table);
    }

    private static <T extends Comparable<T>> TableColumn<AreaAggregate.Row, T> column(
            String title, Function<AreaAggregate.Row, T> value, double width, Function<T, String> format) {
        TableColumn<AreaAggregate.Row, T> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        if (format != null) {
            c.setCellFactory(col -> new TableCell<>() {
                @Override
                protected void updateItem(T item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty || item == null ? null : format.apply(item));
                }
            });
            c.setStyle("-fx-alignment: CENTER-RIGHT;");
        }
        return c;
    }

    /** Shows the aggregate of {@code area} (null clears). */
    public void show(AreaSelection area) {
        if (area == null) {
            generation++;
            if (running != null) {
                running.cancel();
                running = null;
            }
            rows = List.of();
            table.getItems().clear();
            summary.setText("Drag across tracks on the timeline to aggregate the slices in an area.");
            copy.setDisable(true);
            return;
        }
        long gen = ++generation;
        if (running != null) {
            running.cancel();
        }
        summary.setText("Aggregating " + TimeFormat.duration(area.duration()) + " over " + area.tracks().size()
                + " tracks…");
        javafx.concurrent.Task<List<AreaAggregate.Row>> task = new javafx.concurrent.Task<>() {
            @Override
            protected List<AreaAggregate.Row> call() {
                return AreaAggregate.of(area);
            }
        };
        running = task;
        task.setOnSucceeded(e -> {
            if (gen != generation) {
                return;
            }
            running = null;
            rows = task.getValue();
            table.getItems().setAll(rows);
            long n = rows.stream().mapToLong(AreaAggregate.Row::count).sum();
            summary.setText(String.format("%,d slices, %d names, %d tracks, %s selected", n, rows.size(),
                    area.tracks().size(), TimeFormat.duration(area.duration())));
            copy.setDisable(rows.isEmpty());
        });
        task.setOnFailed(e -> {
            if (gen == generation) {
                running = null;
                summary.setText("Could not aggregate the area: " + task.getException());
            }
        });
        executor.execute(task);
    }

    /** Whether an aggregate is being computed. */
    public boolean isBusy() {
        return running != null;
    }

    public TableView<AreaAggregate.Row> table() {
        return table;
    }

    /** The rows in the table's current (possibly user-sorted) order, as TSV. */
    public String tsv() {
        return AreaAggregate.toTsv(table.getItems());
    }

    public void copyToClipboard() {
        ClipboardContent c = new ClipboardContent();
        c.putString(tsv());
        Clipboard.getSystemClipboard().setContent(c);
    }
}
