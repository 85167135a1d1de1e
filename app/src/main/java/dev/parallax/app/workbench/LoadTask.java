package dev.parallax.app.workbench;

import dev.parallax.util.Progress;
import javafx.concurrent.Task;

import java.nio.file.Path;
import java.util.List;

/** Opens paths on a worker thread, reporting progress to the status bar and stopping on Cancel. */
public final class LoadTask extends Task<OpenResult> {
    private final TraceOpener opener;
    private final List<Path> paths;

    public LoadTask(TraceOpener opener, List<Path> paths) {
        this.opener = opener;
        this.paths = List.copyOf(paths);
        updateTitle("Opening " + (paths.size() == 1 ? paths.get(0).getFileName() : paths.size() + " items"));
    }

    public List<Path> paths() {
        return paths;
    }

    private final java.util.Map<dev.parallax.trace.TraceSet, java.util.List<dev.parallax.trace.query.RunIndex>> indexes =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Run indexes built for {@code set} while loading (empty when none was needed). */
    public java.util.List<dev.parallax.trace.query.RunIndex> runIndexes(dev.parallax.trace.TraceSet set) {
        return indexes.getOrDefault(set, java.util.List.of());
    }

    @Override
    protected OpenResult call() {
        OpenResult r = load();
        for (dev.parallax.trace.TraceSet s : r.sets()) {
            if (isCancelled()) {
                break;
            }
            updateMessage("Indexing " + s.name());
            indexes.put(s, dev.parallax.trace.query.RunIndex.forSet(s));
        }
        return r;
    }

    private OpenResult load() {
        Task<?> self = this;
        return opener.open(paths, new Progress() {
            @Override
            public void update(long done, long total, String message) {
                if (total > 0) {
                    updateProgress(done, total);
                } else {
                    updateProgress(-1, 1);
                }
                if (message != null) {
                    updateMessage(message);
                }
            }

            @Override
            public boolean isCancelled() {
                return self.isCancelled();
            }
        });
    }
}
