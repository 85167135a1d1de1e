package dev.parallax.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks an output file before any work starts: it must not be (by name, symbolic link or hard link) any
 * input file, including the files inside input folders, must not be a folder, and its folder must exist
 * (or be creatable) and be writable. Identity is decided by the file system ({@link Files#isSameFile}: device
 * and inode on Unix), so {@code DIR/../DIR/a.json}, a link to an input and a second hard link of an input
 * are all recognised.
 */
public final class OutputGuard {
    private OutputGuard() {
    }

    /** An output that may not be written; the message names it and says why. */
    public static final class RefusedOutputException extends IOException {
        private final boolean wouldOverwriteInput;

        RefusedOutputException(String message, boolean wouldOverwriteInput) {
            super(message);
            this.wouldOverwriteInput = wouldOverwriteInput;
        }

        /** Whether the output names an input (a usage error) rather than an unwritable place. */
        public boolean wouldOverwriteInput() {
            return wouldOverwriteInput;
        }
    }

    /**
     * Refuses {@code output} when it is one of {@code inputs} (or a file directly inside an input folder, as
     * the loaders read them), a folder, or in a folder that cannot be written.
     *
     * @throws RefusedOutputException naming the output and the input it would replace, or why it cannot be written
     */
    public static void check(Path output, Collection<Path> inputs) throws RefusedOutputException {
        Path out = output.toAbsolutePath().normalize();
        if (Files.isDirectory(out)) {
            throw new RefusedOutputException(output + ": is a folder; give the name of a file to write", false);
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) || Files.exists(out)) {
            for (Path in : inputFiles(inputs)) {
                if (same(out, in)) {
                    String what = in.toAbsolutePath().normalize().equals(out) ? "is an input trace"
                            : "is the same file as the input " + in;
                    throw new RefusedOutputException("the output " + output + " " + what
                            + "; choose another file name (inputs are never overwritten)", true);
                }
            }
        }
        Path dir = out.getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new RefusedOutputException("cannot write " + output + ": " + (dir == null ? "no folder" : dir
                    + " is not a folder"), false);
        }
        if (!Files.isWritable(dir)) {
            throw new RefusedOutputException("cannot write " + output + ": the folder " + dir
                    + " is not writable (permission denied)", false);
        }
        if (Files.exists(out) && !Files.isRegularFile(out)) {
            throw new RefusedOutputException("cannot write " + output + ": it exists and is not a regular file", false);
        }
    }

    /** The given files, and the regular files directly inside the given folders. */
    static List<Path> inputFiles(Collection<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.forEach(files::add);
                } catch (IOException | RuntimeException e) {
                    // an unreadable folder holds nothing the loaders could read either
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    private static boolean same(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
