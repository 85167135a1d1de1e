package dev.parallax.trace.io;

import dev.parallax.testing.TraceFiles;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceLoaderTest {
    @TempDir
    Path dir;

    private final TraceLoader loader = TraceLoader.discover();

    @Test
    void findsTheJsonImporterThroughTheServiceLoader() throws Exception {
        assertThat(loader.importers()).extracting(i -> i.id()).contains("chrome-json");
        Path f = TraceFiles.write(dir, "x.trace", TraceFiles.gzip("{\"traceEvents\":[]}".getBytes()));
        assertThat(loader.choose(f).importer().id()).isEqualTo("chrome-json");
        assertThat(loader.choose(f).score()).isEqualTo(100);
    }

    @Test
    void refusesWhatNoImporterReadsSayingWhatItLooksLike() {
        Path empty = TraceFiles.write(dir, "empty.json", new byte[0]);
        assertThatThrownBy(() -> loader.load(empty, Progress.none())).isInstanceOf(UnreadableTraceException.class)
                .hasMessage(empty + ": no importer reads this file: it looks like an empty file");
        Path bin = TraceFiles.write(dir, "b.bin", new byte[] {0, 1, 2, 3, (byte) 0xff});
        assertThatThrownBy(() -> loader.load(bin, Progress.none())).hasMessageContaining("binary data (first bytes 00 01 02 03 ff)");
        Path sqlite = TraceFiles.write(dir, "r.sqlite", "SQLite format 3\u0000rest".getBytes());
        assertThatThrownBy(() -> loader.load(sqlite, Progress.none())).hasMessageContaining("an SQLite database");
        Path log = TraceFiles.write(dir, "vllm.log", "INFO 05-01 12:00:00 [loggers.py:1] Engine 000: Avg\n");
        assertThatThrownBy(() -> loader.load(log, Progress.none()))
                .hasMessageContaining("text that is not a trace, starting \"INFO 05-01");
        Path obj = TraceFiles.write(dir, "o.json", "{\"model\":\"x\",\"layers\":3}");
        assertThatThrownBy(() -> loader.load(obj, Progress.none()))
                .hasMessageContaining("a JSON object without \"traceEvents\" (its keys start model, layers)");
        Path arrays = TraceFiles.write(dir, "m.gz", TraceFiles.gzip("[[-1, 1, 37888, 7]]".getBytes()));
        assertThatThrownBy(() -> loader.load(arrays, Progress.none()))
                .hasMessageContaining("a JSON array of arrays of numbers").hasMessageContaining("(gzip-compressed)");
        assertThatThrownBy(() -> loader.load(dir.resolve("missing.json"), Progress.none()))
                .isInstanceOf(UnreadableTraceException.class).hasMessageEndingWith("missing.json: no such file");
        assertThatThrownBy(() -> loader.load(dir, Progress.none())).hasMessageContaining("is a folder");
    }
}
