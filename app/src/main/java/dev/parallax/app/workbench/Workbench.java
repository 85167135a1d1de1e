package dev.parallax.app.workbench;

import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.app.analysis.AnalysesPanel;
import dev.parallax.app.costmodel.CostModelView;
import dev.parallax.app.details.AggregatePanel;
import dev.parallax.app.fx.BackgroundTasks;
import dev.parallax.app.plugins.PluginsDialog;
import dev.parallax.app.report.ExportReportPane;
import dev.parallax.app.timeline.AreaSelection;
import dev.parallax.app.view.MenuContribution;
import dev.parallax.app.view.ResultViewFactory;
import dev.parallax.app.view.ViewContext;
import dev.parallax.model.catalog.Catalog;
import dev.parallax.plugin.PluginRegistry;
import dev.parallax.util.Progress;
import javafx.concurrent.Task;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import dev.parallax.app.details.DetailsPanel;
import dev.parallax.app.explorer.TraceExplorer;
import dev.parallax.app.search.SearchBar;
import dev.parallax.app.timeline.SliceRef;
import dev.parallax.app.timeline.TimelineView;
import dev.parallax.app.timeline.TrackNode;
import dev.parallax.trace.TraceSet;
import javafx.application.Platform;
import javafx.concurrent.Worker;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.controlsfx.control.StatusBar;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The workbench window: menu and toolbar, the trace explorer, the timeline, the details and area-aggregate
 * panels, the log, and a status bar with load progress and Cancel. Files open by drag-and-drop, the File
 * menu, recent files and the command line, all through {@link #open(List)}, which loads off the UI thread.
 */
public final class Workbench {
    private final Stage stage;
    private final ParallaxHome home;
    private final RecentFiles recent;
    private final TraceOpener opener;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(daemon("trace-loader"));
    private final ExecutorService background = Executors.newCachedThreadPool(daemon("workbench-worker"));
    private final TimelineView timeline = new TimelineView();
    private final DetailsPanel details;
    private final AggregatePanel aggregate;
    private final LogPanel log = new LogPanel();
    private final TraceExplorer explorer;
    private final SearchBar search;
    private final StatusBar status = new StatusBar();
    private final Button cancel = new Button("Cancel");
    private final Label summary = new Label();
    private final TabPane bottomTabs = new TabPane();
    private final Tab aggregateTab = new Tab("Area selection");
    private final Tab logTab = new Tab("Log");
    private final Menu recentMenu = new Menu("Open Recent");
    private final DropHandler drop = new DropHandler(this::open);
    private final List<Consumer<OpenResult>> loadListeners = new ArrayList<>();
    private final BorderPane root = new BorderPane();
    private final PluginRegistry plugins;
    private final AnalysisSessions sessions = new AnalysisSessions();
    private final ComboBox<TraceSet> setChooser = new ComboBox<>();
    private final AnalysesPanel analysesPanel;
    private final Tab analysesTab = new Tab("Analyses");
    private final TabPane centreTabs = new TabPane();
    private final Tab costTab = new Tab("Cost Model");
    private final BackgroundTasks tasks;
    private final ViewContext context = new Context();
    private final ViewTabs views;
    private Task<?> current;

    /** A window with the built-in importers and analyses only. */
    public Workbench(Stage stage, ParallaxHome home, TraceOpener opener) {
        this(stage, home, opener, PluginRegistry.load(PluginRegistry.Config.builtInOnly(Workbench.class.getClassLoader())));
    }

    /** A window using the importers and analyses of {@code plugins} (built-in ones and plugin jars). */
    public Workbench(Stage stage, ParallaxHome home, TraceOpener opener, PluginRegistry plugins) {
        this.stage = stage;
        this.home = home;
        this.opener = opener;
        this.plugins = plugins;
        this.analysesPanel = new AnalysesPanel(plugins.analyses(), this::goTo);
        this.recent = new RecentFiles(home.resolve("recent.txt"));
        this.details = new DetailsPanel(ref -> {
            timeline.select(ref);
            timeline.requestFocus(); // the clicked link is gone with the old details: keep W/S/A/D working
        });
        this.aggregate = new AggregatePanel(background);
        this.explorer = new TraceExplorer(timeline, this::close);
        this.search = new SearchBar(timeline, background);
        this.tasks = new BackgroundTasks(background, new StatusTracker());
        this.views = new ViewTabs(plugins.extensions(ResultViewFactory.class), context, tasks, this::chosenSet,
                this::recordResult);
        build();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private void build() {
        timeline.selectedProperty().addListener((o, a, b) -> {
            details.show(b);
            timeline.setLinked(details.correlated());
            setStatus(b == null ? "" : "Selected: " + describe(b));
        });
        timeline.setSliceActions(ref -> dev.parallax.app.criticalpath.WhatIfMenu.items(ref,
                p -> runWithParameters(ref.set(), dev.parallax.analysis.criticalpath.CriticalPathAnalysis.ID, p)));
        timeline.areaProperty().addListener((o, a, b) -> {
            aggregate.show(b);
            if (b != null) {
                bottomTabs.getSelectionModel().select(aggregateTab);
            }
        });
        timeline.addTreeListener(this::updateSummary);
        timeline.hoveredProperty().addListener((o, a, b) -> {
            if (current == null) {
                SliceRef sel = timeline.selectedProperty().get();
                setStatus(b != null ? describe(b) : sel != null ? "Selected: " + describe(sel) : "");
            }
        });

        aggregateTab.setContent(aggregate);
        aggregateTab.setClosable(false);
        logTab.setContent(log);
        logTab.setClosable(false);
        analysesTab.setContent(analysesPanel);
        analysesTab.setClosable(false);
        bottomTabs.getTabs().addAll(aggregateTab, analysesTab);
        bottomTabs.getTabs().addAll(views.tabs());
        bottomTabs.getTabs().add(logTab);
        analysesPanel.resultView().resultProperty().addListener((o, a, b) -> {
            TraceSet set = chosenSet();
            if (b != null && set != null) {
                recordResult(set, b);
            }
        });
        setChooser.setPromptText("no trace open");
        setChooser.setCellFactory(x -> new SetCell());
        setChooser.setButtonCell(new SetCell());
        setChooser.setTooltip(new Tooltip("The trace set that analyses, the pipeline and serving views and reports use"));
        setChooser.valueProperty().addListener((o, a, b) -> analysesPanel.setTraceSet(b));
        timeline.selectedProperty().addListener((o, a, b) -> {
            if (b != null && b.set() != setChooser.getValue()) {
                setChooser.setValue(b.set());
            }
        });

        Tab detailsTab = new Tab("Details", details);
        detailsTab.setClosable(false);
        TabPane right = new TabPane(detailsTab);
        Tab explorerTab = new Tab("Traces", explorer);
        explorerTab.setClosable(false);
        TabPane left = new TabPane(explorerTab);

        SplitPane centre = new SplitPane(timeline, bottomTabs);
        centre.setOrientation(Orientation.VERTICAL);
        rememberDivider(centre, "timeline.bottom", 0.6);
        Tab timelineTab = new Tab("Timeline", centre);
        timelineTab.setClosable(false);
        costTab.setClosable(false);
        costTab.setContent(new Label("Loading the hardware and model catalogs…"));
        centreTabs.getTabs().addAll(timelineTab, costTab);
        centreTabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b == costTab && !(costTab.getContent() instanceof CostModelView)) {
                costTab.setContent(costModelView());
            }
        });
        SplitPane main = new SplitPane(left, centreTabs, right);
        main.setDividerPositions(0.17, 0.79);
        SplitPane.setResizableWithParent(left, false);
        SplitPane.setResizableWithParent(right, false);

        cancel.setVisible(false);
        cancel.setOnAction(e -> {
            if (current != null) {
                current.cancel();
            }
        });
        summary.getStyleClass().add("status-summary");
        summary.setMinWidth(Region.USE_PREF_SIZE); // a long status text is cut, the summary is not
        Label hint = new Label("W/S zoom · A/D pan · F focus · M mark · Esc clear");
        hint.setTooltip(new Tooltip("Drag across tracks to aggregate an area; Help > Keyboard Shortcuts lists all keys"));
        hint.getStyleClass().addAll("dim", "key-hint");
        hint.setMinWidth(Region.USE_PREF_SIZE);
        status.getRightItems().addAll(hint, summary, cancel);
        setStatus("Drop trace files or folders here, or use File > Open");

        root.setTop(new VBox(menuBar(), toolBar()));
        root.setCenter(main);
        root.setBottom(status);
        installFocusRules();
        drop.install(root);
        log.log(LogPanel.Level.INFO, "Parallax ready; importers: " + importerNames());
    }

    private String importerNames() {
        List<String> ids = new ArrayList<>();
        opener.importers().forEach(i -> ids.add(i.id()));
        return ids.isEmpty() ? "none installed" : String.join(", ", ids);
    }

    private MenuBar menuBar() {
        MenuItem openFile = new MenuItem("Open File…");
        openFile.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        openFile.setOnAction(e -> chooseFiles());
        MenuItem openFolder = new MenuItem("Open Folder…");
        openFolder.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+O"));
        openFolder.setOnAction(e -> chooseFolder());
        MenuItem samples = new MenuItem("Open Sample Traces");
        samples.setOnAction(e -> openSamples());
        MenuItem closeAll = new MenuItem("Close All");
        closeAll.setOnAction(e -> List.copyOf(timeline.model().sets()).forEach(this::close));
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> stage.close());
        rebuildRecentMenu();
        MenuItem export = new MenuItem("Export Report…");
        export.setAccelerator(KeyCombination.keyCombination("Shortcut+E"));
        export.setOnAction(e -> exportReport());
        Menu file = new Menu("File", null, openFile, openFolder, recentMenu, samples, new SeparatorMenuItem(), export,
                new SeparatorMenuItem(), closeAll, new SeparatorMenuItem(), quit);

        MenuItem fit = new MenuItem("Zoom to Fit");
        fit.setAccelerator(KeyCombination.keyCombination("Shortcut+0"));
        fit.setOnAction(e -> fit());
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
        showLog.setOnAction(e -> bottomTabs.getSelectionModel().select(logTab));
        Menu view = new Menu("View", null, fit, focus, mark, clear, new SeparatorMenuItem(), find,
                new SeparatorMenuItem(), collapse, expand, new SeparatorMenuItem(), showLog);

        MenuItem runAnalyses = new MenuItem("Analyses…");
        runAnalyses.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+A"));
        runAnalyses.setOnAction(e -> showTab(analysesTab));
        Menu analysis = new Menu("Analysis", null, runAnalyses, new SeparatorMenuItem());
        for (Analysis a : plugins.analyses().all()) {
            MenuItem mi = new MenuItem(a.title());
            mi.setOnAction(e -> runAnalysis(a.id()));
            analysis.getItems().add(mi);
        }
        analysis.getItems().add(new SeparatorMenuItem());
        for (ResultViewFactory f : views.factories()) {
            MenuItem mi = new MenuItem(f.title() + " (view)");
            mi.setOnAction(e -> showView(f.id(), chosenSet()));
            analysis.getItems().add(mi);
        }
        MenuItem cost = new MenuItem("Cost Model");
        cost.setOnAction(e -> centreTabs.getSelectionModel().select(costTab));
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

    private ToolBar toolBar() {
        Button openFile = new Button("Open…");
        openFile.setTooltip(new Tooltip("Open trace files (Ctrl+O)"));
        openFile.setOnAction(e -> chooseFiles());
        Button openFolder = new Button("Open Folder…");
        openFolder.setTooltip(new Tooltip("Open a folder of rank traces (Ctrl+Shift+O)"));
        openFolder.setOnAction(e -> chooseFolder());
        Button zoomIn = new Button("+");
        zoomIn.setTooltip(new Tooltip("Zoom in (W)"));
        zoomIn.setOnAction(e -> timeline.zoomAt(timeline.model().viewport().width() / 2, 0.5));
        Button zoomOut = new Button("−");
        zoomOut.setTooltip(new Tooltip("Zoom out (S)"));
        zoomOut.setOnAction(e -> timeline.zoomAt(timeline.model().viewport().width() / 2, 2));
        Button fit = new Button("Fit");
        fit.setTooltip(new Tooltip("Zoom to fit the chosen trace set (Ctrl+0)"));
        fit.setOnAction(e -> fit());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        // sized so that the whole strip fits a 1280-px window (the key hint is in the status bar)
        Label analyse = new Label("Analyse:");
        setChooser.setPrefWidth(200);
        search.field().setPrefWidth(260);
        return new ToolBar(openFile, openFolder, new javafx.scene.control.Separator(), zoomIn, zoomOut, fit,
                new javafx.scene.control.Separator(), search, new javafx.scene.control.Separator(), analyse, setChooser,
                grow);
    }

    /** Places the split's divider where the user left it last time and remembers where it is moved to. */
    private void rememberDivider(SplitPane split, String key, double fallback) {
        PaneLayout layout = new PaneLayout(home);
        split.setDividerPositions(layout.divider(key, fallback));
        javafx.animation.PauseTransition save = new javafx.animation.PauseTransition(Duration.millis(600));
        save.setOnFinished(e -> {
            double p = split.getDividerPositions()[0];
            background.execute(() -> {
                try {
                    layout.setDivider(key, p);
                } catch (IOException ex) {
                    Platform.runLater(() -> log.log(LogPanel.Level.WARNING,
                            "Could not save the pane layout: " + ex.getMessage()));
                }
            });
        });
        split.getDividers().get(0).positionProperty().addListener((o, a, b) -> {
            if (split.getScene() != null && split.getScene().getWindow() != null
                    && split.getScene().getWindow().isShowing()) {
                save.playFromStart();
            }
        });
    }

    private static String describe(SliceRef s) {
        return s.name() + "  ·  " + dev.parallax.app.timeline.TimeFormat.duration(s.end() - s.start())
                + "  ·  rank " + s.rank() + ", " + s.sliceTrack().info().label();
    }

    /** Fits the timeline to the chosen trace set (each set keeps its own origin), or to all when none is chosen. */
    public void fit() {
        timeline.fit(chosenSet());
    }

    /**
     * Every button or link action returns the keyboard to the timeline (so W/S/A/D keep working after a
     * flow link, an Analyse/Run button, a toolbar button), and Ctrl+F reaches the search field from anywhere.
     */
    private void installFocusRules() {
        root.addEventHandler(javafx.event.ActionEvent.ACTION, e -> {
            if ((e.getTarget() instanceof Button || e.getTarget() instanceof javafx.scene.control.Hyperlink)
                    && !inside((javafx.scene.Node) e.getTarget(), search)) {
                Platform.runLater(this::focusTimeline);
            }
        });
        javafx.scene.input.KeyCombination find = KeyCombination.keyCombination("Shortcut+F");
        root.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (find.match(e)) {
                search.field().requestFocus();
                search.field().selectAll();
                e.consume();
            }
        });
    }

    private static boolean inside(javafx.scene.Node n, javafx.scene.Node parent) {
        for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
            if (p == parent) {
                return true;
            }
        }
        return false;
    }

    /** Gives the keyboard to the timeline when it is the shown centre tab and nothing else claimed it. */
    private void focusTimeline() {
        if (centreTabs.getSelectionModel().getSelectedIndex() == 0 && stage.isShowing()) {
            timeline.requestFocus();
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
        a.setOnHidden(e -> focusTimeline());
        a.show();
    }

    /** The window content, for a scene. */
    public Parent root() {
        return root;
    }

    /** Builds the scene with the workbench stylesheet. */
    public Scene createScene(double w, double h) {
        Scene scene = new Scene(root, w, h);
        scene.getStylesheets().add(Workbench.class.getResource("workbench.css").toExternalForm());
        return scene;
    }

    // ---- opening ----------------------------------------------------------------------------------

    /**
     * Opens files and folders off the UI thread (the path every way of opening goes through); job results
     * among them open as job views. Returns the trace load, or null when every path was a job result.
     */
    public LoadTask open(List<Path> given) {
        // job results (from the cluster job) open as job views; the rest load as traces
        List<Path> paths = jobTabs().openJobs(given);
        if (paths.isEmpty() && !given.isEmpty()) {
            return null;
        }
        LoadTask task = new LoadTask(opener, paths);
        task.setOnRunning(e -> track(task));
        task.setOnSucceeded(e -> finished(task, task.getValue()));
        task.setOnFailed(e -> {
            Throwable ex = task.getException();
            String msg = ex == null ? "unknown error" : ex.getMessage() == null ? ex.toString() : ex.getMessage();
            finished(task, null);
            log.log(LogPanel.Level.ERROR, "Opening " + paths + " failed: " + msg);
            notify(true, "Could not open", msg);
        });
        task.setOnCancelled(e -> {
            finished(task, null);
            log.log(LogPanel.Level.INFO, "Opening " + paths + " cancelled");
            setStatus("Cancelled");
        });
        log.log(LogPanel.Level.INFO, "Opening " + paths);
        loader.execute(task);
        return task;
    }

    private dev.parallax.app.cluster.JobTabs jobTabs;

    /** Opens job results in the centre tabs and their ranks' traces on the timeline. */
    public dev.parallax.app.cluster.JobTabs jobTabs() {
        if (jobTabs == null) {
            jobTabs = new dev.parallax.app.cluster.JobTabs(centreTabs, this::open,
                    m -> log.log(LogPanel.Level.INFO, m), background, stage);
        }
        return jobTabs;
    }

    private void finished(LoadTask task, OpenResult result) {
        untrack(task);
        if (result == null) {
            return;
        }
        for (TraceSet s : result.sets()) {
            timeline.addSet(s, task.runIndexes(s));
            timeline.fit(s); // a set opens fitted to its own data
            setChooser.getItems().add(s);
            setChooser.setValue(s);
            views.opened(s);
            long slices = s.traces().stream().mapToLong(t -> t.sliceCount()).sum();
            double secs = s.traces().stream().mapToLong(t -> t.loadStats().nanos()).sum() / 1e9;
            log.log(LogPanel.Level.INFO, String.format(Locale.ROOT, "Opened %s: %d rank(s), %,d slices in %.2f s",
                    s.name(), s.size(), slices, secs));
        }
        for (String d : result.diagnostics()) {
            log.log(LogPanel.Level.WARNING, d);
        }
        for (String r : result.refused()) {
            log.log(LogPanel.Level.ERROR, r);
        }
        if (!result.refused().isEmpty()) {
            notify(true, result.refused().size() == 1 ? "A file was not opened"
                    : result.refused().size() + " files were not opened", String.join("\n", head(result.refused())));
        }
        if (!result.diagnostics().isEmpty()) {
            notify(false, "Loaded with " + result.diagnostics().size() + " note(s)",
                    String.join("\n", head(result.diagnostics())) + "\nSee View > Show Log.");
        }
        if (!result.sets().isEmpty() && !task.paths().get(0).startsWith(home.resolve("samples"))) {
            try {
                recent.add(task.paths());
            } catch (IOException ex) {
                log.log(LogPanel.Level.WARNING, "Could not save the recent-files list: " + ex.getMessage());
            }
        }
        rebuildRecentMenu();
        setStatus(result.sets().isEmpty() ? "Nothing opened" : "Opened " + result.sets().size() + " trace set(s)");
        updateTitle();
        for (Consumer<OpenResult> l : loadListeners) {
            l.accept(result);
        }
    }

    private static List<String> head(List<String> lines) {
        return lines.size() <= 4 ? lines : lines.subList(0, 4);
    }

    private void notify(boolean error, String title, String text) {
        if (stage.getScene() == null || !stage.isShowing()) {
            return;
        }
        show(Notifications.create(), title, text, error ? 12 : 8, error);
    }

    /** A notification that something finished well: no warning triangle. */
    private void notifyDone(String title, String text) {
        if (stage.getScene() != null && stage.isShowing()) {
            show(Notifications.create(), title, text, 6, null);
        }
    }

    /**
     * Shows a notification in the window's bottom-right corner, light text on the dark theme, lines cut to a
     * width that keeps it inside the window; error null: plain, true: error icon, false: warning icon.
     */
    private void show(Notifications n, String title, String text, int seconds, Boolean error) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            sb.append(sb.length() == 0 ? "" : "\n").append(line.length() <= 100 ? line : line.substring(0, 99) + "…");
        }
        n.owner(stage).darkStyle().position(javafx.geometry.Pos.BOTTOM_RIGHT).title(title).text(sb.toString())
                .hideAfter(Duration.seconds(seconds));
        if (error == null) {
            n.show();
        } else if (error) {
            n.showError();
        } else {
            n.showWarning();
        }
    }

    /** Whether the bundled samples were never opened (the very first start). */
    public boolean isFirstStart() {
        return !java.nio.file.Files.exists(home.resolve(SAMPLES_MARKER)) && !recent.exists();
    }

    private static final String SAMPLES_MARKER = "samples-opened";

    /** Opens the sample traces bundled with the app (extracted under the Parallax home). */
    public void openSamples() {
        Path dir = home.resolve("samples");
        background.execute(() -> {
            try {
                List<List<Path>> samples = SampleTraces.extractAll(dir);
                ParallaxHome.writeAtomically(home.resolve(SAMPLES_MARKER), "bundled samples opened once\n");
                Platform.runLater(() -> samples.forEach(this::open));
            } catch (IOException | RuntimeException e) {
                Platform.runLater(() -> log.log(LogPanel.Level.ERROR,
                        "Could not extract the bundled samples to " + dir + ": " + e.getMessage()));
            }
        });
    }

    /** Closes a trace set. */
    public void close(TraceSet set) {
        timeline.removeSet(set);
        setChooser.getItems().remove(set);
        sessions.forget(set);
        if (setChooser.getValue() == null && !setChooser.getItems().isEmpty()) {
            setChooser.setValue(setChooser.getItems().get(setChooser.getItems().size() - 1));
        }
        log.log(LogPanel.Level.INFO, "Closed " + set.name());
        updateTitle();
    }

    private void chooseFiles() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open trace files");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Traces", "*.json", "*.json.gz", "*.gz", "*.sqlite", "*.log",
                        "*.txt", "*.pt.trace.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        List<File> files = fc.showOpenMultipleDialog(stage);
        if (files != null) {
            drop.accept(files);
        }
    }

    private void chooseFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a folder of traces (one file per rank)");
        File dir = dc.showDialog(stage);
        if (dir != null) {
            open(List.of(dir.toPath()));
        }
    }

    private void rebuildRecentMenu() {
        recentMenu.getItems().clear();
        for (List<Path> entry : recent.entries()) {
            MenuItem mi = new MenuItem(RecentFiles.label(entry));
            mi.setMnemonicParsing(false);
            mi.setOnAction(e -> open(entry));
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

    private void updateTitle() {
        List<String> names = new ArrayList<>();
        for (TrackNode n : timeline.model().tree().roots()) {
            names.add(n.label());
        }
        stage.setTitle(names.isEmpty() ? "Parallax" : "Parallax — " + String.join(", ", names));
    }

    private void updateSummary() {
        int ranks = 0;
        long slices = 0;
        for (TraceSet s : timeline.model().sets()) {
            ranks += s.size();
            slices += s.traces().stream().mapToLong(t -> t.sliceCount()).sum();
        }
        summary.setText(timeline.model().sets().isEmpty() ? ""
                : String.format("%d set(s) · %d rank(s) · %,d slices", timeline.model().sets().size(), ranks, slices));
    }

    // ---- analyses, pipeline, serving, cost model, report, plugins ---------------------------------

    /** The trace set analyses and reports use: the one chosen in the toolbar (the latest opened by default). */
    public TraceSet chosenSet() {
        return setChooser.getValue();
    }

    /** Chooses the trace set analyses and reports use. */
    public void chooseSet(TraceSet set) {
        setChooser.setValue(set);
    }

    /** Results produced in this window for {@code set} (latest per analysis). */
    public List<Result> results(TraceSet set) {
        return sessions.results(set);
    }

    private static final class SetCell extends ListCell<TraceSet> {
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

    private void showTab(Tab t) {
        centreTabs.getSelectionModel().select(0);
        bottomTabs.getSelectionModel().select(t);
    }

    /** Moves the timeline to a place an analysis pointed at (in the chosen set). */
    private void goTo(Location loc) {
        centreTabs.getSelectionModel().select(0);
        TraceSet set = chosenSet();
        if (set != null) {
            timeline.goTo(set, loc);
        } else {
            timeline.goTo(loc);
        }
    }

    private void recordResult(TraceSet set, Result r) {
        sessions.put(set, r);
        timeline.setOverlays(set, sessions.overlays(set));
    }

    /** Runs analysis {@code id} on {@code set} with {@code params} (as if set in its sheet); its what-if in the status. */
    private void runWithParameters(TraceSet set, String id, java.util.Map<String, String> params) {
        setChooser.setValue(set);
        showTab(analysesTab);
        if (!analysesPanel.select(id)) {
            return;
        }
        params.forEach(analysesPanel::setParameter);
        Task<Result> t = analysesPanel.runSelected();
        if (t != null) {
            t.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_SUCCEEDED,
                    e -> status.setText(dev.parallax.app.criticalpath.WhatIfMenu.summary(t.getValue())));
        }
    }

    /** Selects analysis {@code id} in the Analyses tab and runs it on the chosen set. */
    public Task<Result> runAnalysis(String id) {
        showTab(analysesTab);
        if (chosenSet() == null || !analysesPanel.select(id)) {
            setStatus("Open a trace first");
            return null;
        }
        return analysesPanel.runSelected();
    }

    /**
     * Prepares the contributed view {@code id} (e.g. {@code pipeline}, {@code serving}) for {@code set} in the
     * background and shows its tab; false when there is no such view or no set.
     */
    public boolean showView(String id, TraceSet set) {
        if (set == null) {
            setStatus("Open a trace first");
            return false;
        }
        boolean shown = views.show(id, set);
        views.tab(id).ifPresent(this::showTab);
        return shown;
    }

    /** The tab of contributed view {@code id}. */
    public java.util.Optional<Tab> viewTab(String id) {
        return views.tab(id);
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

    private CostModelView costModelView() {
        Catalog catalog;
        try {
            catalog = Catalog.load(Path.of(System.getProperty("user.home")), List.of());
        } catch (RuntimeException e) {
            log.log(LogPanel.Level.WARNING, "User catalog not read (" + e.getMessage() + "); using the built-in one");
            catalog = Catalog.builtIn();
        }
        return new CostModelView(catalog, setChooser.getItems(), context, this::recordResult);
    }

    /** File > Export Report…: the chosen set with this window's results for it, and the area selection. */
    public void exportReport() {
        TraceSet set = chosenSet();
        if (set == null) {
            setStatus("Open a trace to export a report");
            return;
        }
        AreaSelection area = timeline.areaProperty().get();
        long t0 = area == null ? -1 : area.absoluteStart(set);
        long t1 = area == null ? -1 : area.absoluteEnd(set);
        Path name = Path.of(set.name()).getFileName();
        Path file = Path.of(System.getProperty("user.home"),
                (name == null ? "parallax" : name.toString().replaceAll("\\.(json|gz|sqlite)$", "")) + "-report.pdf");
        ExportReportPane pane = new ExportReportPane(set, sessions.results(set), t0, t1, file);
        Stage dialog = new Stage();
        dialog.initOwner(stage);
        dialog.setTitle("Export report — " + set.name());
        Scene scene = new Scene(pane, 860, 520);
        if (stage.getScene() != null) {
            scene.getStylesheets().addAll(stage.getScene().getStylesheets());
        }
        dialog.setScene(scene);
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                dialog.close();
                e.consume();
            }
        });
        dialog.setOnHidden(e -> focusTimeline());
        pane.writtenProperty().addListener((o, a, b) -> {
            if (b != null) {
                log.log(LogPanel.Level.INFO, "Report written to " + b);
                notifyDone("Report exported", b.toString());
            }
        });
        dialog.show();
    }

    private void showPlugins() {
        PluginsDialog d = new PluginsDialog(plugins);
        d.initOwner(stage);
        d.showAndWait().ifPresent(r -> log.log(LogPanel.Level.INFO,
                "Plugin choices saved; they take effect when Parallax starts again"));
        focusTimeline();
    }

    /** The plugin registry this window uses. */
    public PluginRegistry plugins() {
        return plugins;
    }

    public AnalysesPanel analysesPanel() {
        return analysesPanel;
    }

    /** The pipeline view's tab. */
    public Tab pipelineTab() {
        return views.tab("pipeline").orElseThrow();
    }

    /** The serving view's tab. */
    public Tab servingTab() {
        return views.tab("serving").orElseThrow();
    }

    // ---- accessors --------------------------------------------------------------------------------

    public Stage stage() {
        return stage;
    }

    public TimelineView timeline() {
        return timeline;
    }

    public TraceExplorer explorer() {
        return explorer;
    }

    public DetailsPanel details() {
        return details;
    }

    public AggregatePanel aggregate() {
        return aggregate;
    }

    public SearchBar search() {
        return search;
    }

    public LogPanel log() {
        return log;
    }

    public StatusBar statusBar() {
        return status;
    }

    public DropHandler dropHandler() {
        return drop;
    }

    public RecentFiles recentFiles() {
        return recent;
    }

    public ParallaxHome home() {
        return home;
    }

    /** Whether a load is running. */
    public boolean isLoading() {
        return current instanceof LoadTask && current.getState() == Worker.State.RUNNING;
    }

    /** Runs {@code l} on the UI thread after each finished load. */
    public void addLoadListener(Consumer<OpenResult> l) {
        loadListeners.add(l);
    }

    /** Shows {@code text} in the status bar unless background work is shown there. */
    private void setStatus(String text) {
        if (!status.textProperty().isBound()) {
            status.setText(text);
        }
    }

    private void track(Task<?> task) {
        current = task;
        cancel.setVisible(true);
        status.textProperty().bind(task.messageProperty());
        status.progressProperty().bind(task.progressProperty());
    }

    private void untrack(Task<?> task) {
        if (current == task) {
            current = null;
            cancel.setVisible(false);
            status.textProperty().unbind();
            status.progressProperty().unbind();
            status.setProgress(0);
        }
    }

    /** Shows background work in the status bar; failures go to the log and a notification. */
    private final class StatusTracker implements BackgroundTasks.Listener {
        @Override
        public void started(Task<?> task, String title) {
            track(task);
        }

        @Override
        public void ended(Task<?> task) {
            untrack(task);
        }

        @Override
        public void failed(String title, Throwable error) {
            log.log(LogPanel.Level.ERROR, title + " failed: " + BackgroundTasks.message(error));
            Workbench.this.notify(true, title + " failed", BackgroundTasks.message(error));
        }
    }

    /** What contributed views and menus may do in this window. */
    private final class Context implements ViewContext {
        @Override
        public void select(TraceSet set, Location location) {
            chooseSet(set);
            goTo(location);
        }

        @Override
        public void showRange(TraceSet set, long start, long end) {
            centreTabs.getSelectionModel().select(0);
            timeline.showRange(set, start, end);
        }

        @Override
        public Result run(String analysisId, TraceSet set, ParameterValues parameters, Progress progress) {
            Analysis a = plugins.analyses().byId(analysisId).orElseThrow(() -> new IllegalArgumentException(
                    "no analysis '" + analysisId + "' is installed (see Help > Plugins)"));
            return a.run(set, parameters, progress);
        }

        @Override
        public <T> Background background(String title, Work<T> work, Consumer<T> done) {
            return BackgroundTasks.handle(tasks.submit(title, work, done));
        }

        @Override
        public void log(String message) {
            log.log(LogPanel.Level.INFO, message);
        }

        @Override
        public javafx.stage.Window owner() {
            return stage;
        }

        @Override
        public Path home() {
            return home.dir();
        }

        @Override
        public void open(List<Path> paths) {
            Workbench.this.open(paths);
        }

        @Override
        public void showLive(TraceSet set) {
            timeline.addSet(set);
        }

        @Override
        public void removeLive(TraceSet set) {
            timeline.removeSet(set);
        }
    }

    /** Stops the worker threads (when the window closes). */
    public void shutdown() {
        if (current != null) {
            current.cancel();
        }
        loader.shutdownNow();
        background.shutdownNow();
    }
}
