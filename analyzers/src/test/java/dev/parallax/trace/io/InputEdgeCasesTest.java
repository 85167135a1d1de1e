package dev.parallax.trace.io;

import dev.parallax.trace.Trace;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Inputs named several times, pipes, documents that load nothing, and gzip bombs. */
class InputEdgeCasesTest {
    private static final String TRACE = "{\"traceEvents\":[{\"ph\":\"X\",\"cat\":\"kernel\",\"name\":\"k\",\"pid\":0,"
            + "\"tid\":7,\"ts\":1,\"dur\":10},{\"ph\":\"X\",\"name\":\"k2\",\"pid\":0,\"tid\":7,\"ts\":20,\"dur\":5}]}";

    @TempDir
    Path dir;

    private final TraceSetLoader loader = new TraceSetLoader(TraceLoader.discover(), 2);

    @Test
    void theSameFileGivenFourTimesLoadsOnceAndSaysSo() throws IOException {
        Path t = Files.writeString(dir.resolve("t.json"), TRACE);
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), t);
        TraceSetLoader.Outcome o = loader.load(List.of(t, dir.resolve("./t.json"), link, t), Progress.none());
        assertThat(o.traceSet().size()).isEqualTo(1);
        assertThat(o.notes()).anyMatch(n -> n.contains("t.json") && n.contains("given 4 times") && n.contains("once"));
    }

    @Test
    void aDocumentThatLoadsNothingWithAnErrorIsAFailureNamingFileAndOffset() throws IOException {
        Path five = Files.writeString(dir.resolve("five.json"), "{\"traceEvents\": 5}");
        assertThatThrownBy(() -> loader.load(List.of(five), Progress.none()))
                .hasMessageContaining("no trace could be loaded").hasMessageContaining("five.json: nothing loaded")
                .hasMessageContaining("at byte");
        Path good = Files.writeString(dir.resolve("good.json"), TRACE);
        TraceSetLoader.Outcome o = loader.load(List.of(good, five), Progress.none());
        assertThat(o.traceSet().size()).isEqualTo(1);
        assertThat(o.failures()).singleElement().satisfies(f -> assertThat(f.file()).isEqualTo(five));
    }

    @Test
    void aNamedPipeOfGzipLoadsWithoutSeekingAndIsNamedInMessages() throws Exception {
        Path fifo = mkfifo("pipe");
        byte[] gz = gzip(TRACE.getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(gz);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        TraceSetLoader.Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> loader.load(List.of(fifo), Progress.none()));
        writer.get();
        Trace t = o.traceSet().member(0).trace();
        assertThat(t.sliceCount()).isEqualTo(2);
        assertThat(o.notes()).anyMatch(n -> n.startsWith(fifo + ": read from a stream (" + gz.length + " bytes)"));
        assertThat(o.traceSet().name()).isEqualTo(fifo.toString());
    }

    @Test
    void aBrokenPipeIsNamedByItsOwnPath() throws Exception {
        Path fifo = mkfifo("bad");
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write("not a trace at all".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThatThrownBy(() -> loader.load(List.of(fifo), Progress.none()))
                .hasMessageContaining(fifo + ": no importer reads this file")
                .hasMessageNotContaining("parallax-pipe-");
        writer.get();
    }

    @Test
    void aGzipBombStopsAtTheRatioLongBeforeTheAbsoluteCap() throws IOException {
        // 64 MB of zeros (about 1000-fold compression) before 4 MB of random bytes: the cap by the whole file's
        // size (ratio 50 × 4 MB = 200 MB) would let all the zeros decode; the running ratio stops after a few MB
        Path bomb = dir.resolve("bomb.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(zeros);
            }
            byte[] noise = new byte[4 << 20];
            new java.util.Random(7).nextBytes(noise);
            out.write(noise);
        }
        ImportLimits limits = new ImportLimits(64L << 30, 50, 1 << 20);
        long read = 0;
        try (TraceInput in = TraceInput.open(bomb, Progress.none(), limits)) {
            InputStream s = in.stream();
            byte[] buf = new byte[1 << 16];
            assertThatThrownBy(() -> {
                while (s.read(buf) >= 0) {
                    // drain
                }
            }).isInstanceOf(DecodedSizeLimitException.class).hasMessageContaining("expands more than 50 times");
            read = in.decodedBytesRead();
        }
        assertThat(read).isGreaterThan(1 << 20).isLessThan(16L << 20);
    }

    @Test
    void aCutOrDamagedGzipStreamSaysSoInWordsNeverNull() throws IOException {
        byte[] gz = gzip(TRACE.repeat(50).getBytes(StandardCharsets.UTF_8));
        Path cut = Files.write(dir.resolve("cut.json.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        byte[] crc = gz.clone();
        crc[crc.length - 6] ^= 0x55;
        Path badCrc = Files.write(dir.resolve("crc.json.gz"), crc);
        byte[] flipped = gz.clone();
        flipped[20] ^= (byte) 0xFF;
        Path damaged = Files.write(dir.resolve("damaged.json.gz"), flipped);
        for (Path p : List.of(cut, badCrc, damaged)) {
            try (TraceInput in = TraceInput.open(p, Progress.none(), ImportLimits.defaults())) {
                assertThatThrownBy(() -> in.stream().readAllBytes()).isInstanceOf(IOException.class)
                        .satisfies(e -> assertThat(e.getMessage()).isNotBlank().doesNotContain("null"));
            }
        }
    }

    @Test
    void ranksThatRunOutOfMemoryAreNamedAndTheOthersLoad() throws IOException {
        // an importer standing in for a rank too big for the heap: the one that fits loads, the others are named
        TraceImporter json = TraceLoader.discover().importers().stream().filter(i -> i.id().contains("chrome"))
                .findFirst().orElseThrow();
        TraceImporter hungry = new TraceImporter() {
            @Override
            public String id() {
                return json.id();
            }

            @Override
            public String description() {
                return "fails with OutOfMemoryError on files named big-*";
            }

            @Override
            public int sniff(Path file, byte[] head) {
                return json.sniff(file, head);
            }

            @Override
            public Trace load(Path file, Progress progress) throws IOException {
                if (file.getFileName().toString().startsWith("big-")) {
                    throw new OutOfMemoryError("Java heap space");
                }
                return json.load(file, progress);
            }
        };
        Path job = Files.createDirectories(dir.resolve("job"));
        Files.writeString(job.resolve("big-rank-0.json"), TRACE);
        Files.writeString(job.resolve("rank-1.json"), TRACE);
        Files.writeString(job.resolve("big-rank-2.json"), TRACE);
        TraceSetLoader.Outcome o = new TraceSetLoader(new TraceLoader(List.of(hungry)), 2)
                .load(List.of(job), Progress.none());
        assertThat(o.traceSet().size()).isEqualTo(1);
        assertThat(o.traceSet().member(0).trace().source()).endsWith("rank-1.json");
        assertThat(o.failures()).hasSize(2).allSatisfy(f -> assertThat(f.message())
                .startsWith(f.file().toString()).contains("not enough memory").contains("-Xmx"));
    }

    private Path mkfifo(String name) throws Exception {
        Path p = dir.resolve(name);
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", p.toString()).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no mkfifo on this system");
            return null;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo failed");
        return p;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }
}
