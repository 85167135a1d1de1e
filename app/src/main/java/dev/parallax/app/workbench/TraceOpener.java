package dev.parallax.app.workbench;

import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceImporter;
import dev.parallax.trace.io.TraceLoader;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.CancelledException;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place the workbench turns paths into trace sets, through the engine's {@link TraceSetLoader}
 * (content sniffing, parallel loads, rank assignment). Each folder becomes one set of its trace files
 * (one per rank); files given together from one folder form one set too.
 */
public final class TraceOpener {
    private final TraceLoader loader;
    private final TraceSetLoader setLoader;

    /** An opener with every importer on the class path, loading files on all cores. */
    public TraceOpener() {
        this(TraceLoader.discover());
    }

    public TraceOpener(TraceLoader loader) {
        this.loader = loader;
        this.setLoader = new TraceSetLoader(loader, Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
    }

    public List<TraceImporter> importers() {
        return loader.importers();
    }

    /** Loads {@code paths}; never throws for bad files (they are listed as refused). */
    public OpenResult open(List<Path> paths, Progress progress) {
        List<String> refused = new ArrayList<>();
        Map<Path, List<Path>> groups = new LinkedHashMap<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                groups.computeIfAbsent(p.toAbsolutePath().normalize(), k -> new ArrayList<>()).add(p);
            } else if (Files.isRegularFile(p)) {
                Path parent = p.toAbsolutePath().normalize().getParent();
                groups.computeIfAbsent(parent == null ? p : parent, k -> new ArrayList<>()).add(p);
            } else {
                refused.add(p + ": no such file or folder");
            }
        }
        List<TraceSet> sets = new ArrayList<>();
        List<String> diagnostics = new ArrayList<>();
        for (Map.Entry<Path, List<Path>> g : groups.entrySet()) {
            progress.checkCancelled();
            try {
                TraceSetLoader.Outcome o = setLoader.load(g.getValue(), progress);
                for (TraceSetLoader.Failure f : o.failures()) {
                    refused.add(f.message().contains(f.file().getFileName().toString()) ? f.message()
                            : f.file() + ": " + f.message());
                }
                for (String n : o.notes()) {
                    if (n.startsWith("skipped")) {
                        continue;
                    }
                    diagnostics.add(n);
                }
                TraceSet set = o.traceSet();
                for (Trace t : set.traces()) {
                    diagnostics.addAll(t.diagnostics().lines());
                }
                String name = g.getValue().size() == 1 ? g.getValue().get(0).toString() : g.getKey().toString();
                sets.add(new TraceSet(name, set.members()));
            } catch (CancelledException e) {
                throw e;
            } catch (IOException e) {
                refused.add(e.getMessage() == null ? g.getValue() + ": could not be read" : e.getMessage());
            } catch (RuntimeException e) {
                refused.add(g.getValue() + ": could not be read (" + e + ")");
            }
        }
        return new OpenResult(sets, refused, diagnostics);
    }
}
