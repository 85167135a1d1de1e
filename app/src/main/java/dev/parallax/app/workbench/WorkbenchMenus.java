package dev.parallax.app.workbench;

import dev.parallax.analysis.Analysis;
import dev.parallax.app.fx.BackgroundTasks;
import dev.parallax.app.plugins.PluginsDialog;
import dev.parallax.app.search.SearchBar;
import dev.parallax.app.timeline.TimelineView;
import dev.parallax.app.timeline.TrackNode;
import dev.parallax.app.view.MenuContribution;
import dev.parallax.app.view.ResultViewFactory;
import dev.parallax.app.view.ViewContext;
import dev.parallax.plugin.PluginRegistry;
import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Builds the workbench menu bar (File, View, Analysis, contributed menus, Help) and keeps Open Recent current. */
final class WorkbenchMenus {
    private final Stage stage;
    private final TimelineView timeline;
    private final SearchBar search;
    private final PluginRegistry plugins;
    private final List<ResultViewFactory> views;
    private final RecentFiles recent;
    private final LogPanel log;
    private final ViewContext context;
    private final WorkbenchActions actions;
    private final Menu recentMenu = new Menu("Open Recent");

    WorkbenchMenus(Stage stage, TimelineView timeline, SearchBar search, PluginRegistry plugins,
                   List<ResultViewFactory> views, RecentFiles recent, LogPanel log, ViewContext context,
                   WorkbenchActions actions) {
        this.stage = stage;
        this.timeline = timeline;
        this.search = search;
        this.plugins = plugins;
        this.views = views;
        this.recent = recent;
        this.log = log;
        this.context = context;
        this.actions = actions;
    }

    MenuBar menuBar() {
        MenuItem openFile = new MenuItem("Open File…");
        openFile.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        openFile.setOnAction(e -> actions.chooseFiles().run());
        MenuItem openFolder = new MenuItem("Open Folder…");
        openFolder.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+O"));
        openFolder.setOnAction(e -> actions.chooseFolder().run());
        MenuItem samples = new MenuItem("Open Sample Traces");
        samples.setOnAction(e -> actions.openSamples().run());
        MenuItem closeAll = new MenuItem("Close All");
        closeAll.setOnAction(e -> actions.closeAll().run());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> actions.quit().run());
        rebuildRecentMenu();
        MenuItem export = new MenuItem("Export Report…");
        export.setAccelerator(KeyCombination.keyCombination("Shortcut+E"));
        export.setOnAction(e -> actions.exportReport().run());
        Menu file = new Menu("File", null, openFile, openFolder, recentMenu, samples, new SeparatorMenuItem(), export,
                new SeparatorMenuItem(), closeAll, new SeparatorMenuItem(), quit);

        MenuItem fit = new MenuItem("Zoom to Fit");
        fit.setAccelerator(KeyCombination.keyCombination("Shortcut+0"));
        fit.setOnAction(e -> actions.fit().run());
        MenuItem focus = new MenuItem("Focus Selection  (F)");
        focus.setOnAction(e -> timeline.focusSelection());
        MenuItem mark = new MenuItem("Mark Selection Range  (M)");
        mark.setOnAction(e -> timeline.markSelection());
        MenuItem clear = new MenuItem("Clear Selection  (Esc)");
        clear.setOnAction(e -> timeline.clearSelection());
        MenuItem find = new MenuItem("Find…");
        find.setAccelerator(KeyCombination.keyCombination("Shortcut+F"));
        find.setOnAction(e -> {
            search.field().requestFocus();
            search.field().selectAll();
        });
        MenuItem collapse = new MenuItem("Collapse All Processes");
        collapse.setOnAction(e -> setProcessesCollapsed(true));
        MenuItem expand = new MenuItem("Expand All");
        expand.setOnAction(e -> setProcessesCollapsed(false));
        MenuItem showLog = new MenuItem("Show Log");
        showLog.setOnAction(e -> actions.showLog().run());
        MenuItem shiftClock = new MenuItem("Shift Clock of a Rank…");
        shiftClock.setId("shift-clock");
        shiftClock.setOnAction(e -> actions.shiftClock().run());
        Menu view = new Menu("View", null, fit, focus, mark, clear, new SeparatorMenuItem(), find,
                new SeparatorMenuItem(), collapse, expand, new SeparatorMenuItem(), shiftClock,
                new SeparatorMenuItem(), showLog);

