package dev.parallax.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ImportJitTest {
    @Test
    void onlySmallCommandLineRunsKeepTheImportOnC1(@TempDir Path dir) throws IOException {
        Path small = Files.writeString(dir.resolve("t.json"), "[]");
        assertThat(ImportJit.smallCommand(new String[] {"summary", "--json", small.toString()})).isTrue();
        assertThat(ImportJit.smallCommand(new String[] {"summary", dir.toString()})).isTrue();
        assertThat(ImportJit.smallCommand(new String[0])).as("the workbench").isFalse();
        assertThat(ImportJit.smallCommand(new String[] {"bench", "import", small.toString()})).isFalse();
        Path big = dir.resolve("big.json.gz");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(ImportJit.MAX_DECODED_BYTES / 10); // sparse; a gzip counts 20× its size
        }
        assertThat(ImportJit.smallCommand(new String[] {"summary", big.toString()})).isFalse();
        assertThat(ImportJit.smallCommand(new String[] {"summary", dir.toString()})).isFalse();
    }
}
