package dev.parallax.samples.inflate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Copies shifted past each other in time, link ids unique per copy, string ids in every second copy. */
class TraceInflaterTest {
    private static final String TRACE = "{\"schemaVersion\":1,\"baseTimeNanoseconds\":1700000000000000000,"
            + "\"traceEvents\":[\n"
            + "{\"ph\":\"X\",\"cat\":\"cuda_runtime\",\"name\":\"cudaLaunchKernel\",\"pid\":1,\"tid\":1,"
            + "\"ts\":100.5,\"dur\":10,\"args\":{\"correlation\":7,\"External id\":3}},\n"
            + "{\"ph\":\"s\",\"cat\":\"ac2g\",\"id\":7,\"pid\":1,\"tid\":1,\"ts\":100.5},\n"
            + "{\"ph\":\"X\",\"cat\":\"kernel\",\"name\":\"gemm\",\"pid\":0,\"tid\":7,\"ts\":120,\"dur\":30.25,"
            + "\"args\":{\"correlation\":7,\"stream\":7,\"grid\":[1,2,3]}},\n"
            + "{\"ph\":\"f\",\"cat\":\"ac2g\",\"id\":7,\"pid\":0,\"tid\":7,\"ts\":120,\"bp\":\"e\"}\n"
            + "],\"deviceProperties\":[{\"id\":0}]}";

    @TempDir
    Path dir;

    @Test
    void writesShiftedCopiesWithUniqueLinkIdsUntilTheTargetSize() throws IOException {
        Path in = dir.resolve("in.json");
        Files.writeString(in, TRACE);
        Path out = dir.resolve("big.json");
        TraceInflater.Outcome o = new TraceInflater(in).inflate(out, 3 * TRACE.length(), false);
        assertThat(o.bytes()).isEqualTo(Files.size(out)).isGreaterThanOrEqualTo(3L * TRACE.length());
        assertThat(o.events()).isEqualTo(4L * o.copies());
        List<Map<String, String>> events = events(out);
        assertThat(events).hasSize((int) o.events());
        // span = max end (150.25) - min ts (100.5) + 1000 µs = 1049.75 µs
        BigDecimal span = new BigDecimal("1049.75");
        for (int k = 0; k < o.copies(); k++) {
            Map<String, String> launch = events.get(4 * k);
            assertThat(new BigDecimal(launch.get("ts"))).isEqualByComparingTo(
                    new BigDecimal("100.5").add(span.multiply(BigDecimal.valueOf(k))));
            assertThat(launch.get("args.correlation")).isEqualTo(Long.toString(7 + 8L * k));
            assertThat(launch.get("args.External id")).isEqualTo(Long.toString(3 + 8L * k));
            Map<String, String> start = events.get(4 * k + 1);
            assertThat(start.get("id")).isEqualTo((k % 2 == 1 ? "\"" : "") + (7 + 8L * k) + (k % 2 == 1 ? "\"" : ""));
            assertThat(events.get(4 * k + 2).get("args.grid")).isEqualTo("[...]");
            assertThat(events.get(4 * k + 2).get("dur")).isEqualTo("30.25");
        }
        String text = Files.readString(out);
        assertThat(text).startsWith("{\"schemaVersion\":1,\"baseTimeNanoseconds\":1700000000000000000,")
                .endsWith("],\"deviceProperties\":[{\"id\":0}]}").contains("},\n{");
    }

    /** Each event's scalar fields as text (strings quoted for "id"), args as "args.KEY". */
    private static List<Map<String, String>> events(Path file) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean events = p.currentName().equals("traceEvents");
                p.nextToken();
                if (!events) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    Map<String, String> e = new TreeMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        JsonToken v = p.nextToken();
                        if (f.equals("args")) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String k = p.currentName();
                                JsonToken av = p.nextToken();
                                if (av.isStructStart()) {
                                    p.skipChildren();
                                    e.put("args." + k, "[...]");
                                } else {
                                    e.put("args." + k, p.getText());
                                }
                            }
                        } else {
                            e.put(f, v == JsonToken.VALUE_STRING && f.equals("id") ? "\"" + p.getText() + "\"" : p.getText());
                        }
                    }
                    out.add(e);
                }
            }
        }
        return out;
    }
}
