package dev.parallax.trace.json;

import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.Trace;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader gives the model the earlier, Jackson-based reader gave: for every JSON trace in the shared
 * folder and two cut copies of each (cut at a third and two thirds of its text), the SHA-256 of
 * {@link ParallelEquivalenceTest#dump} (tracks, rows, arguments, flows, counters, metadata, phase counts,
 * diagnostics with their byte offsets) equals the one recorded in {@code reader-model-digests.tsv}, both for
 * the sequential read and for the parallel read in chunks.
 *
 * <p>The reference was written by this class run against the reader before the byte-level tokenizer
 * replaced Jackson (commit 15470bb): {@code mvn -pl analyzers test -Dtest=ReaderRegressionTest
 * -Dparallax.writeDigests=/abs/path/reader-model-digests.tsv}. A deliberate change of the model writes it
 * again the same way, with the reason in the commit.
 */
class ReaderRegressionTest {
    private static final String REFERENCE = "reader-model-digests.tsv";

    @TempDir
    Path dir;

    /** Input name → text, for every shared JSON trace and its cut copies, in a stable order. */
    private Map<String, byte[]> inputs() throws IOException {
        Path root = TraceFiles.sharedTraces();
        Map<String, byte[]> out = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).filter(x -> x.toString().matches(".*\\.json(\\.gz)?$"))
                    .sorted().toList();
        }
        for (Path f : files) {
            String name = root.relativize(f).toString().replace('\\', '/');
            byte[] text = TraceFiles.decoded(f);
            out.put(name, text);
            if (text.length >= 100) {
                out.put(name + " cut 1/3", java.util.Arrays.copyOf(text, text.length / 3));
                out.put(name + " cut 2/3", java.util.Arrays.copyOf(text, text.length * 2 / 3));
            }
        }
        return out;
    }

    private Trace load(ChromeJsonImporter importer, byte[] text) throws IOException {
        // always the same file name: the model holds no path, but keep every run alike
        Path f = TraceFiles.write(dir, "trace.json", text);
        return importer.load(f, Progress.none());
    }

    /** The digest of the model; with {@code -Dparallax.writeDumps=DIR} the dump itself is kept there too. */
    private static String digest(String input, String dump) throws IOException {
        String dumps = System.getProperty("parallax.writeDumps");
        if (dumps != null && !dumps.isBlank()) {
            Files.createDirectories(Path.of(dumps));
            Files.writeString(Path.of(dumps, input.replaceAll("[^A-Za-z0-9.]+", "_") + ".txt"), dump);
        }
        return sha256(dump);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> reference() throws IOException {
        Map<String, String> ref = new LinkedHashMap<>();
        try (InputStream in = ReaderRegressionTest.class.getResourceAsStream(REFERENCE)) {
            assertThat(in).as("test resource %s", REFERENCE).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.lastIndexOf('\t');
                ref.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return ref;
    }

    @Test
    void everySharedTraceGivesTheModelOfTheEarlierReader() throws IOException {
        Map<String, byte[]> inputs = inputs();
        String write = System.getProperty("parallax.writeDigests");
        if (write != null && !write.isBlank()) {
            StringBuilder sb = new StringBuilder("# input\tSHA-256 of the model dump (see ReaderRegressionTest)\n");
            for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
                sb.append(e.getKey()).append('\t')
                        .append(digest(e.getKey(), ParallelEquivalenceTest.dump(
                                load(new ChromeJsonImporter().threads(1), e.getValue())))).append('\n');
            }
            Files.writeString(Path.of(write), sb.toString());
            return;
        }
        Map<String, String> ref = reference();
        List<String> differ = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
            String expected = ref.get(e.getKey());
            if (expected == null) {
                continue; // a trace added to the shared folder later: the equivalence tests cover it
            }
            compared++;
            byte[] text = e.getValue();
            if (!digest(e.getKey(), ParallelEquivalenceTest.dump(load(new ChromeJsonImporter().threads(1), text)))
                    .equals(expected)) {
                differ.add(e.getKey() + " (sequential)");
            }
            ChromeJsonImporter par = new ChromeJsonImporter().threads(2)
                    .chunks(0, (int) Math.max(512, text.length / 7), null);
            if (!sha256(ParallelEquivalenceTest.dump(load(par, text))).equals(expected)) {
                differ.add(e.getKey() + " (parallel, " + par.lastChunks() + " chunks)");
            }
        }
        assertThat(compared).as("inputs found in the reference").isGreaterThan(ref.size() / 2);
        assertThat(differ).as("inputs whose model differs from the earlier reader's").isEmpty();
    }
}
