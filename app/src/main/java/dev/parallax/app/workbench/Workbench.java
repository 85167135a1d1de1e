package dev.parallax.app.workbench;

import dev.parallax.app.details.AggregatePanel;
import dev.parallax.app.details.DetailsPanel;
import dev.parallax.app.explorer.TraceExplorer;
import dev.parallax.app.search.SearchBar;
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
    private LoadTask current;

    public Workbench(Stage stage, ParallaxHome home, TraceOpener opener) {
        this.stage = stage;
        this.home = home;
        this.opener = opener;
        this.recent = new RecentFiles(home.resolve("recent.txt"));
        this.details = new DetailsPanel(timeline::select);
        this.aggregate = new AggregatePanel(background);
        this.explorer = new TraceExplorer(timeline, this::close);
        this.search = new SearchBar(timeline, background);
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
        });
        timeline.areaProperty().addListener((o, a, b) -> {
            aggregate.show(b);
            if (b != null) {
                bottomTabs.getSelectionModel().select(aggregateTab);
            }
        });
        timeline.addTreeListener(this::updateSummary);
        timeline.hoveredProperty().addListener((o, a, b) -> {
            if (current == null && b != null) {
                status.setText(b.name() + "  ·  " + dev.parallax.app.timeline.TimeFormat.duration(b.end() - b.start())
                        + "  ·  rank " + b.rank() + ", " + b.sliceTrack().info().label());
            }
        });

        aggregateTab.setContent(aggregate);
        aggregateTab.setClosable(false);
        logTab.setContent(log);
        logTab.setClosable(false);
        bottomTabs.getTabs().addAll(aggregateTab, logTab);

        Tab detailsTab = new Tab("Details", details);
        detailsTab.setClosable(false);
        TabPane right = new TabPane(detailsTab);
        Tab explorerTab = new Tab("Traces", explorer);
        explorerTab.setClosable(false);
        TabPane left = new TabPane(explorerTab);

        SplitPane centre = new SplitPane(timeline, bottomTabs);
        centre.setOrientation(Orientation.VERTICAL);
        centre.setDividerPositions(0.74);
        SplitPane main = new SplitPane(left, centre, right);
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
        status.getRightItems().addAll(summary, cancel);
        status.setText("Drop trace files or folders here, or use File > Open");

        root.setTop(new VBox(menuBar(), toolBar()));
        root.setCenter(main);
        root.setBottom(status);
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
        Menu file = new Menu("File", null, openFile, openFolder, recentMenu, samples, new SeparatorMenuItem(), closeAll,
                new SeparatorMenuItem(), quit);

        MenuItem fit = new MenuItem("Zoom to Fit");
        fit.setAccelerator(KeyCombination.keyCombination("Shortcut+0"));
        fit.setOnAction(e -> timeline.showAll());
        MenuItem focus = new MenuItem("Focus Selection  (F)");
        focus.setOnAction(e -> timeline.focusSelection());
        MenuItem mark = new MenuItem("Mark Selection Range  (M)");
        mark.setOnAction(e -> timeline.markSelection());
        MenuItem clear = new MenuItem("Clear Selection  (Esc)");
        clear.setOnAction(e -> timeline.clearSelection());
        MenuItem find = new MenuItem("Find…");
        find.setAccelerator(KeyCombination.keyCombination("Shortcut+F"));
        find.setOnAction(e -> search.field().requestFocus());
        MenuItem collapse = new MenuItem("Collapse All Processes");
        collapse.setOnAction(e -> setProcessesCollapsed(true));
        MenuItem expand = new MenuItem("Expand All");
        expand.setOnAction(e -> setProcessesCollapsed(false));
        MenuItem showLog = new MenuItem("Show Log");
        showLog.setOnAction(e -> bottomTabs.getSelectionModel().select(logTab));
        Menu view = new Menu("View", null, fit, focus, mark, clear, new SeparatorMenuItem(), find,
                new SeparatorMenuItem(), collapse, expand, new SeparatorMenuItem(), showLog);

        MenuItem keys = new MenuItem("Keyboard Shortcuts");
        keys.setOnAction(e -> showKeys());
        Menu help = new Menu("Help", null, keys);
        MenuBar bar = new MenuBar(file, view, help);
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
        fit.setTooltip(new Tooltip("Zoom to fit (Ctrl+0)"));
        fit.setOnAction(e -> timeline.showAll());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label hint = new Label("W/S zoom · A/D pan · drag: area · F focus · M mark · Esc clear");
        hint.getStyleClass().add("dim");
        return new ToolBar(openFile, openFolder, new javafx.scene.control.Separator(), zoomIn, zoomOut, fit,
                new javafx.scene.control.Separator(), search, grow, hint);
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

    /** Opens files and folders off the UI thread (the path every way of opening goes through). */
    public LoadTask open(List<Path> paths) {
        LoadTask task = new LoadTask(opener, paths);
        task.setOnRunning(e -> {
            current = task;
            cancel.setVisible(true);
            status.textProperty().bind(task.messageProperty());
            status.progressProperty().bind(task.progressProperty());
        });
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
            status.setText("Cancelled");
        });
        log.log(LogPanel.Level.INFO, "Opening " + paths);
        loader.execute(task);
        return task;
    }

    private void finished(LoadTask task, OpenResult result) {
        if (current == task) {
            current = null;
            cancel.setVisible(false);
            status.textProperty().unbind();
            status.progressProperty().unbind();
            status.setProgress(0);
        }
        if (result == null) {
            return;
        }
        for (TraceSet s : result.sets()) {
            timeline.addSet(s, task.runIndexes(s));
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
        status.setText(result.sets().isEmpty() ? "Nothing opened" : "Opened " + result.sets().size() + " trace set(s)");
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
        Notifications n = Notifications.create().owner(stage).title(title).text(text)
                .hideAfter(Duration.seconds(error ? 12 : 8));
        if (error) {
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
        return current != null && current.getState() == Worker.State.RUNNING;
    }

    /** Runs {@code l} on the UI thread after each finished load. */
    public void addLoadListener(Consumer<OpenResult> l) {
        loadListeners.add(l);
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
