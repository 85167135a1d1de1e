package dev.parallax.testing;

import dev.parallax.trace.Trace;
import dev.parallax.trace.json.ChromeJsonImporter;
import dev.parallax.util.Progress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Test helpers: write inline traces to temp files, load them, find the shared real traces. */
public final class TraceFiles {
    private TraceFiles() {
    }

    /** The shared real-trace folder; skips the test (with the reason) where it is absent. */
    public static Path sharedTraces() {
        String p = System.getProperty("parallax.shared.traces");
        Path dir = p == null ? null : Paths.get(p);
        assumeTrue(dir != null && Files.isDirectory(dir),
                "shared real traces not found (system property parallax.shared.traces = " + p + "): skipped");
        return dir;
    }

    public static Path write(Path dir, String name, String content) {
        return write(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    public static Path write(Path dir, String name, byte[] content) {
        try {
            Path f = dir.resolve(name);
            Files.write(f, content);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    /** The file's content, decompressed when it is gzip. */
    public static byte[] decoded(Path f) {
        try (InputStream raw = Files.newInputStream(f)) {
            byte[] all = raw.readAllBytes();
            if (all.length >= 2 && (all[0] & 0xff) == 0x1f && (all[1] & 0xff) == 0x8b) {
                try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(all))) {
                    return in.readAllBytes();
                }
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Trace load(Path f) {
        try {
            return new ChromeJsonImporter().load(f, Progress.none());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code json} to a temp file in {@code dir} and loads it. */
    public static Trace load(Path dir, String json) {
        return load(write(dir, "t" + System.nanoTime() + ".json", json));
    }

    /** The diagnostic of {@code code} in a loaded trace; fails naming the diagnostics there are. */
    public static dev.parallax.trace.Diagnostic diagnostic(Trace t, String code) {
        return t.diagnostics().items().stream().filter(d -> d.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + t.diagnostics().lines()));
    }

    /** Sum of per-phase event counts. */
    public static long events(Trace t) {
        return t.eventsByPhase().values().stream().mapToLong(Long::longValue).sum();
    }
}
