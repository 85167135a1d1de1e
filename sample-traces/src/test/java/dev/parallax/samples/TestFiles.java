package dev.parallax.samples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Test helpers: read generated files (gzip or plain) and re-derive facts from them independently. */
final class TestFiles {
    static final JsonFactory FACTORY = new JsonFactory();

    private TestFiles() {
    }

    /** The content of a file, decompressed when its name ends with .gz. */
    static byte[] content(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        }
    }

    static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    }

    /** Files under {@code dir}, relative, sorted. */
    static List<String> listFiles(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString().replace('\\', '/')));
        }
        out.sort(null);
        return out;
    }

    /** One Chrome event reduced to what the tests look at. */
    record Event(String ph, String cat, String name, String pid, String tid, long tsNs, long durNs,
                 Map<String, String> args) {
    }

    /** Parses every event of a Chrome trace (object form), ts/dur converted exactly to ns. */
    static List<Event> events(Path file) throws IOException {
        List<Event> out = new ArrayList<>();
        try (InputStream in = open(file); JsonParser p = FACTORY.createParser(in)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!field.equals("traceEvents")) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    out.add(event(p));
                }
            }
        }
        return out;
    }

    private static Event event(JsonParser p) throws IOException {
        String ph = null;
        String cat = null;
        String name = null;
        String pid = null;
        String tid = null;
        long ts = 0;
        long dur = 0;
        Map<String, String> args = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            switch (f) {
                case "ph": ph = p.getText(); break;
                case "cat": cat = p.getText(); break;
                case "name": name = p.getText(); break;
                case "pid": pid = p.getText(); break;
                case "tid": tid = p.getText(); break;
                case "ts": ts = ns(p.getText()); break;
                case "dur": dur = ns(p.getText()); break;
                case "args":
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        JsonToken v = p.nextToken();
                        if (v == JsonToken.START_ARRAY || v == JsonToken.START_OBJECT) {
                            p.skipChildren();
                            args.put(k, "[...]");
                        } else {
                            args.put(k, p.getText());
                        }
                    }
                    break;
                default:
                    if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                        p.skipChildren();
                    }
            }
        }
        return new Event(ph, cat, name, pid, tid, ts, dur, args);
    }

    /** Exact µs-with-decimals text to ns. */
    static long ns(String micros) {
        return new BigDecimal(micros).movePointRight(3).longValueExact();
    }

    /** The top-level keys of a JSON object file, in order. */
    static List<String> topLevelKeys(Path file) throws IOException {
        List<String> keys = new ArrayList<>();
        try (InputStream in = open(file); JsonParser p = FACTORY.createParser(in)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                keys.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
        }
        return keys;
    }

    /** The numeric value of a top-level key of a JSON object file (e.g. baseTimeNanoseconds). */
    static long topLevelLong(Path file, String key) throws IOException {
        try (InputStream in = open(file); JsonParser p = FACTORY.createParser(in)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals(key)) {
                    return p.getLongValue();
                }
                p.skipChildren();
            }
        }
        throw new IllegalStateException(key + " not found in " + file);
    }
}
