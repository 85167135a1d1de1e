package dev.parallax.trace.json;

import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.Diagnostic;
import dev.parallax.trace.Severity;
import dev.parallax.trace.Trace;
import dev.parallax.trace.io.TraceLoader;
import dev.parallax.trace.io.UnreadableTraceException;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static dev.parallax.testing.TraceFiles.diagnostic;
import static dev.parallax.testing.TraceFiles.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Documents that are not traces, wrong top-level types, other Unicode encodings, clock overflow and begin/end
 * pairs out of order: each gives one clear diagnostic with its byte offset, never a silent wrong model.
 */
class PlausibilityTest {
    private static final String E1 = "{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":2}";

    @TempDir
    Path dir;

    @Test
    void traceEventsOfTheWrongTypeIsAnErrorWithNothingLoaded() {
        for (String v : new String[] {"5", "null", "{\"ph\":\"X\"}", "\"x\"", "true"}) {
            Trace t = load(dir, "{\"traceEvents\": " + v + "}");
            Diagnostic d = diagnostic(t, "wrong-type");
            assertThat(d.severity()).isEqualTo(Severity.ERROR);
            assertThat(d.message()).startsWith("traceEvents is ").contains("not an array of events");
            assertThat(d.firstOffset()).isPositive();
            assertThat(t.sliceCount()).isZero();
            assertThat(t.diagnostics().count("no-events")).as(v).isZero();
        }
        assertThat(diagnostic(load(dir, "{\"traceEvents\":5}"), "wrong-type").message()).contains("a number");
        assertThat(diagnostic(load(dir, "{\"traceEvents\":null}"), "wrong-type").message()).contains("is null");
        assertThat(diagnostic(load(dir, "{\"traceEvents\":{}}"), "wrong-type").message()).contains("an object");
    }

    @Test
    void nonObjectElementsAreNamedByTheirType() {
        Trace t = load(dir, "[" + E1 + ",17,\"s\",null,[1],true,2.5]");
        assertThat(t.sliceCount()).isEqualTo(1);
        assertThat(t.diagnostics().count("not-an-event")).isEqualTo(6);
        Diagnostic d = diagnostic(t, "not-an-event");
        assertThat(d.message()).isEqualTo("array elements are not event objects (2 × a number, 1 × a string, "
                + "1 × null, 1 × an array, 1 × a boolean): skipped");
        assertThat(d.firstOffset()).isEqualTo(E1.length() + 4);
        assertThat(diagnostic(load(dir, "[" + E1 + ",null]"), "not-an-event").message())
                .isEqualTo("array element is null, not an event object: skipped");
    }

    @Test
    void anArrayOfPlainRecordsIsNotATrace() {
        // short: the sniffer sees it whole and no importer takes it
        Path small = TraceFiles.write(dir, "records.json", "[{\"file\":\"a.json\",\"batch_size\":32}]");
        assertThatThrownBy(() -> TraceLoader.discover().load(small, Progress.none()))
                .isInstanceOf(UnreadableTraceException.class).hasMessageContaining("no \"ph\"");
        // read anyway (e.g. large, so the sniffer saw only its head): one error, not a warning per record
        Trace t = TraceFiles.load(small);
        Diagnostic d = diagnostic(t, "not-a-trace");
        assertThat(d.severity()).isEqualTo(Severity.ERROR);
        assertThat(d.message()).contains("no element of the event array is a trace event");
        assertThat(t.sliceCount()).isZero();
        // one event among records is a trace with warnings, not "not a trace"
        assertThat(load(dir, "[{\"a\":1}," + E1 + "]").diagnostics().count("not-a-trace")).isZero();
    }

    @Test
    void utf16AndUtf32JsonLoadWithOrWithoutAByteOrderMark() throws java.io.IOException {
        String json = "[" + E1 + ",{\"ph\":\"X\",\"name\":\"\u00e9t\u00e9 \u6f22\",\"pid\":1,\"tid\":1,\"ts\":5,\"dur\":1}]";
        String[] charsets = {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"};
        byte[][] boms = {{(byte) 0xFF, (byte) 0xFE}, {(byte) 0xFE, (byte) 0xFF},
                {(byte) 0xFF, (byte) 0xFE, 0, 0}, {0, 0, (byte) 0xFE, (byte) 0xFF}};
        for (int i = 0; i < charsets.length; i++) {
            byte[] body = json.getBytes(Charset.forName(charsets[i]));
            for (boolean bom : new boolean[] {false, true}) {
                byte[] all = bom ? concat(boms[i], body) : body;
                Path f = TraceFiles.write(dir, charsets[i] + bom + ".json", all);
                Trace t = TraceLoader.discover().load(f, Progress.none());
                assertThat(t.sliceCount()).as(charsets[i] + " bom " + bom).isEqualTo(2);
                assertThat(t.diagnostics().items()).as(charsets[i]).isEmpty();
                assertThat(t.strings().get(t.sliceTrack(0).name(1))).isEqualTo("\u00e9t\u00e9 \u6f22");
            }
        }
        // a syntax error names its byte offset, not its character offset
        String bad = "[" + E1 + ",{\"ph\" 1}]";
        byte[] utf16 = bad.getBytes(StandardCharsets.UTF_16LE);
        Trace t = TraceFiles.load(TraceFiles.write(dir, "bad16.json", utf16));
        long chars = bad.indexOf(" 1}");
        assertThat(diagnostic(t, "syntax-error").firstOffset()).isBetween(2 * chars - 2, 2 * chars + 4);
    }

    @Test
    void clockOffsetThatWouldWrapIsNotAppliedAndSaysSo() {
        Trace t = load(dir, "{\"baseTimeNanoseconds\": 9223372036854775000, \"traceEvents\":["
                + "{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":1000,\"dur\":2}]}");
        Diagnostic d = diagnostic(t, "time-overflow");
        assertThat(d.severity()).isEqualTo(Severity.WARNING);
        assertThat(d.message()).contains("9223372036854775000").contains("offset not applied");
        assertThat(t.sliceTrack(0).start(0)).isEqualTo(1_000_000);
        // an offset that fits is applied as before
        Trace ok = load(dir, "{\"baseTimeNanoseconds\": 1000000000, \"traceEvents\":[" + E1 + "]}");
        assertThat(ok.sliceTrack(0).start(0)).isEqualTo(1_000_001_000L);
        assertThat(ok.diagnostics().items()).isEmpty();
    }

    @Test
    void unmatchedAndOutOfOrderBeginsNameTheirByteOffsets() {
        String b1 = "{\"ph\":\"B\",\"name\":\"open\",\"pid\":1,\"tid\":1,\"ts\":2}";
        String json = "[" + E1 + "," + b1 + "]";
        Trace t = load(dir, json);
        Diagnostic d = diagnostic(t, "unmatched-begin");
        assertThat(d.firstOffset()).isEqualTo(json.indexOf(b1) + b1.length());
        // a B whose E carries an earlier time: both dropped, with a diagnostic naming the B
        String b2 = "{\"ph\":\"B\",\"name\":\"late\",\"pid\":1,\"tid\":1,\"ts\":9}";
        String e2 = "{\"ph\":\"E\",\"pid\":1,\"tid\":1,\"ts\":8}";
        String json2 = "[" + E1 + "," + b2 + "," + e2 + "]";
        Trace t2 = load(dir, json2);
        Diagnostic late = diagnostic(t2, "begin-after-end");
        assertThat(late.firstOffset()).isEqualTo(json2.indexOf(e2) + e2.length());
        assertThat(late.message()).contains("begin ends at byte " + (json2.indexOf(b2) + b2.length()));
        assertThat(t2.sliceCount()).isEqualTo(1);
        assertThat(t2.diagnostics().count("unmatched-end")).isZero();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
