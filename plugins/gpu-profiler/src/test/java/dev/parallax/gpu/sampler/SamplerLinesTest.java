package dev.parallax.gpu.sampler;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing the sampler's lines, including those captured on an H200 (src/test/gpu/check-on-gpu.sh). */
class SamplerLinesTest {
    @Test
    void ignoresLinesThatAreNotSamplerJson() {
        assertThat(SamplerLines.parse("# A fatal error has been detected by the Java Runtime Environment:")).isEmpty();
        assertThat(SamplerLines.parse("#  SIGSEGV (0xb) at pc=0x00007f, pid=123, tid=124")).isEmpty();
        assertThat(SamplerLines.parse("{\"type\":\"sample\",\"device\":0,\"t_ns\":1")).isEmpty();
        assertThat(SamplerLines.parse("{\"something\":\"else\"}")).isEmpty();
        assertThat(SamplerLines.parse("{\"type\":\"error\",\"message\":\"libnvidia-ml.so.1 not found\"}"))
                .hasValueSatisfying(l -> assertThat(l.error()).contains("libnvidia-ml.so.1 not found"));
    }

    @Test
    void readsTheH200SamplesIncludingGpmMetrics() throws IOException {
        List<GpuSample> samples;
        try (InputStream in = getClass().getResourceAsStream("/dev/parallax/gpu/fixtures/h200-sampler-under-load.jsonl")) {
            samples = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(SamplerLines::parse).flatMap(java.util.Optional::stream)
                    .flatMap(l -> l.sample().stream()).toList();
        }
        assertThat(samples).hasSize(6);
        GpuSample last = samples.get(5);
        assertThat(last.name()).isEqualTo("NVIDIA H200");
        assertThat(last.value("gpu_util_pct")).isEqualTo(100.0);
        assertThat(last.value("sm_clock_mhz")).isEqualTo(1980.0);
        assertThat(last.value("gpm_sm_util_pct")).isGreaterThan(90.0);
        assertThat(last.values()).containsKeys("gpm_sm_occupancy_pct", "gpm_tensor_util_pct", "gpm_dram_bw_util_pct",
                "pcie_tx_kbps", "power_w", "temperature_c");
        assertThat(last.missing()).containsOnlyKeys("nvlink");
        assertThat(last.processes()).hasSize(1);
    }
}
