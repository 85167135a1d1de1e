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

    @Test
    void aNewFileGetsTheModeOfAnyNewFileNotOwnerOnly() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain"));
        Path target = dir.resolve("report.pdf");
        AtomicFiles.writeString(target, "pdf");
        // the umask decides, as for any new file (0644 under the usual 022), never a temporary file's 0600
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void anExistingFileKeepsItsMode() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path target = Files.writeString(dir.resolve("report.pdf"), "old");
        var mode = java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--");
        Files.setPosixFilePermissions(target, mode);
        AtomicFiles.writeString(target, "new");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(mode);
    }

    @Test
    void removesTheTemporaryFilesOfAKilledWriterButNotOfALiveOne() throws IOException {
        Path dead = Files.writeString(dir.resolve(".report.pdf.parallax-" + deadPid() + "-abc.tmp"), "half");
        Path live = Files.writeString(dir.resolve(".report.pdf.parallax-" + ProcessHandle.current().pid()
                + "-xyz.tmp"), "being written");
        Path legacy = Files.writeString(dir.resolve(".report.pdf.123456789.tmp"), "old scheme");
        Files.setLastModifiedTime(legacy, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()
                - 3_600_000));
        Path other = Files.writeString(dir.resolve(".other.pdf.parallax-" + deadPid() + "-abc.tmp"), "not ours");
        AtomicFiles.writeString(dir.resolve("report.pdf"), "pdf");
        assertThat(dead).doesNotExist();
        assertThat(legacy).doesNotExist();
        assertThat(live).exists();
        assertThat(other).exists();
    }

    @Test
    void aFailureNamesTheTargetNotTheTemporaryFile() throws IOException {
        Path folderAsFile = Files.writeString(dir.resolve("notafolder"), "x");
        Path target = folderAsFile.resolve("report.pdf");
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "pdf"))
                .hasMessageStartingWith("cannot write " + target + ": ")
                .hasMessageNotContaining(".tmp");
    }

    /** A process id no process has (ids beyond the kernel's pid_max, 2^22). */
    private static long deadPid() {
        long pid = 4_000_000_123L;
        return ProcessHandle.of(pid).isPresent() ? pid + 1 : pid;
    }

    private static java.util.List<String> listNames(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
