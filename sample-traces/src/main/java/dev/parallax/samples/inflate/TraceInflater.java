package dev.parallax.samples.inflate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.parallax.samples.core.SampleOutput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Makes a large trace of a real shape from a real Chrome/Kineto trace: the events of the input are written
 * again and again, each copy shifted in time past the previous one, with its flow ids ({@code id}) and
 * Kineto's linking arguments ({@code correlation}, {@code External id}) moved to a range of their own so
 * that copies never link to each other. In every second copy the flow ids are written as strings, which
 * the Chrome format allows. The rest of the document (metadata, {@code distributedInfo}, ...) is kept
 * once. Streams with Jackson's parser and generator, so the output size needs no memory.
 */
public final class TraceInflater {
    private static final Set<String> LINK_ARGS = Set.of("correlation", "External id", "Ev Idx");

    private final Path input;
    private final JsonFactory factory = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();
    private BigDecimal minTs;
    private BigDecimal maxEnd;
    private long maxId;

    public TraceInflater(Path input) {
        this.input = input;
    }

    /** What was written: copies of the input's events, events in all, uncompressed bytes. */
    public record Outcome(int copies, long events, long bytes) {
    }

    /** Writes copies of the input's events to {@code out} until it holds at least {@code targetBytes}. */
    public Outcome inflate(Path out, long targetBytes, boolean gzip) throws IOException {
        scan();
        BigDecimal span = maxEnd.subtract(minTs).add(BigDecimal.valueOf(1000));
        long idStride = maxId + 1;
        long[] events = {0, 0};
        try (SampleOutput.CountingStream os = SampleOutput.open(out, gzip);
             JsonGenerator g = factory.createGenerator((OutputStream) os);
             JsonParser p = factory.createParser(open(input))) {
            g.setPrettyPrinter(new OneEventPerLine());
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                g.writeStartArray();
                copies(g, os, targetBytes, span, idStride, events);
                g.writeEndArray();
            } else {
                g.writeStartObject();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonToken v = p.nextToken();
                    g.writeFieldName(key);
                    if (key.equals("traceEvents") && v == JsonToken.START_ARRAY) {
                        p.skipChildren();
                        g.writeStartArray();
                        copies(g, os, targetBytes, span, idStride, events);
                        g.writeEndArray();
                    } else {
                        g.copyCurrentStructure(p);
                    }
                }
                g.writeEndObject();
            }
            g.flush();
            return new Outcome((int) events[1], events[0], os.count());
        }
    }

    /** Writes copies until {@code os} holds {@code targetBytes}; counts events and copies in {@code counts}. */
    private void copies(JsonGenerator g, SampleOutput.CountingStream os, long targetBytes, BigDecimal span,
                        long idStride, long[] counts) throws IOException {
        for (int k = 0; k == 0 || os.count() < targetBytes; k++) {
            try (JsonParser p = factory.createParser(open(input))) {
                toEventArray(p);
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    copyEvent(p, g, span.multiply(BigDecimal.valueOf(k)), k * idStride, k % 2 == 1);
                    counts[0]++;
                }
            }
            counts[1]++;
            g.flush();
        }
    }

    /** Compact JSON with each event on a line of its own, as trace writers do. */
    private static final class OneEventPerLine extends com.fasterxml.jackson.core.util.MinimalPrettyPrinter {
        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(g.getOutputContext().getNestingDepth() <= 2 ? ",\n" : ",");
        }
    }

    private void copyEvent(JsonParser p, JsonGenerator g, BigDecimal shift, long idShift, boolean stringIds)
            throws IOException {
        g.writeStartObject();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            g.writeFieldName(key);
            if (key.equals("ts") && v.isNumeric()) {
                g.writeNumber(p.getDecimalValue().add(shift).toPlainString());
            } else if (key.equals("id") && v == JsonToken.VALUE_NUMBER_INT) {
                long id = p.getLongValue() + idShift;
                if (stringIds) {
                    g.writeString(Long.toString(id));
                } else {
                    g.writeNumber(id);
                }
            } else if (key.equals("args") && v == JsonToken.START_OBJECT) {
                g.writeStartObject();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String a = p.currentName();
                    JsonToken av = p.nextToken();
                    g.writeFieldName(a);
                    if (LINK_ARGS.contains(a) && av == JsonToken.VALUE_NUMBER_INT && p.getLongValue() >= 0) {
                        g.writeNumber(p.getLongValue() + idShift);
                    } else {
                        g.copyCurrentStructure(p);
                    }
                }
                g.writeEndObject();
            } else {
                g.copyCurrentStructure(p);
            }
        }
        g.writeEndObject();
    }

    /** First pass: the time span of the events and the largest id or link argument. */
    private void scan() throws IOException {
        minTs = null;
        maxEnd = null;
        maxId = 0;
        try (JsonParser p = factory.createParser(open(input))) {
            if (!toEventArray(p)) {
                throw new IOException(input + ": no trace events found (an array of events or an object with "
                        + "traceEvents)");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                BigDecimal ts = null;
                BigDecimal dur = BigDecimal.ZERO;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonToken v = p.nextToken();
                    if (key.equals("ts") && v.isNumeric()) {
                        ts = p.getDecimalValue();
                    } else if (key.equals("dur") && v.isNumeric()) {
                        dur = p.getDecimalValue().max(BigDecimal.ZERO);
                    } else if (key.equals("id") && v == JsonToken.VALUE_NUMBER_INT) {
                        maxId = Math.max(maxId, p.getLongValue());
                    } else if (key.equals("args") && v == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String a = p.currentName();
                            JsonToken av = p.nextToken();
                            if (LINK_ARGS.contains(a) && av == JsonToken.VALUE_NUMBER_INT) {
                                maxId = Math.max(maxId, p.getLongValue());
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                if (ts != null) {
                    minTs = minTs == null ? ts : minTs.min(ts);
                    BigDecimal end = ts.add(dur);
                    maxEnd = maxEnd == null ? end : maxEnd.max(end);
                }
            }
            if (minTs == null) {
                throw new IOException(input + ": no event with a time stamp");
            }
        }
    }

    /** Moves the parser to the start of the event array (bare array or traceEvents); false if none. */
    private static boolean toEventArray(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_ARRAY) {
            return true;
        }
        if (t != JsonToken.START_OBJECT) {
            return false;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (key.equals("traceEvents") && v == JsonToken.START_ARRAY) {
                return true;
            }
            p.skipChildren();
        }
        return false;
    }

    private static InputStream open(Path file) throws IOException {
        PushbackInputStream in = new PushbackInputStream(Files.newInputStream(file), 2);
        int b0 = in.read();
        int b1 = in.read();
        if (b1 >= 0) {
            in.unread(b1);
        }
        if (b0 >= 0) {
            in.unread(b0);
        }
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : new java.io.BufferedInputStream(in, 1 << 16);
    }
}
