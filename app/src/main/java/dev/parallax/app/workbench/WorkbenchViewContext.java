package dev.parallax.app.workbench;

import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.app.fx.BackgroundTasks;
import dev.parallax.app.timeline.TimelineView;
import dev.parallax.app.view.ViewContext;
import dev.parallax.plugin.PluginRegistry;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** What contributed views and menus may do in the workbench window. */
final class WorkbenchViewContext implements ViewContext {
    private final PluginRegistry plugins;
    private final BackgroundTasks tasks;
    private final LogPanel log;
    private final Stage stage;
    private final ParallaxHome home;
    private final TimelineView timeline;
    private final Runnable showTimeline;
    private final BiConsumer<TraceSet, Location> select;
    private final Consumer<List<Path>> open;

    /**
     * {@code showTimeline} brings the timeline tab to the front, {@code select} chooses a set and moves the
     * timeline to a location in it, {@code open} opens paths as the File menu does.
     */
    WorkbenchViewContext(PluginRegistry plugins, BackgroundTasks tasks, LogPanel log, Stage stage, ParallaxHome home,
                         TimelineView timeline, Runnable showTimeline, BiConsumer<TraceSet, Location> select,
                         Consumer<List<Path>> open) {
        this.plugins = plugins;
        this.tasks = tasks;
        this.log = log;
        this.stage = stage;
        this.home = home;
        this.timeline = timeline;
        this.showTimeline = showTimeline;
        this.select = select;
        this.open = open;
    }

    @Override
    public void select(TraceSet set, Location location) {
        select.accept(set, location);
    }

    @Override
    public void showRange(TraceSet set, long start, long end) {
        showTimeline.run();
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
        open.accept(paths);
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
