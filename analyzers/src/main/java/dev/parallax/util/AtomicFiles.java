package dev.parallax.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files the user creates (reports, settings, merged traces) atomically: the content goes to a
 * temporary file in the target's folder, which is moved over the target only once complete and closed
 * (an atomic move where the file system has one, a plain replacing move otherwise). The target therefore
 * holds either its old content or the whole new content, never a half-written file; the temporary file
 * is deleted when writing or moving fails.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Writes {@code target} with what {@code body} writes to the stream it is given (buffered; the body
     * need not close it), creating the target's folder when needed.
     */
    public static void write(Path target, IoConsumer<OutputStream> body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.accept(out);
            }
            // moved only once closed: platforms that refuse to move an open file are fine
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }
}
