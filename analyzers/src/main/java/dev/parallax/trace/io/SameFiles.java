package dev.parallax.trace.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drops repeats from a list of input files: a file named twice (also through a symbolic link, another
 * spelling of its path or a hard link) is one input, loaded once, with a note saying so.
 */
final class SameFiles {
    private SameFiles() {
    }

    /** {@code files} with each file kept at its first position only; a note per repeated file. */
    static List<Path> once(List<Path> files, List<String> notes) {
        List<Path> kept = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        Map<Path, Integer> repeats = new LinkedHashMap<>();
        for (Path f : files) {
            Object key = key(f);
            int at = key == null ? -1 : keys.indexOf(key);
            if (at >= 0) {
                repeats.merge(kept.get(at), 1, Integer::sum);
            } else {
                kept.add(f);
                keys.add(key);
            }
        }
        repeats.forEach((f, n) -> notes.add(f + ": given " + (n + 1) + " times (by these or other names): "
                + "loaded once"));
        return kept;
    }

    /** The file's identity (device and inode where the file system has them), or null when it cannot be read. */
    private static Object key(Path f) {
        try {
            Object k = Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            return k != null ? k : f.toRealPath();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
