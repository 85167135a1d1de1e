package dev.parallax.gpu.trace;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds libcupti for a traced launch: {@code PARALLAX_CUPTI_PATH}, then the CUDA toolkit folders
 * ({@code $CUDA_HOME}, {@code /usr/local/cuda*}: {@code extras/CUPTI/lib64}, {@code lib64}), then
 * the folders of {@code LD_LIBRARY_PATH}. The path is also given to NVTX
 * ({@code NVTX_INJECTION64_PATH}) so NVTX ranges reach CUPTI.
 */
public final class CuptiLocator {
    private CuptiLocator() {
    }

    /** Where it was found, or empty with the folders searched. */
    public record Result(Optional<Path> library, List<String> searched) {
    }

    /**
     * Whether the CUDA driver library ({@code libcuda.so.1}) is in one of the usual folders or on
     * {@code LD_LIBRARY_PATH}; only used to word the message when a traced run recorded nothing.
     */
    public static boolean driverPresent(Map<String, String> env) {
        List<String> dirs = new ArrayList<>(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/usr/local/nvidia/lib64", "/usr/local/nvidia/lib", "/usr/lib/wsl/lib"));
        for (String d : env.getOrDefault("LD_LIBRARY_PATH", "").split(":")) {
            if (!d.isBlank()) {
                dirs.add(d);
            }
        }
        return dirs.stream().anyMatch(d -> Files.exists(Path.of(d, "libcuda.so.1")));
    }

    public static Result find(Map<String, String> env) {
        List<String> searched = new ArrayList<>();
        String explicit = env.get("PARALLAX_CUPTI_PATH");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            searched.add(explicit);
            return new Result(Files.isRegularFile(p) ? Optional.of(p) : Optional.empty(), searched);
        }
        List<Path> dirs = new ArrayList<>();
        List<Path> roots = new ArrayList<>();
        if (env.get("CUDA_HOME") != null) {
            roots.add(Path.of(env.get("CUDA_HOME")));
        }
        roots.add(Path.of("/usr/local/cuda"));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/usr/local"), "cuda-*")) {
            ds.forEach(roots::add);
        } catch (IOException | RuntimeException ignored) {
            // no /usr/local: nothing to add
        }
        for (Path r : roots) {
            dirs.add(r.resolve("extras/CUPTI/lib64"));
            dirs.add(r.resolve("lib64"));
        }
        String ld = env.getOrDefault("LD_LIBRARY_PATH", "");
        for (String d : ld.split(":")) {
            if (!d.isBlank()) {
                dirs.add(Path.of(d));
            }
        }
        for (Path d : dirs) {
            searched.add(d.toString());
            for (String name : List.of("libcupti.so", "libcupti.so.13", "libcupti.so.12")) {
                Path p = d.resolve(name);
                if (Files.isRegularFile(p)) {
                    return new Result(Optional.of(p), searched);
                }
            }
        }
        return new Result(Optional.empty(), searched);
    }
}
