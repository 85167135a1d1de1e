package dev.parallax.app.workbench;

import dev.parallax.analysis.Result;
import dev.parallax.app.costmodel.CostModelView;
import dev.parallax.app.view.ViewContext;
import dev.parallax.model.catalog.Catalog;
import dev.parallax.trace.TraceSet;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;

/** The workbench's Cost Model tab, whose view (and the catalogs it reads) is built the first time it is shown. */
final class CostModelTab {
    private final Tab tab = new Tab("Cost Model");
    private final LogPanel log;
    private final ObservableList<TraceSet> sets;
    private final ViewContext context;
    private final BiConsumer<TraceSet, Result> record;

    /** {@code sets} are the open trace sets; {@code record} keeps a result the view produced for a set. */
    CostModelTab(LogPanel log, ObservableList<TraceSet> sets, ViewContext context, BiConsumer<TraceSet, Result> record) {
        this.log = log;
        this.sets = sets;
        this.context = context;
        this.record = record;
        tab.setClosable(false);
        tab.setContent(new Label("Loading the hardware and model catalogs…"));
    }

    Tab tab() {
        return tab;
    }

    /** Builds the view when this tab is first selected in {@code tabs}. */
    void loadWhenShown(TabPane tabs) {
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b == tab && !(tab.getContent() instanceof CostModelView)) {
                tab.setContent(costModelView());
            }
        });
    }

    private CostModelView costModelView() {
        Catalog catalog;
        try {
            catalog = Catalog.load(Path.of(System.getProperty("user.home")), List.of());
        } catch (RuntimeException e) {
            log.log(LogPanel.Level.WARNING, "User catalog not read (" + e.getMessage() + "); using the built-in one");
            catalog = Catalog.builtIn();
        }
        return new CostModelView(catalog, sets, context, record);
    }
}
