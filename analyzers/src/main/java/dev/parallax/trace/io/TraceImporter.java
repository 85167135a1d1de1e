package dev.parallax.trace.io;

import dev.parallax.trace.Trace;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one kind of trace file into a {@link Trace}. Importers are found with {@link java.util.ServiceLoader}
 * (and from plugins) and chosen by content sniffing, never by file name alone.
 */
public interface TraceImporter {
    /** Stable id, e.g. {@code chrome-json}, {@code nsight-sqlite}, {@code vllm-log}. */
    String id();

    /** One line for users: what files this importer reads. */
    String description();

    /**
     * How sure this importer is that it reads the file, 0 (not at all) to 100, judged from the first
     * bytes of its (decompressed) content and its name.
     */
    int sniff(Path file, byte[] head);

    /**
     * Loads the file. Bad content never throws: it is reported in the trace's diagnostics and as much as
     * possible is kept. Throws {@link IOException} only when the file cannot be read at all (with a
     * message naming the file and why), and {@link dev.parallax.util.CancelledException} when cancelled.
     */
    Trace load(Path file, Progress progress) throws IOException;
}
