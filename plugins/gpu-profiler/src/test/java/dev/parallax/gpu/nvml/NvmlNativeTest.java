package dev.parallax.gpu.nvml;

import dev.parallax.gpu.NativeTestSupport;
import dev.parallax.gpu.nativelib.NativeLibraries;
import dev.parallax.gpu.sampler.GpuSample;
import dev.parallax.gpu.sampler.SamplerLines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The JNI path in this JVM (in-process mode) against the fake libnvidia-ml.so.1. */
class NvmlNativeTest {
    private static Path fake;

    @BeforeAll
    static void load() {
        fake = NativeTestSupport.fakeNvml();
        Optional<Path> jni = NativeLibraries.extract(NativeLibraries.NVML_JNI);
        assumeTrue(jni.isPresent(), "JNI library not in this build; skipped");
        NvmlNative.load(jni.get().toString());
    }

    @Test
    void readsDeterministicValuesOfEachDevice() {
        long h = NvmlNative.open(fake.toString());
        try {
            assertThat(NvmlNative.deviceCount(h)).isEqualTo(2);
            assertThat(NvmlNative.infoJson(h)).contains("\"driver_version\":\"999.99-fake\"")
                    .contains("\"name\":\"Fake \\\"H100\\\" 1\"");
            GpuSample d0 = SamplerLines.parse(NvmlNative.sampleJson(h, 0)).orElseThrow().sample().orElseThrow();
            GpuSample d1 = SamplerLines.parse(NvmlNative.sampleJson(h, 1)).orElseThrow().sample().orElseThrow();
            assertThat(d0.value("gpu_util_pct")).isEqualTo(0.0);
            assertThat(d1.value("gpu_util_pct")).isEqualTo(5.0);
            // v2 memory info: the driver's 512 MiB reserve is not "used" (as nvidia-smi shows it)
            assertThat(d0.value("mem_used_bytes")).isEqualTo(1024.0 * 1024 * 1024);
            assertThat(d1.value("mem_total_bytes")).isEqualTo(80.0 * 1024 * 1024 * 1024);
            assertThat(d0.value("power_w")).isEqualTo(250.5);
            assertThat(d0.value("sm_clock_mhz")).isEqualTo(1980.0);
            assertThat(d0.value("mem_clock_mhz")).isEqualTo(2619.0);
            assertThat(d1.value("temperature_c")).isEqualTo(41.0);
            assertThat(d0.value("pcie_rx_kbps")).isEqualTo(2000.0);
            assertThat(d0.processes()).containsExactly(new GpuSample.ProcessMemory(4242, 1L << 30));
            assertThat(d0.timeNanos()).isCloseTo(System.currentTimeMillis() * 1_000_000L, org.assertj.core.data.Offset.offset(5_000_000_000L));
            // series that are off say why, and only on the device concerned
            assertThat(d1.missing()).containsEntry("power", "nvmlDeviceGetPowerUsage: Not Supported");
            assertThat(d1.value("power_w")).isNaN();
            assertThat(d0.missing()).doesNotContainKey("power");
            assertThat(d0.missing().get("gpm")).contains("nvmlGpmSampleAlloc").contains("missing");
            assertThat(d1.missing().get("nvlink")).contains("no NVLink");

            GpuSample d0b = SamplerLines.parse(NvmlNative.sampleJson(h, 0)).orElseThrow().sample().orElseThrow();
            assertThat(d0b.value("gpu_util_pct")).isEqualTo(7.0);
            assertThat(d0b.value("nvlink_links")).isEqualTo(2.0);
            assertThat(d0b.value("nvlink_tx_kibps")).isPositive();
        } finally {
            NvmlNative.close(h);
        }
    }

    @Test
    void aMissingLibraryIsNamed() {
        assertThatThrownBy(() -> NvmlNative.open("/nonexistent/libnvidia-ml.so.1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/libnvidia-ml.so.1 not found");
    }
}
