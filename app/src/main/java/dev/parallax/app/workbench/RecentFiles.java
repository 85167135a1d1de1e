package dev.parallax.app.workbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recently opened files and folders, newest first, persisted in {@code recent.txt} of the
 * Parallax home (written atomically). One entry is what one open gave (e.g. the rank files dropped
 * together), stored as one line of tab-separated paths.
 */
public final class RecentFiles {
    /** How many entries are kept. */
    public static final int MAX = 12;

    private final Path file;
    private final List<List<Path>> entries = new ArrayList<>();

    public RecentFiles(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank() || entries.size() >= MAX) {
                        continue;
                    }
                    List<Path> e = new ArrayList<>();
                    for (String p : line.split("\t")) {
                        if (!p.isBlank()) {
                            e.add(Path.of(p.trim()));
                        }
                    }
                    entries.add(List.copyOf(e));
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable list starts empty; it is rewritten on the next open
                entries.clear();
            }
        }
    }

    /** Entries, newest first; each is the list of paths opened together. */
    public List<List<Path>> entries() {
        return List.copyOf(entries);
    }

    /** Whether the list was ever saved (false on the very first start). */
    public boolean exists() {
        return Files.exists(file);
    }

    /** Moves the entry for {@code paths} to the front and saves. */
    public void add(List<Path> paths) throws IOException {
        List<Path> abs = new ArrayList<>();
        for (Path p : paths) {
            abs.add(p.toAbsolutePath().normalize());
        }
        List<Path> entry = List.copyOf(abs);
        entries.remove(entry);
        entries.add(0, entry);
        while (entries.size() > MAX) {
            entries.remove(entries.size() - 1);
        }
        save();
    }

    public void clear() throws IOException {
        entries.clear();
        save();
    }

    /** A menu label for an entry: its first path, and how many more were opened with it. */
    public static String label(List<Path> entry) {
        return entry.isEmpty() ? "" : entry.get(0) + (entry.size() > 1 ? "  (+" + (entry.size() - 1) + " more)" : "");
    }

    private void save() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (List<Path> e : entries) {
            for (int i = 0; i < e.size(); i++) {
                sb.append(i > 0 ? "\t" : "").append(e.get(i));
            }
            sb.append('\n');
        }
        ParallaxHome.writeAtomically(file, sb.toString());
    }
}
