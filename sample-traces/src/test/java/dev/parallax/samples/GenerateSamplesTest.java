package dev.parallax.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateSamplesTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GenerateSamples.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void badCommandLinesExitWithTwoAndSayWhy() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("training", "--ranks", "two", "-o", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--ranks expects an integer, got 'two'");
        assertThat(run("training", "--rank", "2", "-o", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --rank");
        assertThat(run("pipeline", "--schedule", "gpipe", "-o", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown schedule 'gpipe'");
        assertThat(run("pipeline", "--schedule", "interleaved", "--microbatches", "6", "-o", "x")).isEqualTo(2);
        assertThat(run("serving")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing -o DIR");
        assertThat(run("frobnicate")).isEqualTo(2);
    }

    @Test
    void eachCommandWritesItsFolder(@TempDir Path tmp) throws Exception {
        assertThat(run("training", "--ranks", "3", "--steps", "1", "--layers", "1", "--gzip", "-o",
                tmp.resolve("t").toString())).isZero();
        assertThat(TestFiles.listFiles(tmp.resolve("t"))).containsExactly("rank-0.pt.trace.json.gz",
                "rank-1.pt.trace.json.gz", "rank-2.pt.trace.json.gz", "training.expected.json");
        assertThat(run("pipeline", "--schedule", "interleaved", "--stages", "2", "--microbatches", "4", "--tp", "2",
                "-o", tmp.resolve("p").toString())).isZero();
        assertThat(TestFiles.listFiles(tmp.resolve("p"))).hasSize(5).contains("pipeline.expected.json");
        assertThat(run("serving", "--duration-s", "40", "--no-prometheus", "-o", tmp.resolve("s").toString()))
                .isZero();
        assertThat(TestFiles.listFiles(tmp.resolve("s"))).containsExactly("serving.expected.json",
                "serving.trace.json", "vllm-serve.log");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("training: 3 ranks x 1 steps");
    }
}