        MenuItem runAnalyses = new MenuItem("Analyses…");
        runAnalyses.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+A"));
        runAnalyses.setOnAction(e -> actions.showAnalyses().run());
        Menu analysis = new Menu("Analysis", null, runAnalyses, new SeparatorMenuItem());
        for (Analysis a : plugins.analyses().all()) {
            MenuItem mi = new MenuItem(a.title());
            mi.setOnAction(e -> actions.runAnalysis().accept(a.id()));
            analysis.getItems().add(mi);
        }
        analysis.getItems().add(new SeparatorMenuItem());
        for (ResultViewFactory f : views) {
            MenuItem mi = new MenuItem(f.title() + " (view)");
            mi.setOnAction(e -> actions.showView().accept(f.id()));
            analysis.getItems().add(mi);
        }
        MenuItem cost = new MenuItem("Cost Model");
        cost.setOnAction(e -> actions.showCostModel().run());
        analysis.getItems().add(cost);

        MenuItem keys = new MenuItem("Keyboard Shortcuts");
        keys.setOnAction(e -> showKeys());
        MenuItem pluginsItem = new MenuItem("Plugins…");
        pluginsItem.setOnAction(e -> showPlugins());
        Menu help = new Menu("Help", null, keys, pluginsItem);
        MenuBar bar = new MenuBar(file, view, analysis);
        contributedMenus(bar);
        bar.getMenus().add(help);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    /** Lists the recent files again (after a load or Clear Recent). */
    void rebuildRecentMenu() {
        recentMenu.getItems().clear();
        for (List<Path> entry : recent.entries()) {
            MenuItem mi = new MenuItem(RecentFiles.label(entry));
            mi.setMnemonicParsing(false);
            mi.setOnAction(e -> actions.open().accept(entry));
            recentMenu.getItems().add(mi);
        }
        if (recentMenu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("(none)");
            none.setDisable(true);
            recentMenu.getItems().add(none);
        } else {
            MenuItem clear = new MenuItem("Clear Recent");
            clear.setOnAction(e -> {
                try {
                    recent.clear();
                } catch (IOException ex) {
                    log.log(LogPanel.Level.WARNING, "Could not save the recent-files list: " + ex.getMessage());
                }
                rebuildRecentMenu();
            });
            recentMenu.getItems().addAll(new SeparatorMenuItem(), clear);
        }
    }

    private void contributedMenus(MenuBar bar) {
        for (MenuContribution c : plugins.extensions(MenuContribution.class)) {
            List<MenuItem> items;
            try {
                items = c.items(context);
            } catch (RuntimeException e) {
                log.log(LogPanel.Level.ERROR, "Menu '" + c.menu() + "' of " + c.getClass().getName() + " failed: "
                        + BackgroundTasks.message(e));
                continue;
            }
            Menu menu = bar.getMenus().stream().filter(m -> m.getText().equals(c.menu())).findFirst().orElse(null);
            if (menu == null) {
                menu = new Menu(c.menu());
                bar.getMenus().add(menu);
            }
            menu.getItems().addAll(items);
        }
    }

    private void setProcessesCollapsed(boolean c) {
        for (TrackNode set : timeline.model().tree().roots()) {
            for (TrackNode rank : set.children()) {
                for (TrackNode p : rank.children()) {
                    if (p.isGroup()) {
                        timeline.model().tree().setCollapsed(p, c);
                    }
                }
            }
        }
        timeline.relayout();
    }

    private void showKeys() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Timeline keys (as in Perfetto)");
        a.setContentText("W / S  zoom in / out at the mouse\nA / D  pan left / right\nCtrl+wheel  zoom\n"
                + "Shift+wheel  pan\nwheel  scroll tracks\nclick  select a slice\ndrag  select an area (aggregate)\n"
                + "F  focus the selection\nM  mark the selection's range\nEsc  clear selection and marks\n"
                + "Ctrl+F  search, Enter / Shift+Enter  next / previous match");
        a.setOnHidden(e -> actions.focusTimeline().run());
        a.show();
    }

    private void showPlugins() {
        PluginsDialog d = new PluginsDialog(plugins);
        d.initOwner(stage);
        d.showAndWait().ifPresent(r -> log.log(LogPanel.Level.INFO,
                "Plugin choices saved; they take effect when Parallax starts again"));
        actions.focusTimeline().run();
    }
}
