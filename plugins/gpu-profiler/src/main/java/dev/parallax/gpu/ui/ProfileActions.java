package dev.parallax.gpu.ui;

import dev.parallax.gpu.sampler.GpuSampler;
import dev.parallax.gpu.trace.TracedLaunch;
import dev.parallax.trace.TraceSet;
import javafx.concurrent.Task;
import javafx.stage.Window;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The workbench's Profile menu: {@link #recordGpuMetrics()} (live NVML counters, shown on the timeline
 * while recording and kept as a trace) and {@link #launchAndTrace()} (run a command under the CUPTI
 * injection and the sampler, then open its trace). Everything the workbench needs comes in through the
 * constructor; call the actions on the FX thread. Recordings and traces go to
 * {@code <parallax home>/recordings}. Nothing here blocks the FX thread, and a machine without an
 * NVIDIA driver gets a message naming what is missing instead of an error.
 */
public final class ProfileActions {
    /** Where a live recording is shown while it grows: the workbench adds/removes that set on its timeline. */
    public interface LiveTraceSink {
        /** Adds a set to the timeline (called on the FX thread). */
        void show(TraceSet set);

        /** Takes a set that {@link #show} added off the timeline again (called on the FX thread). */
        void remove(TraceSet set);
    }

    private final Window owner;
    private final RecordingFiles files;
    private final Consumer<List<Path>> openPaths;
    private final LiveTraceSink live;
    private final Consumer<String> log;
    private UnaryOperator<GpuSampler.Options> samplerOptions = UnaryOperator.identity();
    private RecordMetricsWindow recordWindow;
    private TracedLaunchWindow lastLaunch;

    /**
     * @param owner        window the Profile windows belong to (may be null)
     * @param parallaxHome the user's Parallax folder; recordings go to its {@code recordings} folder
     * @param openPaths    opens files as a trace set (as File > Open does); called on the FX thread
     * @param live         shows/removes the live GPU metrics set on the timeline
     * @param log          one line per event for the workbench log; called on the FX thread
     */
    public ProfileActions(Window owner, Path parallaxHome, Consumer<List<Path>> openPaths, LiveTraceSink live,
                          Consumer<String> log) {
        this.owner = owner;
        this.files = new RecordingFiles(Objects.requireNonNull(parallaxHome));
        this.openPaths = Objects.requireNonNull(openPaths);
        this.live = Objects.requireNonNull(live);
        this.log = Objects.requireNonNull(log);
    }

    /**
     * Profile > Record GPU metrics: shows the (single, non-modal) recording window, or brings it to the
     * front when it is open already.
     */
    public void recordGpuMetrics() {
        if (recordWindow == null) {
            recordWindow = new RecordMetricsWindow(owner, files, openPaths, live, log,
                    o -> samplerOptions.apply(o));
        }
        recordWindow.show();
    }

    /**
     * Profile > Launch and trace…: asks for the command (trace file defaults to
     * {@code recordings/trace-<time>.json}, working folder to the user's home) and runs it with
     * {@link #launch}. Does nothing when the dialog is cancelled.
     */
    public void launchAndTrace() {
        Path output = files.stamped("trace", LocalDateTime.now());
        LaunchAndTraceDialog dialog = new LaunchAndTraceDialog(Path.of(System.getProperty("user.home")), output);
        if (owner != null) {
            dialog.initOwner(owner);
        }
        OwnerTheme.apply(owner, dialog.getDialogPane().getStylesheets());
        Optional<TracedLaunch.Options> options = dialog.showAndWait();
        options.ifPresent(this::launch);
    }

    /**
     * Runs one traced launch in the background with a progress window (command, elapsed time, GPU
     * readings, Cancel), then opens the trace and lists what could not be recorded. The command's output
     * goes to a {@code .log} file beside the trace unless the options name one.
     *
     * @return the running task (its value is the launch's result)
     */
    public Task<TracedLaunch.Result> launch(TracedLaunch.Options options) {
        TracedLaunch.Options o = options;
        if (o.commandLog().isEmpty()) {
            Path commandLog = logBeside(o.output());
            try {
                Files.createDirectories(commandLog.getParent());
                o = o.withCommandLog(commandLog);
            } catch (IOException e) {
                log.accept("Launch and trace: cannot create " + commandLog.getParent() + " (" + e.getMessage()
                        + "); the command's output is not kept");
            }
        }
        lastLaunch = new TracedLaunchWindow(owner, o, openPaths, log);
        return lastLaunch.start();
    }

    /** {@code trace.json} → {@code trace.log} in the same folder. */
    static Path logBeside(Path trace) {
        String name = trace.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return trace.toAbsolutePath().resolveSibling(stem + ".log");
    }

    /** Adjusts the sampler options of the next recording (the NVML library to use, its environment). */
    void samplerOptions(UnaryOperator<GpuSampler.Options> adjust) {
        this.samplerOptions = Objects.requireNonNull(adjust);
    }

    RecordMetricsWindow recordWindow() {
        return recordWindow;
    }

    TracedLaunchWindow launchWindowForTest() {
        return lastLaunch;
    }

    Path recordingsFolder() {
        return files.folder();
    }
}
