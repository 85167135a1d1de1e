package dev.parallax.app.workbench;

import dev.parallax.trace.RankSource;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceImporter;
import dev.parallax.util.CancelledException;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The one place the workbench turns paths into trace sets. A folder becomes one set of its trace files
 * (one per rank); files given together from one folder form one set too. Each file goes to the
 * importer (found with {@link ServiceLoader}) that sniffs its first bytes (decompressed when gzip) with the
 * highest confidence; a rank comes from the trace's own metadata, else its file name ({@code rank-3},
 * {@code rank_3}), else the load order.
 */
public final class TraceOpener {
    private static final Pattern RANK_IN_NAME = Pattern.compile("(?i)rank[-_]?(\\d+)");
    private static final int HEAD = 4096;

    private final List<TraceImporter> importers;

    public TraceOpener() {
        this(discover());
    }

    public TraceOpener(List<TraceImporter> importers) {
        this.importers = List.copyOf(importers);
    }

    private static List<TraceImporter> discover() {
        List<TraceImporter> out = new ArrayList<>();
        for (TraceImporter i : ServiceLoader.load(TraceImporter.class)) {
            out.add(i);
        }
        return out;
    }

    public List<TraceImporter> importers() {
        return importers;
    }

    /** Loads {@code paths}; never throws for bad files (they are listed as refused). */
    public OpenResult open(List<Path> paths, Progress progress) {
        List<String> refused = new ArrayList<>();
        Map<Path, List<Path>> groups = new LinkedHashMap<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> files = traceFilesIn(p, refused);
                if (files.isEmpty()) {
                    refused.add(p + ": the folder holds no trace file Parallax can read");
                } else {
                    groups.computeIfAbsent(p, k -> new ArrayList<>()).addAll(files);
                }
            } else if (Files.isRegularFile(p)) {
                Path parent = p.toAbsolutePath().getParent();
                groups.computeIfAbsent(parent == null ? p : parent, k -> new ArrayList<>()).add(p);
            } else {
                refused.add(p + ": no such file or folder");
            }
        }
        long total = 0;
        for (List<Path> g : groups.values()) {
            for (Path f : g) {
                total += size(f);
            }
        }
        List<TraceSet> sets = new ArrayList<>();
        List<String> diagnostics = new ArrayList<>();
        long[] done = {0};
        for (Map.Entry<Path, List<Path>> g : groups.entrySet()) {
            List<TraceSet.Member> members = new ArrayList<>();
            List<Integer> used = new ArrayList<>();
            int order = 0;
            for (Path f : g.getValue()) {
                progress.checkCancelled();
                long before = done[0];
                long fileSize = size(f);
                long grandTotal = total;
                Progress fileProgress = new Progress() {
                    @Override
                    public void update(long d, long t, String message) {
                        long part = t > 0 ? (long) ((double) d / t * fileSize) : 0;
                        progress.update(before + Math.min(fileSize, part), grandTotal,
                                "Loading " + f.getFileName() + (message == null ? "" : ": " + message));
                    }

                    @Override
                    public boolean isCancelled() {
                        return progress.isCancelled();
                    }
                };
                try {
                    Trace t = load(f, fileProgress);
                    diagnostics.addAll(t.diagnostics().lines());
                    Integer r = t.metadata().rank();
                    RankSource src = RankSource.DISTRIBUTED_INFO;
                    if (r == null || used.contains(r)) {
                        Matcher m = RANK_IN_NAME.matcher(f.getFileName().toString());
                        if (m.find() && !used.contains(Integer.parseInt(m.group(1)))) {
                            r = Integer.parseInt(m.group(1));
                            src = RankSource.FILE_NAME;
                        } else {
                            r = order;
                            while (used.contains(r)) {
                                r++;
                            }
                            src = RankSource.LOAD_ORDER;
                        }
                    }
                    used.add(r);
                    members.add(new TraceSet.Member(t, r, src));
                } catch (CancelledException e) {
                    throw e;
                } catch (IOException | UncheckedIOException e) {
                    refused.add(f + ": " + messageOf(e));
                } catch (RuntimeException e) {
                    refused.add(f + ": could not be read (" + messageOf(e) + ")");
                }
                order++;
                done[0] = before + fileSize;
                progress.update(done[0], total, "Loaded " + f.getFileName());
            }
            if (!members.isEmpty()) {
                String name = members.size() == 1 ? members.get(0).trace().source() : g.getKey().toString();
                sets.add(new TraceSet(name, members));
            }
        }
        return new OpenResult(sets, refused, diagnostics);
    }

    /** Loads one file with the importer that claims it most confidently. */
    public Trace load(Path file, Progress progress) throws IOException {
        byte[] head = head(file);
        TraceImporter best = null;
        int bestScore = 0;
        for (TraceImporter i : importers) {
            int s = i.sniff(file, head);
            if (s > bestScore) {
                best = i;
                bestScore = s;
            }
        }
        if (best == null) {
            throw new IOException(importers.isEmpty() ? "no trace importer is installed"
                    : "not a trace format Parallax reads (tried " + importerIds() + ")");
        }
        return best.load(file, progress);
    }

    private String importerIds() {
        List<String> ids = new ArrayList<>();
        for (TraceImporter i : importers) {
            ids.add(i.id());
        }
        return String.join(", ", ids);
    }

    private List<Path> traceFilesIn(Path dir, List<String> refused) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.sorted().toList()) {
                if (!Files.isRegularFile(f) || f.getFileName().toString().startsWith(".")) {
                    continue;
                }
                try {
                    byte[] head = head(f);
                    for (TraceImporter i : importers) {
                        if (i.sniff(f, head) > 0) {
                            out.add(f);
                            break;
                        }
                    }
                } catch (IOException e) {
                    refused.add(f + ": " + messageOf(e));
                }
            }
        } catch (IOException e) {
            refused.add(dir + ": the folder cannot be listed (" + messageOf(e) + ")");
        }
        return out;
    }

    /** The first bytes of a file's content, decompressed when it is gzip. */
    static byte[] head(Path file) throws IOException {
        byte[] raw;
        try (InputStream in = Files.newInputStream(file)) {
            raw = in.readNBytes(HEAD);
        }
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                return in.readNBytes(HEAD);
            } catch (IOException e) {
                return raw;
            }
        }
        return raw;
    }

    private static long size(Path f) {
        try {
            return Math.max(1, Files.size(f));
        } catch (IOException e) {
            return 1;
        }
    }

    private static String messageOf(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
