package dev.parallax.app.roofline;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.Metric;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Roofline chart over the operator-group table; both select the group's slowest call on the timeline. */
final class RooflineView extends BorderPane {
    private final RooflineChart chart;
    private final TableView<Integer> table;

    RooflineView(Result result, Consumer<Location> select) {
        Table groups = result.table("groups");
        Chart chart = result.chart("roofline");
        setTop(summary(result));
        this.chart = new RooflineChart(RooflineChart.roofs(chart), RooflineChart.points(groups), select);
        this.table = table(groups, select);
        SplitPane split = new SplitPane(this.chart, table);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        setCenter(split);
    }

    RooflineChart chart() {
        return chart;
    }

    TableView<Integer> groupTable() {
        return table;
    }

    private static Label summary(Result r) {
        List<String> parts = new ArrayList<>();
        Metric hw = r.metric("hardware");
        parts.add(hw == null ? "unknown GPU (give --param hardware=ID)" : "hardware " + hw.value());
        add(parts, r, "roofline_pct", "%.1f %% of roofline");
        add(parts, r, "modelled_pct", "%.1f %% of kernel time modelled");
        Metric headroom = r.metric("headroom_us");
        if (headroom != null && headroom.value() instanceof Number n) {
            parts.add(dev.parallax.analysis.UnitFormat.duration(n.doubleValue() * 1e3) + " recoverable at 80 %");
        }
        Label l = new Label(String.join(" · ", parts));
        l.setPadding(new Insets(4, 8, 4, 8));
        return l;
    }

    private static void add(List<String> parts, Result r, String key, String format) {
        Metric m = r.metric(key);
        if (m != null && m.value() instanceof Number n) {
            parts.add(String.format(Locale.ROOT, format, n.doubleValue()));
        }
    }

    private static TableView<Integer> table(Table t, Consumer<Location> select) {
        TableView<Integer> view = new TableView<>();
        if (t == null) {
            return view;
        }
        for (Table.Column c : t.columns()) {
            TableColumn<Integer, Object> col = new TableColumn<>(c.label() + (c.unit() == dev.parallax.analysis.Unit.NONE ? "" : " (" + c.unit().symbol() + ")"));
            String key = c.key();
            col.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(t.value(cell.getValue(), key)));
            col.setCellFactory(x -> new javafx.scene.control.TableCell<>() {
                @Override
                protected void updateItem(Object item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty || item == null ? "" : RooflineChart.format(item, c.unit().symbol()));
                }
            });
            col.setComparator(Comparator.nullsFirst((a, b) -> a instanceof Number x && b instanceof Number y
                    ? Double.compare(x.doubleValue(), y.doubleValue()) : String.valueOf(a).compareTo(String.valueOf(b))));
            view.getColumns().add(col);
        }
        for (int i = 0; i < t.rows().size(); i++) {
            view.getItems().add(i);
        }
        view.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (row != null && t.location(row) != null) {
                select.accept(t.location(row));
            }
        });
        return view;
    }
}
