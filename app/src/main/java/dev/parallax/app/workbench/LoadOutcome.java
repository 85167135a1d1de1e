package dev.parallax.app.workbench;

import dev.parallax.app.timeline.TimelineView;
import dev.parallax.trace.TraceSet;
import javafx.scene.control.ComboBox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** What the workbench does when a load ends: adds the sets, logs and notifies problems, records recent files. */
final class LoadOutcome {
    private final TaskTracker tracker;
    private final TimelineView timeline;
    private final ComboBox<TraceSet> setChooser;
    private final Consumer<TraceSet> opened;
    private final LogPanel log;
    private final WorkbenchNotifier notifier;
    private final RecentFiles recent;
    private final ParallaxHome home;
    private final Runnable recentChanged;
    private final Consumer<String> status;
    private final Consumer<OpenResult> loaded;

    /**
     * {@code opened} tells the views a set opened; {@code recentChanged} rebuilds the recent menu;
     * {@code loaded} runs last after each load that finished with a result.
     */
    LoadOutcome(TaskTracker tracker, TimelineView timeline, ComboBox<TraceSet> setChooser, Consumer<TraceSet> opened, LogPanel log,
                WorkbenchNotifier notifier, RecentFiles recent, ParallaxHome home, Runnable recentChanged,
                Consumer<String> status, Consumer<OpenResult> loaded) {
        this.tracker = tracker;
        this.timeline = timeline;
        this.setChooser = setChooser;
        this.opened = opened;
        this.log = log;
        this.notifier = notifier;
        this.recent = recent;
        this.home = home;
        this.recentChanged = recentChanged;
        this.status = status;
        this.loaded = loaded;
    }

    /** Shows {@code task} (opening {@code paths}) in the status bar and handles how it ends. */
    void watch(LoadTask task, List<Path> paths) {
        task.setOnRunning(e -> tracker.track(task));
        task.setOnSucceeded(e -> finished(task, task.getValue()));
        task.setOnFailed(e -> {
            Throwable ex = task.getException();
            String msg = ex == null ? "unknown error" : ex.getMessage() == null ? ex.toString() : ex.getMessage();
            finished(task, null);
            log.log(LogPanel.Level.ERROR, "Opening " + paths + " failed: " + msg);
            notifier.notify(true, "Could not open", msg);
        });
        task.setOnCancelled(e -> {
            finished(task, null);
            log.log(LogPanel.Level.INFO, "Opening " + paths + " cancelled");
            status.accept("Cancelled");
        });
    }

    private void finished(LoadTask task, OpenResult result) {
        tracker.untrack(task);
        if (result == null) {
            return;
        }
        apply(task, result);
        loaded.accept(result);
    }

    private void apply(LoadTask task, OpenResult result) {
        for (TraceSet s : result.sets()) {
            timeline.addSet(s, task.runIndexes(s));
            timeline.fit(s); // a set opens fitted to its own data
            setChooser.getItems().add(s);
            setChooser.setValue(s);
            opened.accept(s);
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
            notifier.notify(true, result.refused().size() == 1 ? "A file was not opened"
                    : result.refused().size() + " files were not opened", String.join("\n", head(result.refused())));
        }
        if (!result.diagnostics().isEmpty()) {
            boolean unaligned = result.diagnostics().stream().anyMatch(d -> d.contains("NOT aligned"));
            notifier.notify(false, "Loaded with " + result.diagnostics().size() + " note(s)",
                    String.join("\n", head(result.diagnostics())) + "\nSee View > Show Log."
                            + (unaligned ? " View > Shift Clock of a Rank… moves a log by hand." : ""));
        }
        if (!result.sets().isEmpty() && !task.paths().get(0).startsWith(home.resolve("samples"))) {
            try {
                recent.add(task.paths());
            } catch (IOException ex) {
                log.log(LogPanel.Level.WARNING, "Could not save the recent-files list: " + ex.getMessage());
            }
        }
        recentChanged.run();
        status.accept(result.sets().isEmpty() ? "Nothing opened" : "Opened " + result.sets().size() + " trace set(s)");
    }

    private static List<String> head(List<String> lines) {
        return lines.size() <= 4 ? lines : lines.subList(0, 4);
    }
}
