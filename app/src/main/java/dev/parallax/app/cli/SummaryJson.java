package dev.parallax.app.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.parallax.trace.summary.TraceSummary;

import java.io.IOException;
import java.util.Map;

/** Writes a {@link TraceSummary} as JSON with snake_case keys (times in ns, plus seconds for the span). */
final class SummaryJson {
    private SummaryJson() {
    }

    static void write(JsonGenerator g, TraceSummary s) throws IOException {
        g.writeStartObject();
        g.writeStringField("file", s.file());
        g.writeStringField("format", s.format());
        if (s.rank() != null) {
            g.writeNumberField("rank", s.rank());
        } else {
            g.writeNullField("rank");
        }
        g.writeStringField("rank_source", s.rankSource() == null ? null : s.rankSource().name().toLowerCase());
        g.writeNumberField("world_size", s.worldSize());
        g.writeStringField("backend", s.backend());
        g.writeNumberField("start_ns", s.startNs());
        g.writeNumberField("end_ns", s.endNs());
        g.writeNumberField("span_ns", s.spanNs());
        g.writeNumberField("span_seconds", s.spanNs() / 1e9);
        counts(g, "events_by_phase", s.eventsByPhase());
        counts(g, "slices_by_category", s.slicesByCategory());
        g.writeObjectFieldStart("tracks");
        g.writeNumberField("cpu_threads", s.cpuThreads());
        g.writeNumberField("gpu_streams", s.gpuStreams());
        g.writeNumberField("counters", s.counterTracks());
        g.writeNumberField("async", s.asyncTracks());
        g.writeEndObject();
        g.writeNumberField("slices", s.slices());
        g.writeNumberField("counter_samples", s.counterSamples());
        g.writeArrayFieldStart("gpu_streams");
        for (TraceSummary.Stream st : s.streams()) {
            g.writeStartObject();
            g.writeNumberField("device", st.device());
            g.writeNumberField("stream", st.stream());
            g.writeStringField("label", st.label());
            g.writeNumberField("slices", st.slices());
            g.writeNumberField("busy_ns", st.busyNs());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("top_kernels");
        for (TraceSummary.Kernel k : s.topKernels()) {
            g.writeStartObject();
            g.writeStringField("name", k.name());
            g.writeNumberField("count", k.count());
            g.writeNumberField("total_ns", k.totalNs());
            g.writeNumberField("share", k.share());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("flows", s.flows());
        g.writeArrayFieldStart("diagnostics");
        for (String d : s.diagnostics()) {
            g.writeString(d);
        }
        g.writeEndArray();
        g.writeBooleanField("truncated", s.truncated());
        g.writeNumberField("bytes_lost", s.bytesLost());
        g.writeNumberField("file_bytes", s.fileBytes());
        g.writeNumberField("decoded_bytes", s.decodedBytes());
        g.writeNumberField("load_seconds", s.loadSeconds());
        g.writeNumberField("megabytes_per_second", s.megabytesPerSecond());
        g.writeEndObject();
    }

    private static void counts(JsonGenerator g, String field, Map<String, Long> m) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, Long> e : m.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
