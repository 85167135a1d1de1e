package dev.parallax.gpu.nvml;

import dev.parallax.gpu.NativeTestSupport;
import dev.parallax.gpu.sampler.GpuSample;
import dev.parallax.gpu.sampler.SamplerLines;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** sampler_cli, the sampler's C code without Java (what the GPU check runs), against the fake NVML. */
class SamplerCliTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(NativeTestSupport.require("sampler_cli").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    @Test
    void printsTheInfoLineThenOneLinePerDevicePerTick() throws Exception {
        Run r = run("--lib", NativeTestSupport.fakeNvml().toString(), "--count", "3", "--interval-ms", "10");
        assertThat(r.code()).isZero();
        List<SamplerLines.Line> lines = r.out().lines().map(SamplerLines::parse).flatMap(Optional::stream).toList();
        assertThat(lines).hasSize(1 + 3 * 2);
        assertThat(lines.get(0).info()).isPresent();
        List<GpuSample> d0 = lines.stream().flatMap(l -> l.sample().stream()).filter(s -> s.device() == 0).toList();
        assertThat(d0).extracting(s -> s.value("gpu_util_pct")).containsExactly(0.0, 7.0, 14.0);
        // NVLink is a rate between ticks: absent at the first, present after
        assertThat(d0.get(0).values()).doesNotContainKey("nvlink_tx_kibps");
        assertThat(d0.get(2).value("nvlink_rx_kibps")).isPositive();
    }

    @Test
    void exitsThreeNamingTheMissingLibrary() throws Exception {
        Run r = run("--lib", "/nonexistent/libnvidia-ml.so.1", "--count", "1");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).startsWith("NVML unavailable: /nonexistent/libnvidia-ml.so.1 not found");
        assertThat(r.out()).isEmpty();
    }
}
