package dev.parallax.gpu.ui;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The GPU profiler's test doubles, built by the plugin's test phase (skipped where gcc is absent). */
public final class FakeNative {
    private FakeNative() {
    }

    public static Path require(String relative) {
        Path p = Path.of("target", "native-test", relative).toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(p), p + " not built (no gcc?); test skipped");
        return p;
    }

    public static Path nvml() {
        return require("fake-nvml/libnvidia-ml.so.1");
    }
}
