package dev.parallax.trace.io;

import java.io.IOException;
import java.nio.file.Path;

/** A file that no importer reads, or that cannot be read at all; the message names the file and why. */
public final class UnreadableTraceException extends IOException {
    private final Path file;

    public UnreadableTraceException(Path file, String why) {
        super(file + ": " + why);
        this.file = file;
    }

    public UnreadableTraceException(Path file, String why, Throwable cause) {
        super(file + ": " + why, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
