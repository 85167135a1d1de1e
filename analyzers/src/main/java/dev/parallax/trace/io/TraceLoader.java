package dev.parallax.trace.io;

import dev.parallax.trace.Trace;
import dev.parallax.util.CancelledException;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Loads any trace file: reads its first bytes (decompressed when gzip, detected by magic bytes), asks every
 * {@link TraceImporter} (found with {@link ServiceLoader}) how sure it is, and lets the most confident one
 * load it. A file no importer reads is refused with a message saying what it looks like.
 */
public final class TraceLoader {
    /** Bytes of decompressed content the importers see when sniffing. */
    public static final int HEAD_BYTES = 64 * 1024;

    private final List<TraceImporter> importers;

    public TraceLoader(List<TraceImporter> importers) {
        this.importers = List.copyOf(importers);
    }

    /** Every importer on the class path of {@code loader} (the engine's and the plugins'). */
    public static TraceLoader discover(ClassLoader loader) {
        List<TraceImporter> found = new ArrayList<>();
        for (TraceImporter i : ServiceLoader.load(TraceImporter.class, loader)) {
            found.add(i);
        }
        return new TraceLoader(found);
    }

    /** Every importer visible to this class's class loader. */
    public static TraceLoader discover() {
        return discover(TraceLoader.class.getClassLoader());
    }

    public List<TraceImporter> importers() {
        return importers;
    }

    /** A chosen importer with its confidence. */
    public record Choice(TraceImporter importer, int score) {
    }

    /**
     * The importer that reads {@code file} best.
     *
     * @throws UnreadableTraceException when none does (the message says what the file looks like) or it
     *                                  cannot be opened
     */
    public Choice choose(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new UnreadableTraceException(file, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new UnreadableTraceException(file, "is a folder (open it as a trace set)");
        }
        if (!Files.isReadable(file)) {
            throw new UnreadableTraceException(file, "permission denied");
        }
        byte[] head = TraceInput.head(file, HEAD_BYTES);
        TraceImporter best = null;
        int bestScore = 0;
        for (TraceImporter i : importers) {
            int s;
            try {
                s = i.sniff(file, head);
            } catch (RuntimeException e) {
                s = 0;
            }
            if (s > bestScore) {
                best = i;
                bestScore = s;
            }
        }
        if (best == null) {
            throw new UnreadableTraceException(file, "no importer reads this file: it looks like "
                    + ContentDescription.describe(head, TraceInput.isGzip(file)));
        }
        return new Choice(best, bestScore);
    }

    /** Picks the importer and loads the file. */
    public Trace load(Path file, Progress progress) throws IOException {
        Choice c = choose(file);
        try {
            return c.importer().load(file, progress);
        } catch (CancelledException | UnreadableTraceException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new UnreadableTraceException(file, "not enough memory to load it (" + Files.size(file)
                    + " bytes; give Java more with -Xmx)");
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new UnreadableTraceException(file, m.startsWith(file.toString()) ? m.substring(file.toString().length()
                    + 2) : "cannot be read (" + m + ")", e);
        } catch (RuntimeException e) {
            throw new UnreadableTraceException(file, "the " + c.importer().id() + " importer failed: " + e, e);
        }
    }
}
