package dev.parallax.gpu.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.parallax.gpu.sampler.GpuSample;
import dev.parallax.util.AtomicFiles;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the merged trace of a launch: the injection library's per-process files (bare arrays, one
 * event per line, possibly cut short by a kill) and the sampler's counters, on one clock base, as
 * one bare-array Chrome-trace file with one event per line. Lines that are not complete JSON
 * objects (a line cut by a kill) are dropped and counted. The file is written atomically.
 */
public final class TraceMerger {
    private static final JsonFactory JSON = new JsonFactory();

    private TraceMerger() {
    }

    /** What went into the merged file. */
    public record Stats(int injectedEvents, int kernels, int memcpys, int memsets, int nvtxRanges, int flows,
                        int counterEvents, int droppedLines, List<String> diagnostics) {
    }

    public static Stats merge(List<Path> injectionFiles, List<GpuSample> samples, long baseNanos,
                              List<String> notes, Path output) throws IOException {
        Stats[] stats = new Stats[1];
        AtomicFiles.write(output, os -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
            stats[0] = write(w, injectionFiles, samples, baseNanos, notes);
            w.flush();
        });
        return stats[0];
    }

    private static Stats write(Writer w, List<Path> injectionFiles, List<GpuSample> samples, long baseNanos,
                               List<String> notes) throws IOException {
        int events = 0, kernels = 0, memcpys = 0, memsets = 0, ranges = 0, flows = 0, dropped = 0;
        List<String> diagnostics = new java.util.ArrayList<>();
        w.write("[\n");
        w.write("{\"ph\":\"M\",\"name\":\"trace_clock_base\",\"pid\":0,\"tid\":0,\"ts\":0,\"args\":{"
                + "\"baseTimeNanoseconds\":" + baseNanos + ",\"clock\":\"CLOCK_REALTIME\","
                + "\"unit\":\"us since baseTimeNanoseconds\",\"writer\":\"parallax\"}}");
        for (String note : notes) {
            w.write(",\n");
            writeDiagnostic(w, note);
        }
        for (Path f : injectionFiles) {
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    String t = line.strip();
                    if (t.endsWith(",")) {
                        t = t.substring(0, t.length() - 1);
                    }
                    if (t.isEmpty() || t.equals("[") || t.equals("]")) {
                        continue;
                    }
                    EventKind k = classify(t);
                    if (k == null) {
                        dropped++;
                        continue;
                    }
                    if (k == EventKind.CLOCK_BASE) {
                        continue; // every process of the launch used the same base (PARALLAX_TRACE_BASE_NS)
                    }
                    switch (k) {
                        case KERNEL -> kernels++;
                        case MEMCPY -> memcpys++;
                        case MEMSET -> memsets++;
                        case NVTX -> ranges++;
                        case FLOW_END -> flows++;
                        case DIAGNOSTIC -> diagnostics.add(diagnosticMessage(t));
                        default -> {
                        }
                    }
                    w.write(",\n");
                    w.write(t);
                    events++;
                }
            }
        }
        w.flush();
        JsonGenerator g = JSON.createGenerator(w);
        g.setPrettyPrinter(new MinimalPrettyPrinter(",\n"));
        if (!samples.isEmpty()) {
            w.write(",\n");
        }
        int counters = CounterEvents.write(g, samples, baseNanos);
        g.flush();
        w.write("\n]\n");
        return new Stats(events, kernels, memcpys, memsets, ranges, flows, counters, dropped, diagnostics);
    }

    private static void writeDiagnostic(Writer w, String message) throws IOException {
        JsonGenerator g = JSON.createGenerator(w);
        g.writeStartObject();
        g.writeStringField("ph", "M");
        g.writeStringField("name", "parallax_diagnostic");
        g.writeNumberField("pid", 0);
        g.writeNumberField("tid", 0);
        g.writeObjectFieldStart("args");
        g.writeStringField("message", message);
        g.writeEndObject();
        g.writeEndObject();
        g.flush();
    }

    enum EventKind { CLOCK_BASE, KERNEL, MEMCPY, MEMSET, NVTX, FLOW_END, DIAGNOSTIC, OTHER }

    /** The kind of one event line, or null when the line is not one complete JSON object. */
    static EventKind classify(String line) {
        String ph = null, cat = null, name = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                if (t == null) {
                    return null;
                }
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if ("ph".equals(field)) {
                    ph = p.getText();
                } else if ("cat".equals(field)) {
                    cat = p.getText();
                } else if ("name".equals(field)) {
                    name = p.getText();
                }
            }
            if (p.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        if ("M".equals(ph) && "trace_clock_base".equals(name)) {
            return EventKind.CLOCK_BASE;
        }
        if ("M".equals(ph) && "parallax_diagnostic".equals(name)) {
            return EventKind.DIAGNOSTIC;
        }
        if ("f".equals(ph) && "ac2g".equals(cat)) {
            return EventKind.FLOW_END;
        }
        if (!"X".equals(ph) || cat == null) {
            return EventKind.OTHER;
        }
        return switch (cat) {
            case "kernel" -> EventKind.KERNEL;
            case "gpu_memcpy" -> EventKind.MEMCPY;
            case "gpu_memset" -> EventKind.MEMSET;
            case "user_annotation" -> EventKind.NVTX;
            default -> EventKind.OTHER;
        };
    }

    private static String diagnosticMessage(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && "message".equals(p.currentName())) {
                    p.nextToken();
                    return p.getText();
                }
            }
        } catch (IOException e) {
            return line;
        }
        return line;
    }
}
