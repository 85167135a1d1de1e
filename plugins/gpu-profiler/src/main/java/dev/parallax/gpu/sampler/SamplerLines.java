package dev.parallax.gpu.sampler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the sampler child's stdout lines ({@code info}, {@code sample}, {@code error} objects; see
 * {@code nvml_sampler.c}). Anything else on stdout, such as the JVM's crash banner, is not JSON and
 * yields empty.
 */
public final class SamplerLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SamplerLines() {
    }

    /** A parsed line: exactly one of the three is present. */
    public record Line(Optional<GpuInfo> info, Optional<GpuSample> sample, Optional<String> error) {
    }

    /** The line's content, or empty for a line that is not a sampler JSON object. */
    public static Optional<Line> parse(String line) {
        String t = line.strip();
        if (!t.startsWith("{")) {
            return Optional.empty();
        }
        JsonNode n;
        try {
            n = JSON.readTree(t);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        return switch (n.path("type").asText()) {
            case "info" -> Optional.of(new Line(Optional.of(info(n)), Optional.empty(), Optional.empty()));
            case "sample" -> Optional.of(new Line(Optional.empty(), Optional.of(sample(n)), Optional.empty()));
            case "error" -> Optional.of(new Line(Optional.empty(), Optional.empty(),
                    Optional.of(n.path("message").asText("unknown error"))));
            default -> Optional.empty();
        };
    }

    private static GpuInfo info(JsonNode n) {
        List<GpuInfo.Device> devices = new ArrayList<>();
        for (JsonNode d : n.path("devices")) {
            devices.add(new GpuInfo.Device(d.path("device").asInt(), d.path("name").asText(), d.path("uuid").asText()));
        }
        return new GpuInfo(n.path("library").asText(), n.path("driver_version").asText(), devices);
    }

    private static GpuSample sample(JsonNode n) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNumber() && !e.getKey().equals("device") && !e.getKey().equals("t_ns")) {
                values.put(e.getKey(), e.getValue().asDouble());
            }
        }
        List<GpuSample.ProcessMemory> processes = new ArrayList<>();
        for (JsonNode p : n.path("processes")) {
            processes.add(new GpuSample.ProcessMemory(p.path("pid").asLong(), p.path("used_bytes").asLong()));
        }
        Map<String, String> missing = new LinkedHashMap<>();
        n.path("missing").fields().forEachRemaining(e -> missing.put(e.getKey(), e.getValue().asText()));
        return new GpuSample(n.path("device").asInt(), n.path("t_ns").asLong(), n.path("name").asText(),
                n.path("uuid").asText(), values, processes, missing);
    }
}
