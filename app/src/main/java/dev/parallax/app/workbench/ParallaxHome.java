package dev.parallax.app.workbench;

import dev.parallax.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The user's Parallax folder ({@code ~/.parallax}, or the {@code parallax.home} system property) where the
 * workbench keeps its recent files and extracted samples, and the atomic write every file there uses.
 */
public final class ParallaxHome {
    private final Path dir;

    public ParallaxHome(Path dir) {
        this.dir = dir;
    }

    /** The folder named by {@code parallax.home}, else {@code ~/.parallax}. */
    public static ParallaxHome fromSystem() {
        String p = System.getProperty("parallax.home");
        return new ParallaxHome(p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".parallax"));
    }

    public Path dir() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** Writes {@code text} to {@code target} atomically, with the user's usual file mode ({@link AtomicFiles}). */
    public static void writeAtomically(Path target, String text) throws IOException {
        AtomicFiles.write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
