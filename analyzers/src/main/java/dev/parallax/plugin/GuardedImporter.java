package dev.parallax.plugin;

import dev.parallax.trace.Trace;
import dev.parallax.trace.io.MultiRankImporter;
import dev.parallax.trace.io.TraceImporter;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A plugin's importer as the rest of Parallax sees it: an exception from its sniff or load (other than the
 * {@link IOException} of the contract) disables the plugin and becomes a message naming it; a disabled
 * importer sniffs 0 so it is never chosen again.
 */
class GuardedImporter implements TraceImporter {
    final TraceImporter delegate;
    final Guard guard;
    private final String id;

    GuardedImporter(TraceImporter delegate, Guard guard, String id) {
        this.delegate = delegate;
        this.guard = guard;
        this.id = id;
    }

    /** Wraps {@code importer}, keeping its {@link MultiRankImporter} face when it has one. */
    static TraceImporter of(TraceImporter importer, Guard guard, String id) {
        return importer instanceof MultiRankImporter ? new MultiRank((MultiRankImporter) importer, guard, id)
                : new GuardedImporter(importer, guard, id);
    }

    /** The plugin that provides this importer. */
    public String pluginId() {
        return guard.pluginId();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        try {
            return delegate.description();
        } catch (RuntimeException | LinkageError e) {
            return id;
        }
    }

    @Override
    public int sniff(Path file, byte[] head) {
        if (guard.disabled(id)) {
            return 0;
        }
        try {
            return Math.max(0, Math.min(100, delegate.sniff(file, head)));
        } catch (Throwable t) {
            if (!Guard.containable(t)) {
                throw t;
            }
            guard.fail(id, "sniff", t);
            return 0;
        }
    }

    @Override
    public Trace load(Path file, Progress progress) throws IOException {
        checkEnabled(file);
        try {
            Trace t = delegate.load(file, progress);
            if (t == null) {
                throw new IllegalStateException("load returned null");
            }
            return t;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw failed(file, t);
        }
    }

    void checkEnabled(Path file) throws IOException {
        if (guard.disabled(id)) {
            throw new IOException(file + ": importer " + id + " is disabled after an earlier error");
        }
    }

    IOException failed(Path file, Throwable t) {
        if (!Guard.containable(t)) {
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            throw (Error) t;
        }
        PluginFault f = guard.fail(id, "load", t);
        return new IOException(file + ": " + f.message(), t);
    }

    /** The guard of an importer whose files may hold several ranks. */
    static final class MultiRank extends GuardedImporter implements MultiRankImporter {
        MultiRank(MultiRankImporter delegate, Guard guard, String id) {
            super(delegate, guard, id);
        }

        @Override
        public List<Trace> loadRanks(Path file, Progress progress) throws IOException {
            checkEnabled(file);
            try {
                List<Trace> traces = ((MultiRankImporter) delegate).loadRanks(file, progress);
                if (traces == null || traces.isEmpty()) {
                    throw new IllegalStateException("loadRanks returned no trace");
                }
                return List.copyOf(traces);
            } catch (IOException e) {
                throw e;
            } catch (Throwable t) {
                throw failed(file, t);
            }
        }
    }
}
