package dev.parallax.gpu.ui;

import dev.parallax.gpu.sampler.GpuSample;
import dev.parallax.gpu.sampler.GpuSampler;
import dev.parallax.trace.TraceSet;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Profile > Record GPU metrics: a non-modal window with the sampling interval, Start/Stop, the
 * sampler's status line and a live chart. While recording, the readings so far are turned into a
 * trace set of counter tracks every {@link #LIVE_PERIOD} and handed to the workbench timeline in place
 * of the previous one; Stop saves the recording to {@code recordings/gpu-metrics-<time>.json}, takes the
 * live set off the timeline and opens the saved file. The sampler runs in a child process and every
 * start, stop, save and load runs on a worker thread, so a crashed or hung sampler shows up in the
 * status line and the log while the workbench carries on.
 */
final class RecordMetricsWindow {
    static final Duration LIVE_PERIOD = Duration.seconds(2);
    static final String LIVE_NAME = "GPU metrics (recording)";

    enum State { IDLE, STARTING, RECORDING, STOPPING }

    private final Stage stage = new Stage();
    private final RecordMetricsController controller = new RecordMetricsController();
    private final GpuMetricsChart chart = new GpuMetricsChart(3600);
    private final TextField interval = new TextField("1000");
    private final Button start = new Button("Start");
    private final Button stop = new Button("Stop");
    private final Label status = new Label();
    private final Label note = new Label();
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.IDLE);
    private final Timeline liveTick = new Timeline(new KeyFrame(LIVE_PERIOD, e -> publishLive()));
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gpu-metrics-recording");
        t.setDaemon(true);
        return t;
    });

    private final ObservableList<GpuSample> liveSamples;
    private final RecordingFiles files;
    private final Consumer<List<Path>> openPaths;
    private final ProfileActions.LiveTraceSink live;
    private final Consumer<String> log;
    private final UnaryOperator<GpuSampler.Options> samplerOptions;

    // FX thread only
    private final List<GpuSample> recorded = new ArrayList<>();
    private int session;
    private LocalDateTime startedAt;
    private boolean stopRequested;
    private boolean publishing;
    private int publishedCount;
    private boolean liveProblemLogged;
    private TraceSet liveSet;

    RecordMetricsWindow(Window owner, RecordingFiles files, Consumer<List<Path>> openPaths,
                        ProfileActions.LiveTraceSink live, Consumer<String> log,
                        UnaryOperator<GpuSampler.Options> samplerOptions) {
        this.files = files;
        this.openPaths = openPaths;
        this.live = live;
        this.log = log;
        this.samplerOptions = samplerOptions;
        liveTick.setCycleCount(Timeline.INDEFINITE);

        interval.setId("gpu-metrics-interval");
        interval.setPrefColumnCount(6);
        start.setId("gpu-metrics-start");
        stop.setId("gpu-metrics-stop");
        status.setId("gpu-metrics-status");
        status.setWrapText(true);
        note.setId("gpu-metrics-note");
        note.setWrapText(true);
        status.textProperty().bind(controller.statusProperty());

        start.disableProperty().bind(Bindings.createBooleanBinding(
                () -> state.get() != State.IDLE || intervalMillis() < 0, state, interval.textProperty()));
        stop.disableProperty().bind(Bindings.createBooleanBinding(
                () -> state.get() != State.RECORDING && state.get() != State.STARTING, state));
        interval.disableProperty().bind(state.isNotEqualTo(State.IDLE));
        start.setOnAction(e -> start());
        stop.setOnAction(e -> stop());

        // keep the list view: it listens to the controller's list weakly and would be collected otherwise
        liveSamples = controller.samples();
        liveSamples.addListener((ListChangeListener<GpuSample>) c -> {
            while (c.next()) {
                if (c.wasAdded()) {
                    for (GpuSample s : c.getAddedSubList()) {
                        recorded.add(s);
                        chart.add(s);
                    }
                }
            }
        });
        controller.recordingProperty().addListener((o, was, now) -> {
            if (!now && state.get() == State.RECORDING) {
                endedBySampler();
            }
        });

        HBox controls = new HBox(8, new Label("Sample every (ms)"), interval, start, stop);
        controls.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(6, controls, status, note);
        BorderPane root = new BorderPane(chart.viewer());
        root.setTop(top);
        root.setPadding(new Insets(10));
        BorderPane.setMargin(top, new Insets(0, 0, 8, 0));
        stage.setTitle("Record GPU metrics");
        stage.setScene(new Scene(root, 720, 480));
        if (owner != null) {
            stage.initOwner(owner);
        }
        OwnerTheme.apply(owner, stage.getScene().getStylesheets());
        stage.setOnCloseRequest(e -> stop());
    }

    void show() {
        stage.show();
        stage.toFront();
    }

    /** The interval field's value in ms, or -1 when it is not a whole number from 10 to 60000. */
    private int intervalMillis() {
        try {
            int ms = Integer.parseInt(interval.getText().strip());
            return ms >= 10 && ms <= 60_000 ? ms : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void start() {
        int ms = intervalMillis();
        if (state.get() != State.IDLE || ms < 0) {
            return;
        }
        session++;
        state.set(State.STARTING);
        stopRequested = false;
        recorded.clear();
        chart.clear();
        publishedCount = 0;
        liveProblemLogged = false;
        startedAt = LocalDateTime.now();
        note.setText("");
        GpuSampler.Options options = samplerOptions.apply(
                GpuSampler.Options.every(java.time.Duration.ofMillis(ms)));
        int s = session;
        worker.execute(() -> {
            try {
                controller.start(options);
                Platform.runLater(() -> started(s));
            } catch (Exception | LinkageError e) {
                String why = "Could not start the GPU sampler: " + message(e);
                Platform.runLater(() -> {
                    state.set(State.IDLE);
                    note.setText(why);
                    log.accept(why);
                });
            }
        });
    }

    private void started(int s) {
        if (s != session || state.get() != State.STARTING) {
            return;
        }
        state.set(State.RECORDING);
        if (!controller.recordingProperty().get()) {
            endedBySampler();   // the sampler gave up before this point (no NVML)
        } else if (stopRequested) {
            stop();
        } else {
            liveTick.playFromStart();
        }
    }

    /** The sampler stopped by itself (NVML unavailable, crash, hang): keep what was recorded. */
    private void endedBySampler() {
        log.accept("GPU metrics: " + controller.statusProperty().get());
        finish();
    }

    private void stop() {
        if (state.get() == State.STARTING) {
            stopRequested = true;
        } else if (state.get() == State.RECORDING) {
            finish();
        }
    }

    private void finish() {
        state.set(State.STOPPING);
        liveTick.stop();
        int s = session;
        LocalDateTime started = startedAt;
        worker.execute(() -> {
            Path saved = null;
            String problem = null;
            try {
                List<GpuSample> all = controller.stop();
                if (!all.isEmpty()) {
                    saved = files.saveRecording(all, started);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = "Stopping the GPU sampler was interrupted";
            } catch (Exception e) {
                problem = "Could not save the GPU metrics recording: " + message(e);
            }
            Path file = saved;
            String why = problem;
            Platform.runLater(() -> finished(s, file, why));
        });
    }

    private void finished(int s, Path saved, String problem) {
        if (s != session) {
            return;
        }
        removeLiveSet();
        state.set(State.IDLE);
        if (problem != null) {
            note.setText(problem);
            log.accept(problem);
        } else if (saved != null) {
            note.setText("Saved " + saved);
            log.accept("GPU metrics recording saved to " + saved);
            openPaths.accept(List.of(saved));
        } else {
            note.setText("Nothing was recorded.");
        }
    }

    /** Every {@link #LIVE_PERIOD}: the readings so far, as a trace set, replace the previous one. */
    private void publishLive() {
        if (state.get() != State.RECORDING || publishing || recorded.isEmpty() || recorded.size() == publishedCount) {
            return;
        }
        publishing = true;
        List<GpuSample> snapshot = List.copyOf(recorded);
        int s = session;
        worker.execute(() -> {
            TraceSet set = null;
            String problem = null;
            try {
                set = files.liveSet(snapshot, LIVE_NAME);
            } catch (Exception | LinkageError e) {
                problem = "Live GPU metrics could not be shown on the timeline: " + message(e);
            }
            TraceSet loaded = set;
            String why = problem;
            Platform.runLater(() -> published(s, snapshot.size(), loaded, why));
        });
    }

    private void published(int s, int count, TraceSet set, String problem) {
        publishing = false;
        if (s != session || state.get() != State.RECORDING) {
            return;  // stopped meanwhile: the live set is no longer wanted
        }
        if (problem != null) {
            if (!liveProblemLogged) {
                liveProblemLogged = true;
                note.setText(problem);
                log.accept(problem);
            }
            return;
        }
        removeLiveSet();
        try {
            live.show(set);
            liveSet = set;
            publishedCount = count;
        } catch (RuntimeException e) {
            log.accept("Live GPU metrics could not be shown on the timeline: " + message(e));
        }
    }

    private void removeLiveSet() {
        if (liveSet == null) {
            return;
        }
        TraceSet old = liveSet;
        liveSet = null;
        try {
            live.remove(old);
        } catch (RuntimeException e) {
            log.accept("Removing the live GPU metrics from the timeline failed: " + message(e));
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    // ---- for tests ----

    Stage stage() {
        return stage;
    }

    TextField intervalField() {
        return interval;
    }

    Button startButton() {
        return start;
    }

    Button stopButton() {
        return stop;
    }

    Label statusLabel() {
        return status;
    }

    Label noteLabel() {
        return note;
    }

    State state() {
        return state.get();
    }

    GpuMetricsChart chart() {
        return chart;
    }
}
