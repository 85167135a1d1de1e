package dev.parallax.app.workbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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

    /** Writes {@code text} to {@code target} atomically: a temp file in the same folder, then ATOMIC_MOVE. */
    public static void writeAtomically(Path target, String text) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
