package dev.parallax.app.plugins;

import dev.parallax.plugin.Contribution;
import dev.parallax.plugin.PluginInfo;
import dev.parallax.plugin.PluginRegistry;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.io.IOException;
import java.util.Locale;

/**
 * The content of the Plugins dialog: a table of the plugins (built-in first) with their version, state and
 * origin; the selected plugin's description, contributions and problems; and a button that disables or
 * enables it. Each change is saved in plugins.json and yields a new {@link PluginRegistry} ({@link #registry}).
 */
public final class PluginsPane extends BorderPane {
    private final ReadOnlyObjectWrapper<PluginRegistry> registry = new ReadOnlyObjectWrapper<>(this, "registry");
    private final TableView<PluginInfo> table = new TableView<>();
    private final TextArea details = new TextArea();
    private final Button toggle = new Button("Disable");
    private final Label status = new Label();

    public PluginsPane(PluginRegistry initial) {
        registry.set(initial);
        table.setId("plugins-table");
        toggle.setId("plugins-toggle");
        details.setId("plugins-details");
        status.setId("plugins-status");
        table.getColumns().add(column("Plugin", PluginInfo::name, 220));
        table.getColumns().add(column("Version", PluginInfo::version, 80));
        table.getColumns().add(column("State", PluginsPane::stateText, 90));
        table.getColumns().add(column("Contributes", PluginsPane::contributesText, 200));
        table.getColumns().add(column("From", PluginInfo::location, 320));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No plugins"));
        details.setEditable(false);
        details.setWrapText(true);
        details.setPrefRowCount(7);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> showDetails(b));
        toggle.setOnAction(e -> toggleSelected());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bottom = new HBox(8, status, spacer, toggle);
        bottom.setPadding(new Insets(6, 0, 0, 0));
        VBox south = new VBox(6, details, bottom);
        south.setPadding(new Insets(6, 0, 0, 0));
        setCenter(table);
        setBottom(south);
        setPadding(new Insets(10));
        setPrefSize(900, 480);
        refresh(null);
    }

    private static TableColumn<PluginInfo, String> column(String title,
                                                          java.util.function.Function<PluginInfo, String> value,
                                                          double width) {
        TableColumn<PluginInfo, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** The registry as it stands after the user's changes (a new snapshot after each toggle). */
    public PluginRegistry registry() {
        return registry.get();
    }

    public ReadOnlyObjectProperty<PluginRegistry> registryProperty() {
        return registry.getReadOnlyProperty();
    }

    TableView<PluginInfo> table() {
        return table;
    }

    static String stateText(PluginInfo p) {
        return p.state().label();
    }

    static String contributesText(PluginInfo p) {
        long importers = p.contributions().stream().filter(c -> c.kind() == Contribution.Kind.IMPORTER).count();
        long analyses = p.contributions().stream().filter(c -> c.kind() == Contribution.Kind.ANALYSIS).count();
        long catalogs = p.contributions().stream().filter(c -> c.kind() == Contribution.Kind.CATALOG).count();
        StringBuilder sb = new StringBuilder();
        append(sb, importers, "importer");
        append(sb, analyses, "analysis", "analyses");
        append(sb, catalogs, "catalog");
        return sb.length() == 0 ? "nothing" : sb.toString();
    }

    private static void append(StringBuilder sb, long n, String one) {
        append(sb, n, one, one + "s");
    }

    private static void append(StringBuilder sb, long n, String one, String many) {
        if (n > 0) {
            sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ').append(n == 1 ? one : many);
        }
    }

    private void refresh(String selectId) {
        table.getItems().setAll(registry.get().plugins());
        int index = 0;
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i).id().equals(selectId)) {
                index = i;
            }
        }
        if (!table.getItems().isEmpty()) {
            table.getSelectionModel().select(index);
        }
        showDetails(table.getSelectionModel().getSelectedItem());
        String settings = registry.get().config().settingsFile() == null ? "not saved"
                : "choices saved in " + registry.get().config().settingsFile();
        status.setText(String.join("; ", registry.get().messages()).isEmpty() ? settings
                : settings + "; " + String.join("; ", registry.get().messages()));
    }

    private void showDetails(PluginInfo p) {
        if (p == null) {
            details.clear();
            toggle.setDisable(true);
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(p.name()).append(p.version().isEmpty() ? "" : " " + p.version()).append(" — ").append(stateText(p))
                .append('\n');
        if (!p.description().isEmpty()) {
            sb.append(p.description()).append('\n');
        }
        sb.append("From: ").append(p.location()).append('\n');
        for (Contribution c : p.contributions()) {
            sb.append("  ").append(c.kind().name().toLowerCase(Locale.ROOT)).append(' ').append(c.id()).append(": ")
                    .append(c.description()).append('\n');
        }
        if (p.problem() != null) {
            sb.append("Note: ").append(p.problem()).append('\n');
        }
        details.setText(sb.toString());
        toggle.setDisable(p.builtIn());
        toggle.setText(p.state() == PluginInfo.State.DISABLED_BY_USER ? "Enable" : "Disable");
    }

    private void toggleSelected() {
        PluginInfo p = table.getSelectionModel().getSelectedItem();
        if (p == null || p.builtIn()) {
            return;
        }
        boolean enable = p.state() == PluginInfo.State.DISABLED_BY_USER;
        try {
            registry.set(registry.get().setEnabled(p.id(), enable));
            refresh(p.id());
            status.setText((enable ? "Enabled " : "Disabled ") + p.name() + "; " + status.getText());
        } catch (IOException | RuntimeException e) {
            status.setText("Could not save the choice: " + e.getMessage());
        }
    }
}
