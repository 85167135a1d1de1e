package dev.parallax.app.workbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recently opened files and folders, newest first, persisted one path a line in
 * {@code recent.txt} of the Parallax home (written atomically).
 */
public final class RecentFiles {
    /** How many entries are kept. */
    public static final int MAX = 12;

    private final Path file;
    private final List<Path> entries = new ArrayList<>();

    public RecentFiles(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && entries.size() < MAX) {
                        entries.add(Path.of(line.trim()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable list starts empty; it is rewritten on the next open
                entries.clear();
            }
        }
    }

    /** Entries, newest first. */
    public List<Path> entries() {
        return List.copyOf(entries);
    }

    /** Whether the list was ever saved (false on the very first start). */
    public boolean exists() {
        return Files.exists(file);
    }

    /** Moves {@code p} to the front and saves. */
    public void add(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        entries.remove(abs);
        entries.add(0, abs);
        while (entries.size() > MAX) {
            entries.remove(entries.size() - 1);
        }
        save();
    }

    public void clear() throws IOException {
        entries.clear();
        save();
    }

    private void save() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path p : entries) {
            sb.append(p).append('\n');
        }
        ParallaxHome.writeAtomically(file, sb.toString());
    }
}
