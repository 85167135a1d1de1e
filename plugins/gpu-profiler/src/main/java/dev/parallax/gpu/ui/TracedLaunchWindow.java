package dev.parallax.gpu.ui;

import dev.parallax.gpu.sampler.GpuSample;
import dev.parallax.gpu.sampler.SamplerListener;
import dev.parallax.gpu.trace.TraceMerger;
import dev.parallax.gpu.trace.TracedLaunch;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs one {@link TracedLaunch} in a background {@link Task} with a small window showing the command,
 * the elapsed time and the number of GPU readings taken, and a Cancel button that interrupts the run
 * (the command is stopped and the trace of what ran is still written). When the run ends the trace is
 * opened, and whatever the launch could not record ({@link TracedLaunch.Result#missing()}: no NVML, no
 * libcupti, no driver) is listed in the window and logged; the window then stays open with a Close
 * button, or closes by itself when nothing was missing and the command succeeded.
 */
final class TracedLaunchWindow {
    private final Stage stage = new Stage();
    private final Label command = new Label();
    private final Label elapsed = new Label("Elapsed 0:00");
    private final Label samples = new Label("GPU readings: 0");
    private final Label outcome = new Label("Running…");
    private final Label missing = new Label();
    private final Button cancel = new Button("Cancel");
    private final AtomicInteger sampleCount = new AtomicInteger();
    private final List<String> samplerProblems = new ArrayList<>();
    private final Timeline clock;
    private final TracedLaunch.Options options;
    private final Consumer<List<Path>> openPaths;
    private final Consumer<String> log;
    private final Task<TracedLaunch.Result> task;
    private final Object runnerLock = new Object();
    private Thread runner;
    private boolean cancelRequested;
    private long startNanos;

    TracedLaunchWindow(Window owner, TracedLaunch.Options options, Consumer<List<Path>> openPaths,
                       Consumer<String> log) {
        this.options = options;
        this.openPaths = openPaths;
        this.log = log;
        command.setText(describe(options.command()));
        command.setId("launch-progress-command");
        command.setWrapText(true);
        command.setStyle("-fx-font-family: monospace;");
        elapsed.setId("launch-progress-elapsed");
        samples.setId("launch-progress-samples");
        outcome.setId("launch-progress-outcome");
        outcome.setWrapText(true);
        missing.setId("launch-progress-missing");
        missing.setWrapText(true);
        for (Label l : new Label[]{command, outcome, missing}) {
            l.setMinHeight(Region.USE_PREF_SIZE);
        }
        missing.setStyle("-fx-text-fill: #8a4b00;");
        cancel.setId("launch-progress-cancel");
        cancel.setOnAction(e -> cancelOrClose());

        Label trace = new Label("Trace: " + options.output().toAbsolutePath());
        trace.setWrapText(true);
        HBox buttons = new HBox(cancel);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox root = new VBox(6, command, trace, elapsed, samples, outcome, missing, buttons);
        root.setPadding(new Insets(12));
        root.setPrefWidth(520);
        stage.setTitle("Launch and trace");
        stage.setScene(new Scene(root));
        if (owner != null) {
            stage.initOwner(owner);
        }
        OwnerTheme.apply(owner, stage.getScene().getStylesheets());

        clock = new Timeline(new KeyFrame(Duration.millis(250), e -> tick()));
        clock.setCycleCount(Timeline.INDEFINITE);
        task = new Task<>() {
            @Override
            protected TracedLaunch.Result call() throws Exception {
                synchronized (runnerLock) {
                    if (cancelRequested) {
                        throw new InterruptedException("cancelled before the command started");
                    }
                    runner = Thread.currentThread();
                }
                try {
                    return TracedLaunch.run(options, listener());
                } finally {
                    synchronized (runnerLock) {
                        runner = null;
                    }
                    Thread.interrupted();   // a cancel sets the flag again on return: the worker ends cleanly
                }
            }
        };
        task.setOnSucceeded(e -> succeeded(task.getValue()));
        task.setOnFailed(e -> failed(task.getException()));
        stage.setOnCloseRequest(e -> {
            if (!task.isDone()) {
                e.consume();   // closing means cancelling; the window closes once the trace is written
                cancelOrClose();
            }
        });
    }

    /** Shows the window and starts the launch on a background thread. */
    Task<TracedLaunch.Result> start() {
        startNanos = System.nanoTime();
        stage.show();
        clock.play();
        log.accept("Launch and trace: " + String.join(" ", options.command()) + " (trace " + options.output() + ")");
        Thread t = new Thread(task, "traced-launch");
        t.setDaemon(true);
        t.start();
        return task;
    }

    private SamplerListener listener() {
        return new SamplerListener() {
            @Override
            public void onSample(GpuSample sample) {
                sampleCount.incrementAndGet();
            }

            @Override
            public void onProblem(String message) {
                Platform.runLater(() -> samplerProblems.add(message));
            }
        };
    }

    private void tick() {
        long s = (System.nanoTime() - startNanos) / 1_000_000_000L;
        elapsed.setText(String.format("Elapsed %d:%02d", s / 60, s % 60));
        samples.setText("GPU readings: " + sampleCount.get()
                + (samplerProblems.isEmpty() ? "" : " (GPU metrics: " + samplerProblems.get(0) + ")"));
    }

    private void cancelOrClose() {
        if (task.isDone()) {
            stage.close();
            return;
        }
        synchronized (runnerLock) {
            cancelRequested = true;
            if (runner != null) {
                runner.interrupt();
            }
        }
        cancel.setDisable(true);
        cancel.setText("Cancelling…");
        outcome.setText("Stopping the command; the trace of what ran is being written…");
    }

    private void succeeded(TracedLaunch.Result r) {
        clock.stop();
        tick();
        TraceMerger.Stats st = r.stats();
        String summary = "Exit code " + r.exitCode() + ". Trace " + r.trace() + ": " + st.kernels() + " kernels, "
                + st.memcpys() + " memcpy, " + st.memsets() + " memset, " + st.nvtxRanges() + " NVTX ranges, "
                + r.samples() + " GPU readings.";
        outcome.setText(summary);
        log.accept("Launch and trace: " + summary);
        if (!r.missing().isEmpty()) {
            StringBuilder sb = new StringBuilder("Not recorded:");
            for (String m : r.missing()) {
                sb.append("\n• ").append(m);
                log.accept("Launch and trace: missing: " + m);
            }
            missing.setText(sb.toString());
        }
        options.commandLog().ifPresent(f -> log.accept("Launch and trace: the command's output is in " + f));
        done();
        openPaths.accept(List.of(r.trace()));
        if (r.missing().isEmpty() && r.exitCode() == 0) {
            stage.close();
        }
    }

    private void failed(Throwable e) {
        clock.stop();
        tick();
        String why = e instanceof InterruptedException
                ? "Cancelled; no trace was written."
                : "The launch failed: " + (e.getMessage() != null ? e.getMessage() : e.toString());
        outcome.setText(why);
        log.accept("Launch and trace: " + why);
        done();
    }

    private void done() {
        cancel.setText("Close");
        cancel.setDisable(false);
        stage.sizeToScene();   // room for the summary and the list of what was missing
    }

    /** The command as typed: the script of {@code /bin/sh -c script}, else the words joined. */
    static String describe(List<String> command) {
        if (command.size() == 3 && command.get(0).endsWith("sh") && command.get(1).equals("-c")) {
            return command.get(2);
        }
        return String.join(" ", command);
    }

    // ---- for tests ----

    Stage stage() {
        return stage;
    }

    Label outcomeLabel() {
        return outcome;
    }

    Label missingLabel() {
        return missing;
    }

    Button cancelButton() {
        return cancel;
    }
}
