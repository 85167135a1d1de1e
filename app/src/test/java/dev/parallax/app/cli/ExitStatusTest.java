package dev.parallax.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.analysis.Analyses;
import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented exit statuses and one-line messages of the command line (docs/robustness.md). */
class ExitStatusTest {
    private static final String TRACE = "{\"traceEvents\":[{\"ph\":\"X\",\"cat\":\"kernel\",\"name\":\"k\",\"pid\":0,"
            + "\"tid\":7,\"ts\":1,\"dur\":10,\"args\":{\"stream\":7,\"device\":0}}]}";

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aReportIntoAnInputFolderIsRefusedBeforeAnyWorkAndTheTraceIsUntouched() throws Exception {
        Path job = Files.createDirectories(dir.resolve("job"));
        Path rank = Files.writeString(job.resolve("rank-0.json"), TRACE);
        Run r = cli("report", job.toString(), "-o", rank.toString());
        assertThat(r.code()).isEqualTo(ExitStatus.USAGE);
        assertThat(r.err()).contains("rank-0.json").contains("is an input trace");
        assertThat(Files.readString(rank)).isEqualTo(TRACE);
    }

    @Test
    void aReportToAFolderOrUnderAFileIsAnOutputError() throws Exception {
        Path t = Files.writeString(dir.resolve("t.json"), TRACE);
        Run folder = cli("report", t.toString(), "-o", dir.toString());
        assertThat(folder.code()).isEqualTo(ExitStatus.OUTPUT);
        assertThat(folder.err()).contains("is a folder").doesNotContain("Exception");
        Run underFile = cli("report", t.toString(), "-o", t.resolve("r.pdf").toString());
        assertThat(underFile.code()).isEqualTo(ExitStatus.OUTPUT);
        assertThat(underFile.err()).contains("t.json is not a folder");
    }

    @Test
    void aDocumentWithTheWrongTypeExitsThreeNotZero() throws Exception {
        for (String doc : List.of("{\"traceEvents\": 5}", "{\"traceEvents\": null}", "{\"traceEvents\": {}}", "{}")) {
            Path f = Files.writeString(dir.resolve("bad.json"), doc);
            Run r = cli("summary", f.toString());
            assertThat(r.code()).as(doc).isEqualTo(ExitStatus.INPUT);
            assertThat(r.err()).as(doc).contains("bad.json");
        }
    }

    @Test
    void aFileThatLoadsWithAnErrorExitsFive() throws Exception {
        Path f = Files.writeString(dir.resolve("half.json"), TRACE.replace("]}", ",{\"ph\":\"X\" 5 ]}"));
        Run r = cli("summary", f.toString());
        assertThat(r.code()).isEqualTo(ExitStatus.LOADED_WITH_ERRORS);
        assertThat(r.err()).contains("half.json: loaded with 1 error").contains("at byte");
    }

    @Test
    void rulesThatAreNotJsonAreAnInputErrorNamingTheFile() throws Exception {
        Path t = Files.writeString(dir.resolve("t.json"), TRACE);
        Path rules = Files.writeString(dir.resolve("rules.json"), "{not json");
        Run r = cli("analyze", t.toString(), "-a", "kernels", "--rules", rules.toString());
        assertThat(r.code()).isEqualTo(ExitStatus.INPUT);
        assertThat(r.err()).contains("rules file " + rules).contains("not valid JSON").contains("line: 1")
                .doesNotContain("please report").doesNotContain("\n at ");
        Path pdf = dir.resolve("r.pdf");
        Run report = cli("report", t.toString(), "-o", pdf.toString(), "--param", "rules=" + rules);
        assertThat(report.code()).isEqualTo(ExitStatus.INPUT);
        assertThat(pdf).doesNotExist();
    }

    @Test
    void aTextFileNamedJarInThePluginsFolderIsNotAJar() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.writeString(plugins.resolve("fake.jar"), "just text");
        Run r = cli("--plugins", plugins.toString(), "plugins");
        assertThat(r.err() + r.out()).contains("fake.jar: not a jar");
    }

    @Test
    void anAnalysisOutOfMemoryIsOneFailedResultAndTheOthersAreKept() throws Exception {
        Path t = Files.writeString(dir.resolve("t.json"), TRACE);
        Analysis hog = fake("hog", () -> {
            throw new OutOfMemoryError("Java heap space");
        });
        Analysis fine = fake("fine", () -> Result.builder("fine", "Fine").build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AnalyzeCommand cmd = new AnalyzeCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new Analyses(List.of(hog, fine)));
        int code = new CommandLine(cmd).execute(t.toString(), "-a", "hog", "-a", "fine", "--json");
        assertThat(code).isEqualTo(ExitStatus.INPUT);
        JsonNode results = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(results).hasSize(2);
        assertThat(results.get(0).toString()).contains("hog: not enough memory").contains("-Xmx");
        assertThat(results.get(1).get("analysis").asText()).isEqualTo("fine");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("hog: not enough memory");
    }

    @Test
    void anInternalErrorIsOneLineWithoutDebugAndAStackTraceWithIt() {
        Run plain = cli("summary", "--threads", "0", dir.resolve("absent.json").toString());
        assertThat(plain.err()).doesNotContain("\tat ");
        String[] lines = Cli.class.getName().split("\\.");
        assertThat(lines).isNotEmpty();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = Cli.report(new IllegalStateException("boom"), "parallax x", false, ps);
        assertThat(code).isEqualTo(ExitStatus.INTERNAL);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("parallax x: internal error: "
                + "java.lang.IllegalStateException: boom (run with --debug for the stack trace; please report it with "
                + "the command and input)" + System.lineSeparator());
        err.reset();
        assertThat(Cli.report(new OutOfMemoryError(), "parallax report", true, ps)).isEqualTo(ExitStatus.INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("parallax report: not enough memory (the Java heap "
                + "is limited to ").contains("-Xmx").contains("\tat ");
    }

    private static Analysis fake(String id, java.util.function.Supplier<Result> body) {
        return new Analysis() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String title() {
                return id;
            }

            @Override
            public String description() {
                return id;
            }

            @Override
            public Result run(TraceSet traces, ParameterValues parameters, Progress progress) {
                return body.get();
            }
        };
    }
}
