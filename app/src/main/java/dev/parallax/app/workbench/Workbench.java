package dev.parallax.app.workbench;

import dev.parallax.analysis.Location;
import dev.parallax.analysis.Result;
import dev.parallax.app.analysis.AnalysesPanel;
import dev.parallax.app.details.AggregatePanel;
import dev.parallax.app.fx.BackgroundTasks;
import dev.parallax.app.view.ResultViewFactory;
import dev.parallax.app.view.ViewContext;
import dev.parallax.plugin.PluginRegistry;
import javafx.concurrent.Task;
import javafx.scene.control.ComboBox;
import dev.parallax.app.details.DetailsPanel;
import dev.parallax.app.explorer.TraceExplorer;
import dev.parallax.app.search.SearchBar;
import dev.parallax.app.timeline.TimelineView;
import dev.parallax.app.timeline.TrackNode;
import dev.parallax.trace.TraceSet;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    private final ExecutorService loader = Executors.newSingleThreadExecutor(TaskTracker.daemon("trace-loader"));
    private final ExecutorService background = Executors.newCachedThreadPool(TaskTracker.daemon("workbench-worker"));
    private final TimelineView timeline = new TimelineView();
    private final DetailsPanel details;
    private final AggregatePanel aggregate;
    private final LogPanel log = new LogPanel();
    private final TraceExplorer explorer;
    private final SearchBar search;
    private final TabPane bottomTabs = new TabPane();
    private final Tab aggregateTab = new Tab("Area selection");
    private final Tab logTab = new Tab("Log");
    private final DropHandler drop = new DropHandler(this::open);
    private final List<Consumer<OpenResult>> loadListeners = new ArrayList<>();
    private final BorderPane root = new BorderPane();
    private final PluginRegistry plugins;
    private final AnalysisSessions sessions = new AnalysisSessions();
    private final ComboBox<TraceSet> setChooser = new ComboBox<>();
    private final AnalysesPanel analysesPanel;
    private final Tab analysesTab = new Tab("Analyses");
    private final TabPane centreTabs = new TabPane();
    private final CostModelTab costModel;
    private final FirstStartSamples samples;
    private final WorkbenchNotifier notifier;
    private final TaskTracker tracker;
    private final BackgroundTasks tasks;
    private final ViewContext context;
    private final ViewTabs views;
    private final WorkbenchMenus menus;
    private final LoadOutcome outcome;
    private final ReportExport report;
    private final WorkbenchActions actions;

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
        this.notifier = new WorkbenchNotifier(stage);
        this.tracker = new TaskTracker(log, notifier);
        this.tasks = new BackgroundTasks(background, tracker.listener());
        this.context = new WorkbenchViewContext(plugins, tasks, log, stage, home, timeline,
                () -> centreTabs.getSelectionModel().select(0), (set, loc) -> {
                    chooseSet(set);
                    goTo(loc);
                }, this::open);
        this.views = new ViewTabs(plugins.extensions(ResultViewFactory.class), context, tasks, this::chosenSet,
                this::recordResult);
        this.costModel = new CostModelTab(log, setChooser.getItems(), context, this::recordResult);
        this.actions = new WorkbenchActions(() -> OpenDialogs.chooseFiles(stage, drop::accept),
                () -> OpenDialogs.chooseFolder(stage, this::open), this::openSamples, this::open,
                () -> List.copyOf(timeline.model().sets()).forEach(this::close), stage::close, this::exportReport,
                this::fit, () -> showTab(analysesTab), () -> centreTabs.getSelectionModel().select(costModel.tab()),
                () -> bottomTabs.getSelectionModel().select(logTab), this::runAnalysis,
                id -> showView(id, chosenSet()), this::focusTimeline, this::askClockShift);
        this.menus = new WorkbenchMenus(stage, timeline, search, plugins, views.factories(), recent, log, context,
                actions);
        this.outcome = new LoadOutcome(tracker, timeline, setChooser, views::opened, log, notifier, recent, home,
                menus::rebuildRecentMenu, this::setStatus, result -> {
                    updateTitle();
                    loadListeners.forEach(l -> l.accept(result));
                });
        this.report = new ReportExport(stage, log, notifier, this::focusTimeline);
        this.samples = new FirstStartSamples(home, recent, background, log, this::open);
        build();
    }

    private void build() {
        timeline.selectedProperty().addListener((o, a, b) -> {
            details.show(b);
            timeline.setLinked(details.correlated());
        });
        tracker.follow(timeline);
        timeline.setSliceActions(ref -> dev.parallax.app.criticalpath.WhatIfMenu.items(ref,
                p -> runWithParameters(ref.set(), dev.parallax.analysis.criticalpath.CriticalPathAnalysis.ID, p)));
        timeline.areaProperty().addListener((o, a, b) -> {
            aggregate.show(b);
            if (b != null) {
                bottomTabs.getSelectionModel().select(aggregateTab);
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
        TraceSetCell.install(setChooser);
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
        DividerMemory.remember(centre, "timeline.bottom", 0.6, home, background, log);
        Tab timelineTab = new Tab("Timeline", centre);
        timelineTab.setClosable(false);
        centreTabs.getTabs().addAll(timelineTab, costModel.tab());
        costModel.loadWhenShown(centreTabs);
        SplitPane main = new SplitPane(left, centreTabs, right);
        main.setDividerPositions(0.17, 0.79);
        SplitPane.setResizableWithParent(left, false);
        SplitPane.setResizableWithParent(right, false);

        setStatus("Drop trace files or folders here, or use File > Open");

        root.setTop(new VBox(menus.menuBar(), WorkbenchToolBar.build(actions, timeline, search, setChooser)));
        root.setCenter(main);
        root.setBottom(tracker.bar());
        FocusRules.install(root, search, this::focusTimeline);
        drop.install(root);
        log.log(LogPanel.Level.INFO, "Parallax ready; importers: " + importerNames());
    }

    private String importerNames() {
        List<String> ids = new ArrayList<>();
        opener.importers().forEach(i -> ids.add(i.id()));
        return ids.isEmpty() ? "none installed" : String.join(", ", ids);
    }

    /** Fits the timeline to the chosen trace set (each set keeps its own origin), or to all when none is chosen. */
    public void fit() {
        timeline.fit(chosenSet());
    }

    /** Gives the keyboard to the timeline when it is the shown centre tab and nothing else claimed it. */
    private void focusTimeline() {
        if (centreTabs.getSelectionModel().getSelectedIndex() == 0 && stage.isShowing()) {
            timeline.requestFocus();
        }
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
        outcome.watch(task, paths);
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

    /** Whether the bundled samples were never opened (the very first start). */
    public boolean isFirstStart() {
        return samples.isFirstStart();
    }

    /** Opens the sample traces bundled with the app (extracted under the Parallax home). */
    public void openSamples() {
        samples.open();
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

    /**
     * Moves rank {@code rank} of {@code set} by {@code deltaNs} (a log or scrape on another clock): the set is
     * replaced by the shifted one in the timeline and the set chooser, fitted, and its earlier results dropped.
     */
    public TraceSet shiftClock(TraceSet set, int rank, long deltaNs) {
        TraceSet moved = ClockShift.shift(set, rank, deltaNs);
        boolean chosen = setChooser.getValue() == set;
        int at = setChooser.getItems().indexOf(set);
        timeline.removeSet(set);
        sessions.forget(set);
        timeline.addSet(moved);
        timeline.fit(moved);
        if (at >= 0) {
            setChooser.getItems().set(at, moved);
        }
        if (chosen || at < 0) {
            setChooser.setValue(moved);
        }
        log.log(LogPanel.Level.INFO, "Shifted rank " + rank + " of " + set.name() + " by "
                + dev.parallax.analysis.UnitFormat.duration(deltaNs));
        updateTitle();
        focusTimeline();
        return moved;
    }

    /** Asks for a rank of the chosen set and an offset, then shifts it ({@link #shiftClock}). */
    private void askClockShift() {
        TraceSet set = chosenSet();
        if (set == null) {
            log.log(LogPanel.Level.WARNING, "Shift Clock: no trace set is open");
            return;
        }
        ClockShift.ask(stage, set).ifPresentOrElse(a -> shiftClock(set, (int) a[0], a[1]),
                this::focusTimeline);
    }

    private void updateTitle() {
        List<String> names = new ArrayList<>();
        for (TrackNode n : timeline.model().tree().roots()) {
            names.add(n.label());
        }
        stage.setTitle(names.isEmpty() ? "Parallax" : "Parallax — " + String.join(", ", names));
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
                    e -> tracker.bar().setText(dev.parallax.app.criticalpath.WhatIfMenu.summary(t.getValue())));
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

    /** File > Export Report…: the chosen set with this window's results for it, and the area selection. */
    public void exportReport() {
        TraceSet set = chosenSet();
        if (set == null) {
            setStatus("Open a trace to export a report");
            return;
        }
        report.show(set, sessions.results(set), timeline.areaProperty().get());
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
        return tracker.bar();
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
        return tracker.isLoading();
    }

    /** Runs {@code l} on the UI thread after each finished load. */
    public void addLoadListener(Consumer<OpenResult> l) {
        loadListeners.add(l);
    }

    /** Shows {@code text} in the status bar unless background work is shown there. */
    private void setStatus(String text) {
        tracker.setStatus(text);
    }

    /** Stops the worker threads (when the window closes). */
    public void shutdown() {
        tracker.cancelCurrent();
        loader.shutdownNow();
        background.shutdownNow();
    }
}
