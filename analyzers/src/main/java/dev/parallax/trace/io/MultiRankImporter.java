package dev.parallax.trace.io;

import dev.parallax.trace.Trace;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link TraceImporter} whose files may hold several ranks at once (an Nsight Systems export of a
 * multi-process job, one file per node). {@link #load} still returns the whole file as one trace (every
 * process on one timeline); {@link #loadRanks} splits it into one trace per rank, each with
 * {@link dev.parallax.trace.TraceMetadata#rank()} set where the file declares it. A loader building a
 * {@link dev.parallax.trace.TraceSet} uses {@code loadRanks} so that per-rank analyses see one rank each.
 */
public interface MultiRankImporter extends TraceImporter {
    /**
     * One trace per rank held in the file, in rank order; a file holding one rank yields one trace.
     * Same error contract as {@link #load}.
     */
    List<Trace> loadRanks(Path file, Progress progress) throws IOException;
}
