package dev.parallax.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files the user creates (reports, screenshots, settings, merged traces) atomically: the content
 * goes to a temporary file {@code .NAME.parallax-PID-RANDOM.tmp} in the target's folder, which is moved over
 * the target only once complete and closed (an atomic move where the file system has one, a plain replacing
 * move otherwise). The target therefore holds either its old content or the whole new content, never a
 * half-written file. The temporary file is created like any new file (its mode follows the umask, e.g.
 * 0644; an existing target's permissions are kept) and is deleted when writing or moving fails, when the
 * JVM shuts down mid-write (Ctrl+C, SIGTERM), and by the next write to the same target when a killed process
 * left it behind. A failure names the target, never only the temporary file.
 */
public final class AtomicFiles {
    private static final String TMP_SUFFIX = ".tmp";
    private static final String TMP_MARK = ".parallax-";
    /** Temporary files of the old naming scheme ({@code .NAME.12345.tmp}) older than this are left-overs. */
    private static final Duration STALE_LEGACY = Duration.ofMinutes(30);

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} with what {@code body} writes to the stream it is given (buffered; the body
     * need not close it), creating the target's folder when needed.
     *
     * @throws IOException whose message starts with {@code cannot write TARGET:} and says why
     */
    public static void write(Path target, IoConsumer<OutputStream> body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        String name = abs.getFileName().toString();
        Path tmp = null;
        Thread cleanup = null;
        try {
            if (dir != null) {
                Files.createDirectories(dir);
                removeLeftovers(dir, name);
            }
            tmp = dir.resolve("." + name + TMP_MARK + ProcessHandle.current().pid() + "-"
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + TMP_SUFFIX);
            cleanup = deleteOnShutdown(tmp);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), 1 << 16)) {
                body.accept(out);
            }
            keepPermissions(target, tmp);
            // moved only once closed: platforms that refuse to move an open file are fine
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + reason(e, tmp), e);
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
            if (cleanup != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException e) {
                    // already shutting down: the hook deletes the file
                }
            }
        }
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /** Why an I/O operation failed, in words, without the temporary file's name. */
    static String reason(IOException e, Path tmp) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "the folder does not exist";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return tmp == null ? m : m.replace(tmp.toString(), "the temporary file");
    }

    private static Thread deleteOnShutdown(Path tmp) {
        Thread t = new Thread(() -> {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // best effort at exit
            }
        }, "delete " + tmp.getFileName());
        try {
            Runtime.getRuntime().addShutdownHook(t);
            return t;
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private static void keepPermissions(Path target, Path tmp) {
        try {
            if (Files.isRegularFile(target)) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(target);
                Files.setPosixFilePermissions(tmp, perms);
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not a POSIX file system, or not ours to read: the new file's defaults apply
        }
    }

    /**
     * Deletes temporary files of earlier writes to {@code name} whose process is gone (killed before it could
     * clean up), and old-style ones older than half an hour; another live process's file is left alone.
     */
    static void removeLeftovers(Path dir, String name) {
        String prefix = "." + name;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, prefix + ".*" + TMP_SUFFIX)) {
            for (Path p : s) {
                String rest = p.getFileName().toString().substring(prefix.length());
                rest = rest.substring(0, rest.length() - TMP_SUFFIX.length());
                if (rest.startsWith(TMP_MARK)) {
                    String pid = rest.substring(TMP_MARK.length()).split("-", 2)[0];
                    if (!pid.isEmpty() && pid.chars().allMatch(Character::isDigit) && pid.length() < 19
                            && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                        Files.deleteIfExists(p);
                    }
                } else if (rest.matches("\\.\\d{1,20}") && Files.isRegularFile(p)) {
                    FileTime m = Files.getLastModifiedTime(p);
                    if (m.toInstant().isBefore(java.time.Instant.now().minus(STALE_LEGACY))) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // clean-up is best effort; the write itself decides success
        }
    }
}
