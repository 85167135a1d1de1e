package dev.parallax.spark;

import dev.parallax.cluster.JobResult;
import dev.parallax.cluster.JobResultJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's checks before any Spark starts, and where it writes the result. */
class AnalyzeJobCommandTest {
    private static int run(ByteArrayOutputStream err, String... args) {
        return new CommandLine(new AnalyzeJobCommand(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
    }

    @Test
    void usageErrorsExitWithTwoBeforeSparkStarts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(err, "--master", "local[1]", "-a", "nope", "/tmp")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown analysis 'nope'");
        err.reset();
        assertThat(run(err, "--master", "local[1]", "-a", "breakdown", "-p", "zzz=1", "/tmp")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'zzz'");
        err.reset();
        assertThat(run(err, "--node-map", "x=y", "/tmp")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("node map entry 'x=y'");
        err.reset();
        assertThat(run(err, "/tmp")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no --master");
    }

    @Test
    void writesLocalPathsAndFileUris(@TempDir Path dir) throws Exception {
        JobResult job = dev.parallax.cluster.JobReducer.reduce(new dev.parallax.cluster.JobReducer.JobInfo("j",
                "spark local[1]", List.of(), Map.of(), 0), List.of());
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        AnalyzeJobCommand.write(job, dir.resolve("a.parallax.json").toString(), conf);
        AnalyzeJobCommand.write(job, dir.resolve("b.parallax.json").toUri().toString(), conf);
        assertThat(JobResultJson.read(dir.resolve("a.parallax.json")).name()).isEqualTo("j");
        assertThat(JobResultJson.read(dir.resolve("b.parallax.json")).engine()).isEqualTo("spark local[1]");
    }
}
