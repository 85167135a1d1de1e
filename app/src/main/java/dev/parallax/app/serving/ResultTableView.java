package dev.parallax.app.serving;

import dev.parallax.analysis.Location;
import dev.parallax.analysis.Table;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A read-only JavaFX table of an analysis {@link Table}: one column per table column (label and unit in the
 * header), numbers formatted with up to four significant decimals; a double click on a row with a time
 * location reports its start to the navigator.
 */
public final class ResultTableView extends TableView<Integer> {
    private final Table table;

    public ResultTableView(Table table, Consumer<Long> navigator) {
        this.table = table;
        setId("table-" + table.id());
        for (int c = 0; c < table.columns().size(); c++) {
            Table.Column col = table.columns().get(c);
            int index = c;
            TableColumn<Integer, String> tc = new TableColumn<>(col.unit().isEmpty() ? col.label()
                    : col.label() + " (" + col.unit() + ")");
            tc.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(format(table.rows().get(row.getValue()).get(index))));
            getColumns().add(tc);
        }
        setItems(FXCollections.observableArrayList(java.util.stream.IntStream.range(0, table.rows().size())
                .boxed().toList()));
        setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        setOnMouseClicked(e -> {
            Integer row = getSelectionModel().getSelectedItem();
            if (e.getClickCount() == 2 && row != null && navigator != null) {
                Location l = table.location(row);
                if (l != null && l.hasTime()) {
                    navigator.accept(l.start());
                }
            }
        });
    }

    public Table table() {
        return table;
    }

    /** The text shown for a value. */
    static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                return "";
            }
            double a = Math.abs(d);
            if (a != 0 && (a < 1e-3 || a >= 1e7)) {
                return String.format(Locale.ROOT, "%.4g", d);
            }
            String s = String.format(Locale.ROOT, "%.4f", d);
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
        return String.valueOf(v);
    }

    /** A two-column table (name, value) of an analysis's scalar metrics. */
    public static Table metricsTable(java.util.Map<String, Object> metrics) {
        Table.Builder b = new Table.Builder("metrics", "Metrics").column("metric", "Metric").column("value", "Value");
        for (var e : metrics.entrySet()) {
            b.row(e.getKey(), e.getValue());
        }
        return b.build();
    }

    /** Row values of one column, as shown (for tests and copying). */
    public List<String> columnTexts(int column) {
        return getItems().stream().map(r -> format(table.rows().get(r).get(column))).toList();
    }
}
