package dev.parallax.app.view;

import dev.parallax.analysis.Location;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the workbench offers a contributed view or menu: moving the timeline, running analyses through the
 * plugin registry, background work with progress, Cancel and error reporting, and the log. Implemented by the
 * workbench; every method except {@link #run} is called on the JavaFX thread.
 */
public interface ViewContext {
    /** Shows {@code location} of {@code set} on the timeline (selects its slice when it names one). */
    void select(TraceSet set, Location location);

    /** Shows the absolute time range {@code [start, end)} (ns) of {@code set} on the timeline. */
    void showRange(TraceSet set, long start, long end);

    /**
     * Runs the analysis {@code analysisId} of the plugin registry on {@code set} with {@code parameters}
     * (guarded: a failing plugin yields a result with an error finding). Call it off the JavaFX thread, e.g.
     * from {@link ResultViewFactory#prepare} or {@link #background}. A result that does not apply is returned as
     * such ({@link Result#applies()} false, with the reason).
     */
    Result run(String analysisId, TraceSet set, ParameterValues parameters, Progress progress);

    /** {@link #run} with the analysis's default parameters. */
    default Result run(String analysisId, TraceSet set, Progress progress) {
        return run(analysisId, set, ParameterValues.defaults(), progress);
    }

    /**
     * Runs {@code work} on a worker thread with its progress and a Cancel button in the status bar; on success
     * {@code done} gets the value on the JavaFX thread; a failure goes to the log and a notification titled
     * {@code title}; cancellation is quiet. Returns a handle to cancel it.
     */
    <T> Background background(String title, Work<T> work, Consumer<T> done);

    /** Writes a line to the workbench log. */
    void log(String message);

    /** The workbench window, as owner of dialogs. */
    Window owner();

    /** Parallax's per-user folder (recordings, caches). */
    Path home();

    /** Opens files as File &gt; Open does (off the JavaFX thread). */
    void open(List<Path> paths);

    /** Shows a live trace set on the timeline (e.g. counters being recorded); it is not a chosen set. */
    void showLive(TraceSet set);

    /** Removes a set shown with {@link #showLive}. */
    void removeLive(TraceSet set);

    /** Background work that reports progress and stops when cancelled. */
    @FunctionalInterface
    interface Work<T> {
        T run(Progress progress) throws Exception;
    }

    /** A running piece of background work. */
    interface Background {
        void cancel();

        boolean isDone();
    }
}
