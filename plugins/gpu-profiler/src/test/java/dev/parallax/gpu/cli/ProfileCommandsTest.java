package dev.parallax.gpu.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.gpu.ui.FakeNative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code parallax gpus} and {@code parallax profile} through picocli, with the fake NVML and CUPTI. */
class ProfileCommandsTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new Root());
        new ProfilerCommands().commands().forEach(cl::addSubcommand);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void gpusPrintsEachDeviceAsJson() throws Exception {
        Path nvml = FakeNative.nvml();
        assertThat(run("gpus", "--json", "--nvml-library", nvml.toString())).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.path("driver_version").asText()).isEqualTo("999.99-fake");
        assertThat(j.path("devices")).hasSize(2);
        JsonNode d1 = j.path("devices").get(1);
        assertThat(d1.path("name").asText()).isEqualTo("Fake \"H100\" 1");
        assertThat(d1.path("gpu_util_pct").asInt()).isEqualTo(5);
        assertThat(d1.path("mem_used_bytes").asLong()).isEqualTo(2L << 30);
        assertThat(d1.path("missing").path("power").asText()).contains("Not Supported");
        assertThat(j.path("devices").get(0).path("processes").get(0).path("pid").asInt()).isEqualTo(4242);
    }

    @Test
    void gpusAsTextNamesTheSeries() {
        Path nvml = FakeNative.nvml();
        assertThat(run("gpus", "--nvml-library", nvml.toString())).isZero();
        assertThat(out.toString()).contains("GPU 0: Fake \"H100\" 0").contains("power W").contains("250.5")
                .contains("(no power: nvmlDeviceGetPowerUsage: Not Supported)");
    }

    @Test
    void gpusExitsThreeAndSaysWhatIsMissing() {
        assertThat(run("gpus", "--nvml-library", "/nonexistent/libnvidia-ml.so.1")).isEqualTo(3);
        assertThat(err.toString()).contains("NVML unavailable")
                .containsAnyOf("/nonexistent/libnvidia-ml.so.1 not found", "libparallax_nvml.so is not in this build");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void profileTracesWithWhatIsAvailable() throws Exception {
        Path host = FakeNative.require("inject_host");
        Path cupti = FakeNative.require("fake-cupti/libcupti.so");
        Path trace = dir.resolve("t.json");
        int code = run("profile", "-o", trace.toString(), "--interval-ms", "50",
                "--nvml-library", "/nonexistent/libnvidia-ml.so.1", "-e", "PARALLAX_CUPTI_PATH=" + cupti,
                "--", host.toString(), "-", "4", "exit", "100");
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("missing: GPU metrics:").contains("libnvidia-ml.so.1 not found")
                .contains("trace written to " + trace.toAbsolutePath()).contains("(4 kernels, 2 memcpy, 1 memset, 4 NVTX ranges");
        JsonNode events = new ObjectMapper().readTree(trace.toFile());
        assertThat(events.size()).isGreaterThan(20);
    }

    @Test
    void profileReturnsTheCommandsExitCode() {
        Path trace = dir.resolve("t.json");
        assertThat(run("profile", "-o", trace.toString(), "--no-metrics", "--", "/bin/sh", "-c", "exit 5")).isEqualTo(5);
        assertThat(trace).exists();
        assertThat(run("profile", "-o", trace.toString(), "--no-metrics", "--", "/nonexistent/program")).isEqualTo(3);
        assertThat(err.toString()).contains("cannot start /nonexistent/program");
    }

    /** Stands for {@code parallax}: the contributed commands are added under it as the app adds them. */
    @CommandLine.Command(name = "parallax")
    static final class Root implements Runnable {
        @Override
        public void run() {
        }
    }
}
