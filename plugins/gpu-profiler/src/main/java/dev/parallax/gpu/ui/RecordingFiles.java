package dev.parallax.gpu.ui;

import dev.parallax.gpu.sampler.GpuSample;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Where the Profile menu keeps what it records ({@code <parallax home>/recordings}), the time-stamped
 * names it gives new files, and turning a metrics recording into a {@link TraceSet} the timeline can
 * show. Files are written through {@link RecordMetricsController#save}, which writes a temp file in the
 * same folder and moves it into place atomically.
 */
final class RecordingFiles {
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path folder;
    private TraceSetLoader loader;

    RecordingFiles(Path parallaxHome) {
        this.folder = parallaxHome.resolve("recordings");
    }

    Path folder() {
        return folder;
    }

    /**
     * {@code <folder>/<prefix>-<yyyyMMdd-HHmmss>.json}, with {@code -2}, {@code -3}, ... added when a
     * file of that name exists already (two recordings within one second).
     */
    Path stamped(String prefix, LocalDateTime time) {
        String base = prefix + "-" + STAMP.format(time);
        Path p = folder.resolve(base + ".json");
        for (int i = 2; Files.exists(p); i++) {
            p = folder.resolve(base + "-" + i + ".json");
        }
        return p;
    }

    /** Saves a finished recording under its time-stamped name (atomically) and returns the file. */
    Path saveRecording(List<GpuSample> samples, LocalDateTime started) throws IOException {
        Files.createDirectories(folder);
        return RecordMetricsController.save(samples, stamped("gpu-metrics", started));
    }

    /**
     * The readings so far as a trace set of counter tracks, named {@code name}: written to a hidden
     * temp file in the recordings folder, loaded by the same importers as any trace, then deleted.
     * Call off the FX thread.
     */
    TraceSet liveSet(List<GpuSample> samples, String name) throws IOException {
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, ".live-gpu-metrics-", ".json");
        try {
            RecordMetricsController.save(samples, tmp);
            TraceSet loaded = loader().load(List.of(tmp), Progress.none()).traceSet();
            return new TraceSet(name, loaded.members());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private synchronized TraceSetLoader loader() {
        if (loader == null) {
            loader = TraceSetLoader.withDefaults();
        }
        return loader;
    }
}
