package dev.parallax.gpu;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Locates the test doubles the build compiled into target/native-test (fake libnvidia-ml.so.1,
 * fake libcupti, the injection host program). Where the native build was skipped (no gcc) the
 * native tests are skipped with a message, unless -Dnative.required=true asks for failure.
 */
public final class NativeTestSupport {
    private NativeTestSupport() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("parallax.native.test.dir", "target/native-test"));
    }

    /** The file, or a skipped test (a failed one under native.required=true) when it was not built. */
    public static Path require(String relative) {
        Path p = dir().resolve(relative);
        boolean present = Files.isRegularFile(p);
        String why = p + " was not built (no gcc or unsupported platform); native test skipped";
        if (!present && Boolean.getBoolean("native.required")) {
            fail(why);
        }
        assumeTrue(present, why);
        return p;
    }

    public static Path fakeNvml() {
        return require("fake-nvml/libnvidia-ml.so.1");
    }

    public static Path fakeCupti() {
        return require("fake-cupti/libcupti.so");
    }

    public static Path injectHost() {
        return require("inject_host");
    }
}
