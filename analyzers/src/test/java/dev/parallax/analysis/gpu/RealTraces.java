package dev.parallax.analysis.gpu;

import dev.parallax.trace.RankSource;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceImporter;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.zip.GZIPInputStream;

/**
 * Loads the real traces under {@code parallax.shared.traces} through whatever {@link TraceImporter}s are
 * registered; tests using it are skipped (with the reason) where the folder or an importer is missing.
 */
public final class RealTraces {
    private RealTraces() {
    }

    public static Path folder(String relative) {
        String root = System.getProperty("parallax.shared.traces");
        Assumptions.assumeTrue(root != null && Files.isDirectory(Path.of(root)),
                "shared traces folder not available (parallax.shared.traces=" + root + "): skipping real-trace test");
        Path p = Path.of(root).resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), p + " is absent: skipping");
        return p;
    }

    /** Loads one file with the importer that claims it most strongly. */
    public static Trace load(Path file) throws IOException {
        List<TraceImporter> importers = new ArrayList<>();
        ServiceLoader.load(TraceImporter.class).forEach(importers::add);
        Assumptions.assumeFalse(importers.isEmpty(), "no trace importer registered: skipping real-trace test");
        byte[] head = head(file);
        TraceImporter best = null;
        int bestScore = 0;
        for (TraceImporter i : importers) {
            int s = i.sniff(file, head);
            if (s > bestScore) {
                bestScore = s;
                best = i;
            }
        }
        Assumptions.assumeTrue(best != null, "no importer reads " + file + ": skipping");
        return best.load(file, Progress.none());
    }

    /** The traces of the given files as a set, ranked by their metadata (else by position). */
    public static TraceSet set(Path... files) throws IOException {
        List<TraceSet.Member> members = new ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            Trace t = load(files[i]);
            Integer rank = t.metadata().rank();
            members.add(new TraceSet.Member(t, rank == null ? i : rank,
                    rank == null ? RankSource.LOAD_ORDER : RankSource.DISTRIBUTED_INFO));
        }
        return new TraceSet("test", members);
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            byte[] first = raw.readNBytes(2);
            boolean gz = first.length == 2 && (first[0] & 0xff) == 0x1f && (first[1] & 0xff) == 0x8b;
            if (!gz) {
                byte[] rest = raw.readNBytes(64 * 1024 - 2);
                byte[] all = new byte[first.length + rest.length];
                System.arraycopy(first, 0, all, 0, first.length);
                System.arraycopy(rest, 0, all, first.length, rest.length);
                return all;
            }
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readNBytes(64 * 1024);
        }
    }
}
