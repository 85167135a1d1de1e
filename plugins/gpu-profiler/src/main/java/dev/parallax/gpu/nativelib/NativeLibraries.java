package dev.parallax.gpu.nativelib;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the native libraries shipped inside the jar ({@code /native/linux-x86_64/}) and copies each
 * to a cache folder named after its content hash ({@code ~/.cache/parallax/native/<hash>/}), so the
 * dynamic loader can open it from a real file; the copy is atomic, so concurrent processes are safe.
 * The cache root is the system property {@code parallax.native.cache}, else {@code $XDG_CACHE_HOME},
 * else {@code ~/.cache}. Dependency-free: the sampler child process loads it alone.
 */
public final class NativeLibraries {
    /** Resource folder of the shipped libraries. */
    public static final String RESOURCE_DIR = "/native/linux-x86_64/";
    /** JNI binding of the NVML sampler. */
    public static final String NVML_JNI = "libparallax_nvml.so";
    /** CUPTI injection library (set as CUDA_INJECTION64_PATH). */
    public static final String CUPTI_INJECTION = "libparallax_cupti.so";

    private NativeLibraries() {
    }

    /** True on the one platform the native parts are built for. */
    public static boolean platformSupported() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /**
     * The library as a file in the cache, or empty when the jar has no such library (the native
     * build was skipped, or the platform is not Linux x86-64).
     */
    public static Optional<Path> extract(String name) {
        if (!platformSupported()) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = NativeLibraries.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                return Optional.empty();
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled " + name, e);
        }
        Path dir = cacheRoot().resolve("parallax").resolve("native").resolve(sha256(bytes).substring(0, 16));
        Path target = dir.resolve(name);
        try {
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
                return Optional.of(target);
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return Optional.of(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + name + " to " + dir, e);
        }
    }

    static Path cacheRoot() {
        String prop = System.getProperty("parallax.native.cache");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg);
        }
        return Path.of(System.getProperty("user.home"), ".cache");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
