package dev.parallax.gpu.ui;

import dev.parallax.gpu.sampler.GpuInfo;
import dev.parallax.gpu.sampler.GpuSample;
import dev.parallax.gpu.sampler.GpuSampler;
import dev.parallax.gpu.sampler.SamplerListener;
import dev.parallax.gpu.trace.TraceMerger;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Profile > Record GPU metrics: runs the NVML sampler and exposes its readings as observable data
 * for a live chart ({@link #samples()}, newest last, at most {@code capacity} kept on screen), with a
 * status line that names what is missing ("libnvidia-ml.so.1 not found …") or what went wrong.
 * Every sample is kept for {@link #save}, which writes them as Chrome counter events. Updates reach
 * the observable state on the FX thread (or the executor given).
 */
public final class RecordMetricsController {
    private final ObservableList<GpuSample> samples = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not recording");
    private final ReadOnlyBooleanWrapper recording = new ReadOnlyBooleanWrapper(false);
    private final Executor fx;
    private final int capacity;
    private GpuSampler sampler;

    public RecordMetricsController() {
        this(Platform::runLater, 3600);
    }

    public RecordMetricsController(Executor fxExecutor, int capacity) {
        this.fx = fxExecutor;
        this.capacity = capacity;
    }

    /** Readings on screen, newest last. */
    public ObservableList<GpuSample> samples() {
        return FXCollections.unmodifiableObservableList(samples);
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty recordingProperty() {
        return recording.getReadOnlyProperty();
    }

    /** Starts sampling; readings and problems arrive on the FX thread. */
    public void start(GpuSampler.Options options) throws IOException {
        if (sampler != null && sampler.running()) {
            return;
        }
        fx.execute(() -> {
            samples.clear();
            status.set("Starting the GPU sampler…");
            recording.set(true);
        });
        sampler = GpuSampler.start(options, new SamplerListener() {
            @Override
            public void onInfo(GpuInfo info) {
                fx.execute(() -> status.set("Recording " + info.devices().size() + " GPU(s), driver "
                        + info.driverVersion()));
            }

            @Override
            public void onSample(GpuSample sample) {
                fx.execute(() -> {
                    samples.add(sample);
                    if (samples.size() > capacity) {
                        samples.remove(0, samples.size() - capacity);
                    }
                });
            }

            @Override
            public void onProblem(String message) {
                fx.execute(() -> {
                    status.set("GPU metrics unavailable: " + message);
                    recording.set(false);
                });
            }
        });
    }

    /** Stops sampling and returns every reading of this recording. */
    public List<GpuSample> stop() throws InterruptedException {
        if (sampler == null) {
            return List.of();
        }
        List<GpuSample> all = sampler.stop();
        String problem = sampler.problem().orElse(null);
        fx.execute(() -> {
            recording.set(false);
            status.set(problem != null ? "GPU metrics unavailable: " + problem
                    : "Stopped after " + all.size() + " readings");
        });
        return all;
    }

    /** Writes readings as a Chrome trace of counter events (clock base = the first reading). */
    public static Path save(List<GpuSample> readings, Path file) throws IOException {
        long base = readings.isEmpty() ? 0 : readings.get(0).timeNanos();
        TraceMerger.merge(List.of(), new ArrayList<>(readings), base, List.of(), file);
        return file;
    }
}
