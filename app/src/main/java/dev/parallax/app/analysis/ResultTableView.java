package dev.parallax.app.analysis;

import dev.parallax.analysis.Location;
import dev.parallax.analysis.Table;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A sortable view of one result {@link Table}: items are row indices, columns compare numbers as numbers
 * (empty values last); clicking a row sends its {@link Location} to the {@link Navigator}; Ctrl+C and the
 * context menu copy the selected rows (or all rows) as TSV.
 */
public final class ResultTableView extends TableView<Integer> {
    private final Table table;

    public ResultTableView(Table table, Navigator navigator) {
        this.table = table;
        setId("table-" + table.id());
        getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        for (int c = 0; c < table.columns().size(); c++) {
            getColumns().add(column(c));
        }
        for (int r = 0; r < table.rows().size(); r++) {
            getItems().add(r);
        }
        setOnMouseClicked(e -> {
            Integer row = getSelectionModel().getSelectedItem();
            if (row != null) {
                Location loc = table.location(row);
                if (loc != null) {
                    navigator.goTo(loc);
                }
            }
        });
        MenuItem copy = new MenuItem("Copy as TSV");
        copy.setOnAction(e -> copyToClipboard());
        MenuItem copyAll = new MenuItem("Copy all rows as TSV");
        copyAll.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(TableTsv.of(table, new ArrayList<>(getItems())));
            Clipboard.getSystemClipboard().setContent(content);
        });
        setContextMenu(new ContextMenu(copy, copyAll));
        KeyCombination ctrlC = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
        setOnKeyPressed(e -> {
            if (ctrlC.match(e)) {
                copyToClipboard();
                e.consume();
            }
        });
    }

    public Table table() {
        return table;
    }

    /** TSV of the selected rows in view order, or of all rows when none is selected. */
    public String selectionAsTsv() {
        List<Integer> rows = new ArrayList<>();
        for (Integer r : getItems()) {
            if (getSelectionModel().getSelectedItems().contains(r)) {
                rows.add(r);
            }
        }
        return TableTsv.of(table, rows.isEmpty() ? new ArrayList<>(getItems()) : rows);
    }

    private void copyToClipboard() {
        ClipboardContent content = new ClipboardContent();
        content.putString(selectionAsTsv());
        Clipboard.getSystemClipboard().setContent(content);
    }

    private TableColumn<Integer, Object> column(int c) {
        Table.Column col = table.columns().get(c);
        TableColumn<Integer, Object> tc = new TableColumn<>(col.label());
        tc.setId(col.key());
        tc.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(table.rows().get(cd.getValue()).get(c)));
        tc.setComparator(VALUE_ORDER);
        dev.parallax.analysis.Unit unit = col.unit();
        tc.setCellFactory(x -> new TableCell<>() {
            @Override
            protected void updateItem(Object v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? null : dev.parallax.analysis.UnitFormat.format(v, unit));
                setStyle(v instanceof Number ? "-fx-alignment: CENTER-RIGHT;" : "");
            }
        });
        tc.setPrefWidth(Math.max(70, Math.min(420, 8 * widestText(c, unit) + 16)));
        return tc;
    }

    /** Characters of the column's widest text: its header or a cell of the first rows, so names are not cut. */
    private int widestText(int c, dev.parallax.analysis.Unit unit) {
        int w = table.columns().get(c).label().length() + 1;
        for (int r = 0; r < Math.min(200, table.rows().size()); r++) {
            String text = dev.parallax.analysis.UnitFormat.format(table.rows().get(r).get(c), unit);
            w = Math.max(w, text == null ? 0 : text.length());
        }
        return w;
    }

    /** Numbers by value, then text; null (no value) always last. */
    static final Comparator<Object> VALUE_ORDER = (a, b) -> {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    };

    /** Row values of one column, as shown (for copying and checks). */
    public List<String> columnTexts(int column) {
        dev.parallax.analysis.Unit unit = table.columns().get(column).unit();
        return getItems().stream().map(r -> dev.parallax.analysis.UnitFormat.format(table.rows().get(r).get(column), unit))
                .toList();
    }

}
