package dev.parallax.gpu.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Test helpers to read the bare-array traces the injection library and the merger write. */
final class TraceFiles {
    static final ObjectMapper JSON = new ObjectMapper();

    private TraceFiles() {
    }

    /** The whole file as strict JSON (a cleanly finished trace). */
    static List<JsonNode> strict(Path p) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(p.toFile()).forEach(out::add);
        return out;
    }

    static List<JsonNode> strict(String text) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(text).forEach(out::add);
        return out;
    }

    /** Line by line, as a reader of a killed process's file must: complete lines only. */
    static List<JsonNode> lines(Path p) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.endsWith(",")) {
                t = t.substring(0, t.length() - 1);
            }
            if (t.startsWith("{")) {
                out.add(JSON.readTree(t));
            }
        }
        return out;
    }

    static Predicate<JsonNode> cat(String ph, String cat) {
        return e -> ph.equals(e.path("ph").asText()) && cat.equals(e.path("cat").asText());
    }

    static long count(List<JsonNode> events, Predicate<JsonNode> p) {
        return events.stream().filter(p).count();
    }
}
