package dev.parallax.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesTheWholeContentAndCreatesTheFolder() throws IOException {
        Path target = dir.resolve("sub/folder/report.txt");
        AtomicFiles.write(target, out -> {
            out.write("first ".getBytes(StandardCharsets.UTF_8));
            out.write("second".getBytes(StandardCharsets.UTF_8));
        });
        assertThat(Files.readString(target)).isEqualTo("first second");
        assertThat(listNames(target.getParent())).containsExactly("report.txt");
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path target = Files.writeString(dir.resolve("settings.json"), "old content that is longer");
        AtomicFiles.writeString(target, "néw");
        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo("néw");
    }

    @Test
    void aFailingBodyLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("report.pdf"), "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("cannot write " + target + ": disk full");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(listNames(dir)).containsExactly("report.pdf");
    }

    @Test
    void aFailingBodyForANewFileCreatesNothing() {
        Path target = dir.resolve("new.json");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(listNames(dir)).isEmpty();
    }

    private static java.util.List<String> listNames(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
