package dev.parallax.gpu.sampler;

import dev.parallax.gpu.NativeTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The sampler child process and its watchdog against the fake NVML's normal, crash and hang modes. */
class GpuSamplerTest {
    private static GpuSampler.Options fake(Map<String, String> env) {
        return GpuSampler.Options.every(Duration.ofMillis(50)).withNvmlLibrary(NativeTestSupport.fakeNvml().toString())
                .withEnvironment(env);
    }

    private static final class Recorder implements SamplerListener {
        final List<GpuSample> samples = new CopyOnWriteArrayList<>();
        final List<String> problems = new CopyOnWriteArrayList<>();
        final CountDownLatch enough = new CountDownLatch(6);
        final CountDownLatch problem = new CountDownLatch(1);
        volatile GpuInfo info;

        @Override
        public void onInfo(GpuInfo i) {
            info = i;
        }

        @Override
        public void onSample(GpuSample s) {
            samples.add(s);
            enough.countDown();
        }

        @Override
        public void onProblem(String message) {
            problems.add(message);
            problem.countDown();
        }
    }

    @Test
    void deliversOneSamplePerDevicePerTickUntilStopped() throws Exception {
        Recorder r = new Recorder();
        GpuSampler s = GpuSampler.start(fake(Map.of()), r);
        assertThat(r.enough.await(20, TimeUnit.SECONDS)).as("six samples arrive").isTrue();
        List<GpuSample> all = s.stop();
        assertThat(r.info.devices()).extracting(GpuInfo.Device::name).containsExactly("Fake \"H100\" 0", "Fake \"H100\" 1");
        assertThat(all).hasSizeGreaterThanOrEqualTo(6);
        List<Double> util0 = all.stream().filter(x -> x.device() == 0).map(x -> x.value("gpu_util_pct")).toList();
        assertThat(util0.subList(0, 3)).containsExactly(0.0, 7.0, 14.0);
        assertThat(all).extracting(GpuSample::timeNanos).isSorted();
        assertThat(s.problem()).isEmpty();
        assertThat(r.problems).isEmpty();
        assertThat(s.running()).isFalse();
    }

    @Test
    void reportsACrashedChildAndKeepsItsSamples() throws Exception {
        Recorder r = new Recorder();
        GpuSampler s = GpuSampler.start(fake(Map.of("FAKE_NVML_CRASH_AFTER", "5")), r);
        assertThat(r.problem.await(20, TimeUnit.SECONDS)).isTrue();
        List<GpuSample> kept = s.stop();
        assertThat(r.problems).hasSize(1);
        assertThat(r.problems.get(0)).contains("GPU sampler exited unexpectedly").contains("exit code");
        assertThat(kept).hasSize(4); // four utilisation queries answered before the fifth crashed
    }

    @Test
    void watchdogStopsAHungChild() throws Exception {
        Recorder r = new Recorder();
        GpuSampler s = GpuSampler.start(fake(Map.of("FAKE_NVML_HANG_AFTER", "3"))
                .withSilenceTimeout(Duration.ofMillis(600)), r);
        assertThat(r.problem.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(r.problems.get(0)).contains("stopped responding");
        Thread.sleep(200);
        assertThat(s.running()).isFalse();
        assertThat(s.stop()).hasSizeLessThanOrEqualTo(2); // the third utilisation query never returned
    }

    @Test
    void probeSaysWhyNvmlCannotBeUsed() throws Exception {
        GpuSampler.Probe noDriver = GpuSampler.probe(fake(Map.of("FAKE_NVML_MODE", "no_driver")));
        assertThat(noDriver.problem()).hasValueSatisfying(m -> assertThat(m).contains("nvmlInit_v2 failed: Driver Not Loaded"));
        assertThat(noDriver.samples()).isEmpty();

        GpuSampler.Probe noLibrary = GpuSampler.probe(GpuSampler.Options.every(Duration.ofMillis(50))
                .withNvmlLibrary("/nonexistent/libnvidia-ml.so.1"));
        assertThat(noLibrary.problem()).hasValueSatisfying(m -> assertThat(m).contains("libnvidia-ml.so.1 not found"));

        GpuSampler.Probe ok = GpuSampler.probe(fake(Map.of()));
        assertThat(ok.problem()).isEmpty();
        assertThat(ok.samples()).extracting(GpuSample::device).containsExactly(0, 1);
        assertThat(ok.info()).hasValueSatisfying(i -> assertThat(i.driverVersion()).isEqualTo("999.99-fake"));
    }
}
