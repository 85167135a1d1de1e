package dev.parallax.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputGuardTest {
    @TempDir
    Path dir;

    @Test
    void refusesAFileInsideAnInputFolder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("job"));
        Path rank = Files.writeString(folder.resolve("rank-0.json.gz"), "trace");
        assertThatThrownBy(() -> OutputGuard.check(folder.resolve("rank-0.json.gz"), List.of(folder)))
                .isInstanceOfSatisfying(OutputGuard.RefusedOutputException.class,
                        e -> assertThat(e.wouldOverwriteInput()).isTrue())
                .hasMessageContaining("rank-0.json.gz").hasMessageContaining("is an input trace");
        assertThat(Files.readString(rank)).isEqualTo("trace");
    }

    @Test
    void refusesOtherSpellingsSymbolicAndHardLinksOfAnInput() throws Exception {
        Path input = Files.writeString(dir.resolve("t.json"), "{}");
        Path sym = Files.createSymbolicLink(dir.resolve("sym.pdf"), input);
        Path hard = Files.createLink(dir.resolve("hard.pdf"), input);
        for (Path out : List.of(dir.resolve("x/../t.json"), sym, hard)) {
            assertThatThrownBy(() -> OutputGuard.check(out, List.of(input)))
                    .isInstanceOf(OutputGuard.RefusedOutputException.class).hasMessageContaining("choose another");
        }
        // the input named through a link to its folder
        Path folderLink = Files.createSymbolicLink(dir.resolve("link-dir"), dir);
        assertThatThrownBy(() -> OutputGuard.check(dir.resolve("t.json"), List.of(folderLink)))
                .isInstanceOf(OutputGuard.RefusedOutputException.class);
    }

    @Test
    void acceptsNewFilesAndFilesThatAreNoInput() throws Exception {
        Path input = Files.writeString(dir.resolve("t.json"), "{}");
        Path old = Files.writeString(dir.resolve("old.pdf"), "old");
        assertThatCode(() -> OutputGuard.check(dir.resolve("new/sub/report.pdf"), List.of(input)))
                .doesNotThrowAnyException();
        assertThatCode(() -> OutputGuard.check(old, List.of(input, dir.resolve("absent.json"))))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAFolderAndAFileWhereAFolderShouldBe() throws Exception {
        Path input = Files.writeString(dir.resolve("t.json"), "{}");
        assertThatThrownBy(() -> OutputGuard.check(dir, List.of(input)))
                .isInstanceOfSatisfying(OutputGuard.RefusedOutputException.class,
                        e -> assertThat(e.wouldOverwriteInput()).isFalse())
                .hasMessageContaining("is a folder");
        assertThatThrownBy(() -> OutputGuard.check(input.resolve("report.pdf"), List.of()))
                .isInstanceOf(OutputGuard.RefusedOutputException.class).hasMessageContaining("is not a folder");
    }

    @Test
    void refusesAFolderThatCannotBeWritten() throws Exception {
        Path ro = Files.createDirectories(dir.resolve("ro"));
        ro.toFile().setWritable(false, false);
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(ro),
                    "running as a user who may write anywhere (root): nothing to refuse");
            assertThatThrownBy(() -> OutputGuard.check(ro.resolve("r.pdf"), List.of()))
                    .hasMessageContaining("not writable");
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }
}
