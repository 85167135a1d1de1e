package dev.parallax.trace.json;

import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.Diagnostic;
import dev.parallax.trace.Severity;
import dev.parallax.trace.Trace;
import dev.parallax.trace.io.ImportLimits;
import dev.parallax.util.CancelledException;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static dev.parallax.testing.TraceFiles.diagnostic;
import static dev.parallax.testing.TraceFiles.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every kind of bad input gives a clear diagnostic with file and byte offset, and keeps what it can. */
class BadInputTest {
    private static final String E1 = "{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":2}";
    private static final String E2 = "{\"ph\":\"X\",\"name\":\"b\",\"pid\":1,\"tid\":1,\"ts\":5,\"dur\":2}";

    @TempDir
    Path dir;

    @Test
    void cutOffObjectFormKeepsCompleteEventsAndSaysHowManyBytesWereLost() {
        String full = "{\"schemaVersion\":1,\"traceEvents\":[" + E1 + "," + E2 + "]}";
        String cut = full.substring(0, full.indexOf(E2) + 20);
        Trace t = load(dir, cut);
        assertThat(t.sliceCount()).isEqualTo(1);
        assertThat(t.diagnostics().truncated()).isTrue();
        assertThat(t.diagnostics().bytesLost()).isEqualTo(21);
        Diagnostic d = diagnostic(t, "truncated");
        assertThat(d.severity()).isEqualTo(Severity.WARNING);
        assertThat(d.firstOffset()).isEqualTo(full.indexOf(E2) - 1);
        assertThat(t.diagnostics().lines().get(0)).startsWith(t.source() + ": WARNING at byte ")
                .contains("kept the 1 complete events, lost 21 bytes");
    }

    @Test
    void cutOffBareArrayMidEventKeepsTheEventsBefore() {
        Trace t = load(dir, "[" + E1 + ",\n" + E2.substring(0, 30));
        assertThat(t.sliceCount()).isEqualTo(1);
        assertThat(t.diagnostics().truncated()).isTrue();
        assertThat(t.diagnostics().bytesLost()).isEqualTo(32);
    }

    @Test
    void cutOffGzipStreamKeepsWhatDecompressed() throws IOException {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 5000; i++) {
            sb.append("{\"ph\":\"X\",\"name\":\"n").append(i % 97).append("\",\"pid\":1,\"tid\":1,\"ts\":").append(i * 10)
                    .append(",\"dur\":5},");
        }
        byte[] gz = TraceFiles.gzip(sb.toString().getBytes(StandardCharsets.UTF_8));
        Path f = TraceFiles.write(dir, "cut.json.gz", Arrays.copyOf(gz, gz.length / 2));
        Trace t = TraceFiles.load(f);
        assertThat(t.sliceCount()).isBetween(100L, 4999L);
        assertThat(t.diagnostics().truncated()).isTrue();
        assertThat(t.diagnostics().lines().get(0)).contains("compressed stream is cut off");
    }

    @Test
    void syntaxErrorMidFileKeepsWhatWasReadBeforeAndSaysWhere() {
        String json = "[" + E1 + ",{\"ph\":\"X\" \"name\":1}," + E2 + "]";
        Trace t = load(dir, json);
        assertThat(t.sliceCount()).isEqualTo(1);
        Diagnostic d = diagnostic(t, "syntax-error");
        assertThat(d.severity()).isEqualTo(Severity.ERROR);
        assertThat(d.firstOffset()).isBetween((long) json.indexOf("\"name\":1") - 2, (long) json.indexOf("\"name\":1") + 1);
        assertThat(d.message()).contains("malformed JSON").contains("kept the 1 events read before");
    }

    @Test
    void wrongTypesNanHugeNumbersAndNegativeDurationsAreReportedAndSkipped() {
        Trace t = load(dir, "[" + E1
                + ",{\"ph\":\"X\",\"name\":\"s\",\"pid\":1,\"tid\":1,\"ts\":\"abc\",\"dur\":1}"
                + ",{\"ph\":\"X\",\"name\":\"nan\",\"pid\":1,\"tid\":1,\"ts\":NaN,\"dur\":1}"
                + ",{\"ph\":\"X\",\"name\":\"huge\",\"pid\":1,\"tid\":1,\"ts\":1e300,\"dur\":1}"
                + ",{\"ph\":\"X\",\"name\":\"neg\",\"pid\":1,\"tid\":1,\"ts\":3,\"dur\":-0.5}"
                + ",{\"ph\":\"X\",\"name\":\"infdur\",\"pid\":1,\"tid\":1,\"ts\":3,\"dur\":Infinity}"
                + ",{\"ph\":\"X\",\"name\":{\"o\":1},\"pid\":[1],\"tid\":1,\"ts\":4,\"dur\":1}"
                + ",{\"ph\":5,\"name\":\"x\",\"ts\":1}"
                + ",{\"ph\":\"X\",\"name\":\"argsnan\",\"pid\":1,\"tid\":1,\"ts\":6,\"dur\":1,\"args\":{\"v\":NaN,\"h\":1e999}}"
                + ",17]");
        assertThat(t.sliceCount()).isEqualTo(3);
        assertThat(t.diagnostics().count("bad-time")).isEqualTo(3);
        assertThat(t.diagnostics().count("negative-duration")).isEqualTo(1);
        assertThat(t.diagnostics().count("bad-duration")).isEqualTo(1);
        assertThat(t.diagnostics().count("wrong-type")).isEqualTo(3);
        assertThat(t.diagnostics().count("missing-phase")).isEqualTo(1);
        assertThat(t.diagnostics().count("not-an-event")).isEqualTo(1);
        assertThat(t.diagnostics().count("huge-number")).isEqualTo(1);
        assertThat(t.diagnostics().items()).allMatch(d -> d.firstOffset() > 0);
        assertThat(t.diagnostics().truncated()).isFalse();
    }

    @Test
    void absurdNestingStopsAtTheParserLimitAndKeepsEarlierEvents() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        Trace t = load(dir, "[" + E1 + ",{\"ph\":\"X\",\"name\":\"d\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":1,"
                + "\"args\":{\"deep\":" + deep + "}}," + E2 + "]");
        assertThat(t.sliceCount()).isEqualTo(1);
        Diagnostic d = diagnostic(t, "limit-exceeded");
        assertThat(d.severity()).isEqualTo(Severity.ERROR);
        assertThat(d.message()).contains("nesting").contains("kept 1 events");
        assertThat(d.firstOffset()).isPositive();
    }

    @Test
    void unmatchedBeginsAndEndsAreRepaired() {
        Trace t = load(dir, "[{\"ph\":\"E\",\"pid\":1,\"tid\":1,\"ts\":1},"
                + "{\"ph\":\"B\",\"name\":\"open\",\"pid\":1,\"tid\":1,\"ts\":2},"
                + "{\"ph\":\"X\",\"name\":\"x\",\"pid\":1,\"tid\":1,\"ts\":3,\"dur\":4},"
                + "{\"ph\":\"e\",\"cat\":\"c\",\"id\":1,\"pid\":1,\"ts\":5},"
                + "{\"ph\":\"b\",\"cat\":\"c\",\"id\":2,\"name\":\"a\",\"pid\":1,\"ts\":5}]");
        assertThat(t.diagnostics().count("unmatched-end")).isEqualTo(1);
        assertThat(t.diagnostics().count("unmatched-begin")).isEqualTo(1);
        assertThat(t.diagnostics().count("unmatched-async-end")).isEqualTo(1);
        assertThat(t.diagnostics().count("unmatched-async-begin")).isEqualTo(1);
        assertThat(t.sliceTrack(0).size()).isEqualTo(2);
        assertThat(t.sliceTrack(0).duration(0)).isEqualTo(5_000);
    }

    @Test
    void binaryEmptyAndNonTraceJsonGiveOneClearError() {
        Trace empty = TraceFiles.load(TraceFiles.write(dir, "empty.json", new byte[0]));
        assertThat(diagnostic(empty, "empty").severity()).isEqualTo(Severity.ERROR);
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        noise[0] = 7;
        Trace binary = TraceFiles.load(TraceFiles.write(dir, "noise.bin", noise));
        assertThat(diagnostic(binary, "syntax-error").message()).startsWith("not JSON");
        assertThat(binary.sliceCount()).isZero();
        Trace scalar = load(dir, "42");
        assertThat(diagnostic(scalar, "not-a-trace").message()).contains("not a Chrome trace");
        Trace object = load(dir, "{\"a\":1}");
        assertThat(diagnostic(object, "no-events").message()).contains("without a traceEvents array");
    }

    @Test
    void gzipBombIsStoppedAtTheLimit() throws IOException {
        byte[] spaces = new byte[20 << 20];
        Arrays.fill(spaces, (byte) ' ');
        spaces[0] = '[';
        byte[] gz = TraceFiles.gzip(spaces);
        Path f = TraceFiles.write(dir, "bomb.json.gz", gz);
        ImportLimits limits = new ImportLimits(1L << 40, 100, 1 << 20);
        Trace t = new ChromeJsonImporter(limits).load(f, Progress.none());
        Diagnostic d = diagnostic(t, "decompressed-size-limit");
        assertThat(d.severity()).isEqualTo(Severity.ERROR);
        assertThat(d.message()).contains("expands past the limit");
        assertThat(t.loadStats().decodedBytes()).isLessThanOrEqualTo(limits.capFor(gz.length, true));
        assertThat(t.diagnostics().truncated()).isTrue();
    }

    @Test
    void reportsProgressAndStopsWhenCancelled() throws IOException {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 60_000; i++) {
            sb.append(E1).append(',');
        }
        Path f = TraceFiles.write(dir, "big.json", sb.append("]").toString());
        AtomicLong last = new AtomicLong();
        new ChromeJsonImporter().load(f, new Progress() {
            @Override
            public void update(long done, long total, String message) {
                assertThat(done).isGreaterThanOrEqualTo(last.get());
                assertThat(total).isEqualTo(sb.length());
                last.set(done);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        });
        assertThat(last.get()).isEqualTo(sb.length());
        Progress cancelAfterFirst = new Progress() {
            private volatile boolean cancelled;

            @Override
            public void update(long done, long total, String message) {
                cancelled = true;
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }
        };
        assertThatThrownBy(() -> new ChromeJsonImporter().load(f, cancelAfterFirst))
                .isInstanceOf(CancelledException.class);
    }
}
