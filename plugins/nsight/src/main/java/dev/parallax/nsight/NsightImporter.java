package dev.parallax.nsight;

import dev.parallax.trace.Trace;
import dev.parallax.trace.io.MultiRankImporter;
import dev.parallax.util.CancelledException;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Imports Nsight Systems SQLite exports ({@code nsys export --type sqlite report.nsys-rep}). Recognised by
 * the SQLite header ({@code "SQLite format 3\0"}) plus Nsight's tables; the database is opened read-only
 * and immutable, so the user's file is never changed. See {@link NsightReader} for the mapping.
 */
public final class NsightImporter implements MultiRankImporter {
    /** The first 16 bytes of every SQLite 3 database file. */
    static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String id() {
        return "nsight-sqlite";
    }

    @Override
    public String description() {
        return "Nsight Systems SQLite export (nsys export --type sqlite)";
    }

    @Override
    public int sniff(Path file, byte[] head) {
        if (head == null || head.length < SQLITE_MAGIC.length
                || !Arrays.equals(Arrays.copyOf(head, SQLITE_MAGIC.length), SQLITE_MAGIC)) {
            return 0;
        }
        if (file == null || !Files.isRegularFile(file)
                || file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            return 10; // an SQLite database we cannot open in place: say it is ours only weakly
        }
        try (NsightDatabase db = NsightDatabase.open(file)) {
            return db.looksLikeNsight() ? 95 : 5;
        } catch (IOException e) {
            return 5;
        }
    }

    @Override
    public Trace load(Path file, Progress progress) throws IOException {
        return read(file, progress, false).get(0);
    }

    /**
     * One trace per rank: per {@code MPI_RANKS} where the export has it, else one per process that ran CUDA
     * work (in process-id order, rank not declared); a single-process export gives one trace.
     */
    @Override
    public List<Trace> loadRanks(Path file, Progress progress) throws IOException {
        return read(file, progress, true);
    }

    private static List<Trace> read(Path file, Progress progress, boolean split) throws IOException {
        long t0 = System.nanoTime();
        long size = Files.size(file);
        try (NsightDatabase db = NsightDatabase.open(file)) {
            if (!db.looksLikeNsight()) {
                throw new IOException(file + ": an SQLite database, but not an Nsight Systems export"
                        + " (no StringIds table with CUPTI, NVTX or TARGET_INFO tables); tables found: "
                        + String.join(", ", db.tables()));
            }
            return new NsightReader(db, progress == null ? Progress.none() : progress).read(split, size, t0);
        } catch (SQLException e) {
            if (e.getCause() instanceof CancelledException) {
                throw (CancelledException) e.getCause();
            }
            throw new IOException(file + ": could not read the Nsight export (" + e.getMessage() + ")", e);
        }
    }
}
