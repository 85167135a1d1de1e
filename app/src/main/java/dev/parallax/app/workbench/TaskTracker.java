package dev.parallax.app.workbench;

import dev.parallax.app.fx.BackgroundTasks;
import dev.parallax.app.timeline.SliceRef;
import dev.parallax.app.timeline.TimelineView;
import dev.parallax.trace.TraceSet;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import org.controlsfx.control.StatusBar;

import java.util.concurrent.ThreadFactory;

/** The workbench's status bar: the running task's message, progress and Cancel, the key hint and the summary. */
final class TaskTracker {
    private final StatusBar status = new StatusBar();
    private final Button cancel = new Button("Cancel");
    private final Label summary = new Label();
    private final LogPanel log;
    private final WorkbenchNotifier notifier;
    private Task<?> current;

    TaskTracker(LogPanel log, WorkbenchNotifier notifier) {
        this.log = log;
        this.notifier = notifier;
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
    }

    StatusBar bar() {
        return status;
    }

    /** Whether no task is shown in the status bar. */
    boolean idle() {
        return current == null;
    }

    /** Whether a load is running. */
    boolean isLoading() {
        return current instanceof LoadTask && current.getState() == Worker.State.RUNNING;
    }

    /** Cancels the shown task, if any. */
    void cancelCurrent() {
        if (current != null) {
            current.cancel();
        }
    }

    /** Shows {@code text} in the status bar unless background work is shown there. */
    void setStatus(String text) {
        if (!status.textProperty().isBound()) {
            status.setText(text);
        }
    }

    void track(Task<?> task) {
        current = task;
        cancel.setVisible(true);
        status.textProperty().bind(task.messageProperty());
        status.progressProperty().bind(task.progressProperty());
    }

    void untrack(Task<?> task) {
        if (current == task) {
            current = null;
            cancel.setVisible(false);
            status.textProperty().unbind();
            status.progressProperty().unbind();
            status.setProgress(0);
        }
    }

    /** Shows the selected or hovered slice in the status bar and keeps the summary of what is open current. */
    void follow(TimelineView timeline) {
        timeline.selectedProperty().addListener((o, a, b) -> setStatus(b == null ? "" : "Selected: " + describe(b)));
        timeline.addTreeListener(() -> updateSummary(timeline));
        timeline.hoveredProperty().addListener((o, a, b) -> {
            if (idle()) {
                SliceRef sel = timeline.selectedProperty().get();
                setStatus(b != null ? describe(b) : sel != null ? "Selected: " + describe(sel) : "");
            }
        });
    }

    /** A thread factory of daemon threads named {@code name} (background work never keeps the app running). */
    static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private void updateSummary(TimelineView timeline) {
        int ranks = 0;
        long slices = 0;
        for (TraceSet s : timeline.model().sets()) {
            ranks += s.size();
            slices += s.traces().stream().mapToLong(t -> t.sliceCount()).sum();
        }
        summary.setText(timeline.model().sets().isEmpty() ? ""
                : String.format("%d set(s) · %d rank(s) · %,d slices", timeline.model().sets().size(), ranks, slices));
    }

    private static String describe(SliceRef s) {
        return s.name() + "  ·  " + dev.parallax.app.timeline.TimeFormat.duration(s.end() - s.start())
                + "  ·  rank " + s.rank() + ", " + s.sliceTrack().info().label();
    }

    /** Shows background work in the status bar; failures go to the log and a notification. */
    BackgroundTasks.Listener listener() {
        return new BackgroundTasks.Listener() {
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
                notifier.notify(true, title + " failed", BackgroundTasks.message(error));
            }
        };
    }
}
