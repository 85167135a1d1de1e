package dev.parallax.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BundledSamplesTest {
    private static final Path COMMITTED = Path.of("src/main/resources/dev/parallax/samples");

    @Test
    void regeneratingGivesTheCommittedFilesByteForByte(@TempDir Path tmp) throws Exception {
        long t0 = System.nanoTime();
        BundledSamples.regenerate(tmp);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> generated = TestFiles.listFiles(tmp);
        assertThat(generated).isEqualTo(TestFiles.listFiles(COMMITTED));
        for (String f : generated) {
            // .gz files are compared after decompression: deflate output depends on the zlib build.
            assertThat(TestFiles.content(tmp.resolve(f))).as(f).isEqualTo(TestFiles.content(COMMITTED.resolve(f)));
        }
        assertThat(seconds).as("bundled set regenerates quickly").isLessThan(30);
    }

    @Test
    void indexListsEveryCommittedFileAndTheyExtract(@TempDir Path tmp) throws Exception {
        List<String> listed = new ArrayList<>();
        listed.add("index.txt");
        for (BundledSamples.Sample s : BundledSamples.list()) {
            assertThat(s.description()).isNotBlank();
            listed.addAll(s.files());
            Path root = BundledSamples.extract(s, tmp);
            for (String f : s.files()) {
                assertThat(Files.size(tmp.resolve(f))).isPositive();
            }
            assertThat(root.resolve(Path.of(s.expectedFile()).getFileName())).exists();
        }
        listed.sort(null);
        assertThat(listed).isEqualTo(TestFiles.listFiles(COMMITTED));
        long total = 0;
        for (String f : listed) {
            total += Files.size(COMMITTED.resolve(f));
        }
        assertThat(total).as("bundled samples stay small").isLessThan(3L * 1024 * 1024);
    }
}
