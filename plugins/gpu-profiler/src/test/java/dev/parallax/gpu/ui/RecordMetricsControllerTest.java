package dev.parallax.gpu.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.gpu.sampler.GpuSample;
import dev.parallax.gpu.sampler.GpuSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Live GPU metrics as observable data (updates run inline here instead of on the FX thread). */
class RecordMetricsControllerTest {
    @TempDir
    Path dir;

    private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.currentTimeMillis() + 20_000;
        while (!c.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
    }

    @Test
    void exposesLiveSamplesAndSavesThemAsCounters() throws Exception {
        RecordMetricsController c = new RecordMetricsController(Runnable::run, 3);
        c.start(GpuSampler.Options.every(Duration.ofMillis(50)).withNvmlLibrary(FakeNative.nvml().toString()));
        assertThat(c.recordingProperty().get()).isTrue();
        waitFor(() -> c.statusProperty().get().startsWith("Recording"));
        assertThat(c.statusProperty().get()).isEqualTo("Recording 2 GPU(s), driver 999.99-fake");
        java.util.concurrent.atomic.AtomicInteger added = new java.util.concurrent.atomic.AtomicInteger();
        c.samples().addListener((javafx.collections.ListChangeListener<GpuSample>) ch -> {
            while (ch.next()) {
                added.addAndGet(ch.getAddedSize());
            }
        });
        // wait for more samples than the view keeps (the first ones may arrive before the listener)
        waitFor(() -> added.get() >= 4 && c.samples().size() == 3
                && c.samples().get(0).timeNanos() != c.samples().get(2).timeNanos());
        List<GpuSample> all = c.stop();
        assertThat(c.samples()).hasSize(3);            // the view keeps the newest `capacity`
        assertThat(all.size()).isGreaterThanOrEqualTo(4); // the recording keeps everything
        assertThat(c.recordingProperty().get()).isFalse();
        assertThat(c.statusProperty().get()).isEqualTo("Stopped after " + all.size() + " readings");

        Path file = RecordMetricsController.save(all, dir.resolve("metrics.json"));
        JsonNode ev = new ObjectMapper().readTree(file.toFile());
        assertThat(ev.get(0).path("args").path("baseTimeNanoseconds").asLong()).isEqualTo(all.get(0).timeNanos());
        assertThat(ev).anySatisfy(e -> {
            assertThat(e.path("ph").asText()).isEqualTo("C");
            assertThat(e.path("name").asText()).isEqualTo("GPU 0 utilization %");
            assertThat(e.path("ts").asDouble()).isZero();
        });
        assertThat(java.nio.file.Files.readString(file))
                .containsPattern("\"name\":\"GPU 1 utilization %\",\"pid\":1,\"tid\":0,\"ts\":\\d+\\.\\d{3},");
    }

    @Test
    void saysWhatIsMissingWithoutADriver() throws Exception {
        RecordMetricsController c = new RecordMetricsController(Runnable::run, 10);
        c.start(GpuSampler.Options.every(Duration.ofMillis(50)).withNvmlLibrary("/nonexistent/libnvidia-ml.so.1"));
        waitFor(() -> !c.recordingProperty().get());
        assertThat(c.statusProperty().get()).startsWith("GPU metrics unavailable: ")
                .containsAnyOf("/nonexistent/libnvidia-ml.so.1 not found", "libparallax_nvml.so is not in this build");
        assertThat(c.stop()).isEmpty();
        assertThat(c.samples()).isEmpty();
    }
}
