package dev.parallax.gpu.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parallax.gpu.NativeTestSupport;
import dev.parallax.gpu.sampler.GpuSampler;
import dev.parallax.gpu.sampler.SamplerListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.parallax.gpu.trace.TraceFiles.cat;
import static org.assertj.core.api.Assertions.assertThat;

/** A whole traced launch: injection + sampler + merge, with the fake CUPTI and NVML. */
class TracedLaunchTest {
    @TempDir
    Path dir;

    @Test
    void mergesKernelsAndCountersOnOneClock() throws Exception {
        Path host = NativeTestSupport.injectHost();
        Path out = dir.resolve("run.trace.json");
        long before = System.currentTimeMillis();
        TracedLaunch.Options o = TracedLaunch.Options.of(List.of(host.toString(), "-", "6", "exit", "1500"), out)
                .withEnvironment(Map.of("PARALLAX_CUPTI_PATH", NativeTestSupport.fakeCupti().toString()))
                .withSampler(Optional.of(GpuSampler.Options.every(Duration.ofMillis(50))
                        .withNvmlLibrary(NativeTestSupport.fakeNvml().toString())))
                .withCommandLog(dir.resolve("command.log"));
        TracedLaunch.Result r = TracedLaunch.run(o, new SamplerListener() {
        });
        long after = System.currentTimeMillis();

        assertThat(r.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("command.log"))).contains("host issued 6 launches");
        assertThat(r.missing()).isEmpty();
        assertThat(r.stats().kernels()).isEqualTo(6);
        assertThat(r.stats().memcpys()).isEqualTo(3);
        assertThat(r.stats().flows()).isEqualTo(6 + 3 + 2);
        assertThat(r.stats().droppedLines()).isZero();
        assertThat(r.samples()).isPositive();
        assertThat(r.stats().counterEvents()).isPositive();

        List<JsonNode> ev = TraceFiles.strict(out);
        assertThat(ev).filteredOn(e -> "trace_clock_base".equals(e.path("name").asText())).hasSize(1);
        long base = ev.get(0).path("args").path("baseTimeNanoseconds").asLong();
        assertThat(base / 1_000_000).isBetween(before - 1, after);
        double runUs = (after - before) * 1000.0 + 1000;
        List<JsonNode> kernels = ev.stream().filter(cat("X", "kernel")).toList();
        List<JsonNode> util = ev.stream().filter(e -> "C".equals(e.path("ph").asText())
                && "GPU 0 utilization %".equals(e.path("name").asText())).toList();
        assertThat(kernels).hasSize(6).allSatisfy(k -> assertThat(k.path("ts").asDouble()).isBetween(0.0, runUs));
        assertThat(util).isNotEmpty().allSatisfy(c -> {
            assertThat(c.path("pid").asInt()).isZero();
            assertThat(c.path("ts").asDouble()).isBetween(0.0, runUs);
        });
        assertThat(util.get(0).path("args").path("value").asDouble()).isZero();
        if (util.size() > 1) {
            assertThat(util.get(1).path("args").path("value").asDouble()).isEqualTo(7.0);
        }
        assertThat(ev).anyMatch(e -> "GPU 1 memory used MiB".equals(e.path("name").asText())
                && e.path("args").path("value").asDouble() == 2048.0);
        assertThat(ev).noneMatch(e -> "GPU 1 power W".equals(e.path("name").asText()));
    }

    @Test
    void cancellingStopsTheCommandAndKeepsWhatItTraced() throws Exception {
        Path host = NativeTestSupport.injectHost();
        Path out = dir.resolve("cancelled.trace.json");
        TracedLaunch.Options o = TracedLaunch.Options.of(List.of(host.toString(), "-", "5", "exit", "60000"), out)
                .withEnvironment(Map.of("PARALLAX_CUPTI_PATH", NativeTestSupport.fakeCupti().toString(),
                        "PARALLAX_FLUSH_MS", "50"))
                .withSampler(Optional.empty())
                .withCommandLog(dir.resolve("command.log"));
        java.util.concurrent.atomic.AtomicReference<TracedLaunch.Result> result = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean flagKept = new java.util.concurrent.atomic.AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                result.set(TracedLaunch.run(o, new SamplerListener() {
                }));
                flagKept.set(Thread.currentThread().isInterrupted());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long start = System.nanoTime();
        t.start();
        long end = System.currentTimeMillis() + 20_000;
        while (!(Files.exists(dir.resolve("command.log")) && Files.readString(dir.resolve("command.log")).contains("host issued"))
                && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        Thread.sleep(300); // > two flush periods
        t.interrupt();
        t.join(20_000);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        TracedLaunch.Result r = result.get();
        assertThat(r).isNotNull();
        assertThat(flagKept).isTrue();
        assertThat(r.exitCode()).isEqualTo(143); // SIGTERM
        assertThat(r.missing()).anySatisfy(m -> assertThat(m).startsWith("the launch was cancelled"));
        assertThat(r.stats().kernels()).isEqualTo(5);
        assertThat(TraceFiles.strict(out).stream().filter(cat("X", "kernel"))).hasSize(5);
    }

    @Test
    void aCommandThatNeverInitialisesCudaStillGivesATraceAndSaysWhy() throws Exception {
        Path out = dir.resolve("plain.trace.json");
        TracedLaunch.Options o = TracedLaunch.Options.of(List.of("/bin/sh", "-c", "exit 4"), out)
                .withSampler(Optional.of(GpuSampler.Options.every(Duration.ofMillis(50))
                        .withNvmlLibrary("/nonexistent/libnvidia-ml.so.1")));
        TracedLaunch.Result r = TracedLaunch.run(o, new SamplerListener() {
        });
        assertThat(r.exitCode()).isEqualTo(4);
        if (dev.parallax.gpu.nativelib.NativeLibraries.extract(dev.parallax.gpu.nativelib.NativeLibraries.NVML_JNI).isPresent()) {
            assertThat(r.missing()).anySatisfy(m -> assertThat(m).contains("libnvidia-ml.so.1 not found"));
            assertThat(r.missing()).anySatisfy(m -> assertThat(m).contains("no GPU activity was recorded"));
        } else { // native build skipped: the launch still runs and says what it lacks
            assertThat(r.missing()).anySatisfy(m -> assertThat(m).contains("libparallax_nvml.so is not in this build"));
            assertThat(r.missing()).anySatisfy(m -> assertThat(m).contains("libparallax_cupti.so is not in this build"));
        }
        List<JsonNode> ev = TraceFiles.strict(out);
        assertThat(ev).filteredOn(e -> "parallax_diagnostic".equals(e.path("name").asText())).hasSizeGreaterThanOrEqualTo(1);
        assertThat(ev).noneMatch(cat("X", "kernel"));
    }
}
