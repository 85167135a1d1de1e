package dev.parallax.samples.core;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.PrettyPrinter;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Streams Chrome Trace Event Format JSON (object form) with Jackson's {@link JsonGenerator}: one event per line,
 * field order and spacing as PyTorch's Kineto writes them, {@code ts}/{@code dur} as microseconds with three
 * decimals computed from integer nanoseconds. Memory use does not depend on the number of events. Every event
 * written is counted in {@link #counts()}.
 *
 * <p>Usage: {@link #complete} / {@link #async} / ... open an event, optional {@code arg(...)} calls add
 * {@code args} entries, {@link #end()} closes it.
 */
public final class ChromeTraceWriter implements Closeable {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final JsonGenerator g;
    private final EventCounts counts = new EventCounts();
    private long baseNs;
    private boolean inEvent;
    private boolean argsOpen;

    /** A writer on {@code out} (closed with this writer). */
    public ChromeTraceWriter(OutputStream out) throws IOException {
        this.g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        g.setPrettyPrinter(new KinetoStylePrinter());
    }

    /** The underlying generator, for top-level metadata keys. */
    public JsonGenerator json() {
        return g;
    }

    /** Events written so far. */
    public EventCounts counts() {
        return counts;
    }

    /** Sets the clock origin: {@code ts} values are written as (absolute ns − {@code baseNs}) in µs. */
    public void setBaseNs(long baseNs) {
        this.baseNs = baseNs;
    }

    /** Opens the root object. */
    public void beginRoot() throws IOException {
        g.writeStartObject();
    }

    /** Starts the {@code traceEvents} array inside the root object. */
    public void beginTraceEvents() throws IOException {
        g.writeFieldName("traceEvents");
        g.writeStartArray();
    }

    /** Ends the {@code traceEvents} array. */
    public void endTraceEvents() throws IOException {
        g.writeEndArray();
    }

    /** Closes the root object. */
    public void endRoot() throws IOException {
        g.writeEndObject();
    }

    /** Writes a µs-with-3-decimals time field for the absolute time {@code absNs}. */
    public void timeField(String field, long absNs) throws IOException {
        g.writeFieldName(field);
        g.writeNumber(Decimals.micros(absNs - baseNs));
    }

    private void head(String ph, String cat, String name, Object pid, Object tid) throws IOException {
        if (inEvent) {
            throw new IllegalStateException("previous event not ended");
        }
        inEvent = true;
        counts.add(ph, cat);
        g.writeStartObject();
        g.writeStringField("ph", ph);
        if (cat != null) {
            g.writeStringField("cat", cat);
        }
        g.writeStringField("name", name);
        writeId("pid", pid);
        writeId("tid", tid);
    }

    private void writeId(String field, Object id) throws IOException {
        if (id instanceof Number) {
            g.writeNumberField(field, ((Number) id).longValue());
        } else {
            g.writeStringField(field, String.valueOf(id));
        }
    }

    /** Opens a complete ({@code X}) event. */
    public ChromeTraceWriter complete(String cat, String name, Object pid, Object tid, long startNs, long durNs)
            throws IOException {
        head("X", cat, name, pid, tid);
        timeField("ts", startNs);
        g.writeFieldName("dur");
        g.writeNumber(Decimals.micros(durNs));
        return this;
    }

    /** Opens an async event ({@code b}, {@code n} or {@code e}) matched by {@code cat} + {@code id}. */
    public ChromeTraceWriter async(String ph, String cat, String name, long id, Object pid, Object tid, long tsNs)
            throws IOException {
        head(ph, cat, name, pid, tid);
        timeField("ts", tsNs);
        g.writeFieldName("id");
        g.writeNumber(id);
        return this;
    }

    /** Opens a counter ({@code C}) event; each {@code arg} is one series. */
    public ChromeTraceWriter counter(String name, Object pid, long tsNs) throws IOException {
        head("C", null, name, pid, 0);
        timeField("ts", tsNs);
        return this;
    }

    /** Opens an instant ({@code i}) event with scope {@code scope} ({@code g}, {@code p} or {@code t}). */
    public ChromeTraceWriter instant(String cat, String name, Object pid, Object tid, long tsNs, String scope)
            throws IOException {
        head("i", cat, name, pid, tid);
        timeField("ts", tsNs);
        g.writeStringField("s", scope);
        return this;
    }

    /**
     * Writes a whole flow event ({@code s}, {@code t} or {@code f}) in Kineto's field order; {@code bindEnclosing}
     * adds {@code "bp": "e"} (bind to the enclosing slice).
     */
    public void flow(String ph, String cat, long id, Object pid, Object tid, long tsNs, boolean bindEnclosing)
            throws IOException {
        if (inEvent) {
            throw new IllegalStateException("previous event not ended");
        }
        counts.add(ph, cat);
        g.writeStartObject();
        g.writeStringField("ph", ph);
        g.writeNumberField("id", id);
        writeId("pid", pid);
        writeId("tid", tid);
        timeField("ts", tsNs);
        g.writeStringField("cat", cat);
        g.writeStringField("name", cat);
        if (bindEnclosing) {
            g.writeStringField("bp", "e");
        }
        g.writeEndObject();
    }

    /** Writes a whole metadata ({@code M}) event with one string argument. */
    public void meta(String name, Object pid, Object tid, long tsNs, String argKey, String value) throws IOException {
        metaHead(name, pid, tid, tsNs);
        g.writeStringField(argKey, value);
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Writes a whole metadata ({@code M}) event with one integer argument. */
    public void meta(String name, Object pid, Object tid, long tsNs, String argKey, long value) throws IOException {
        metaHead(name, pid, tid, tsNs);
        g.writeNumberField(argKey, value);
        g.writeEndObject();
        g.writeEndObject();
    }

    private void metaHead(String name, Object pid, Object tid, long tsNs) throws IOException {
        if (inEvent) {
            throw new IllegalStateException("previous event not ended");
        }
        counts.add("M", null);
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("ph", "M");
        timeField("ts", tsNs);
        writeId("pid", pid);
        writeId("tid", tid);
        g.writeObjectFieldStart("args");
    }

    private void openArgs() throws IOException {
        if (!argsOpen) {
            g.writeObjectFieldStart("args");
            argsOpen = true;
        }
    }

    /** Adds an integer argument. */
    public ChromeTraceWriter arg(String key, long value) throws IOException {
        openArgs();
        g.writeNumberField(key, value);
        return this;
    }

    /** Adds a string argument. */
    public ChromeTraceWriter arg(String key, String value) throws IOException {
        openArgs();
        g.writeStringField(key, value);
        return this;
    }

    /** Adds a decimal argument written with {@code decimals} fixed decimals. */
    public ChromeTraceWriter arg(String key, double value, int decimals) throws IOException {
        openArgs();
        g.writeFieldName(key);
        g.writeNumber(Decimals.fixed(value, decimals));
        return this;
    }

    /** Adds an array-of-integers argument such as {@code grid} or {@code block}. */
    public ChromeTraceWriter arg(String key, int... values) throws IOException {
        openArgs();
        g.writeFieldName(key);
        g.writeStartArray();
        for (int v : values) {
            g.writeNumber(v);
        }
        g.writeEndArray();
        return this;
    }

    /** Adds an array-of-arrays argument such as {@code Input Dims}. */
    public ChromeTraceWriter dims(String key, long[]... shapes) throws IOException {
        openArgs();
        g.writeFieldName(key);
        g.writeStartArray();
        for (long[] shape : shapes) {
            g.writeStartArray();
            for (long d : shape) {
                g.writeNumber(d);
            }
            g.writeEndArray();
        }
        g.writeEndArray();
        return this;
    }

    /** Adds an array-of-strings argument such as {@code Input type}. */
    public ChromeTraceWriter strings(String key, String... values) throws IOException {
        openArgs();
        g.writeFieldName(key);
        g.writeStartArray();
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
        return this;
    }

    /** Closes the current event (and its {@code args}). */
    public void end() throws IOException {
        if (argsOpen) {
            g.writeEndObject();
            argsOpen = false;
        }
        g.writeEndObject();
        inEvent = false;
    }

    /** Flushes buffered output. */
    public void flush() throws IOException {
        g.flush();
    }

    @Override
    public void close() throws IOException {
        g.close();
    }

    /**
     * Spacing like Kineto's output: {@code ", "} and {@code ": "} inside events, one event per line, top-level
     * keys on their own lines.
     */
    private static final class KinetoStylePrinter implements PrettyPrinter {
        private static int depth(JsonStreamContext ctx) {
            int d = 0;
            for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
                d++;
            }
            return d;
        }

        private static boolean lineBreaking(JsonGenerator g) {
            int d = depth(g.getOutputContext());
            return d == 1 || (d == 2 && g.getOutputContext().inArray());
        }

        @Override
        public void writeRootValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            g.writeRaw('{');
        }

        @Override
        public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
            g.writeRaw(depth(g.getOutputContext()) == 1 ? "\n}\n" : "}");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(lineBreaking(g) ? ",\n  " : ", ");
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            g.writeRaw('[');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            g.writeRaw(lineBreaking(g) && nrOfValues > 0 ? "\n  ]" : "]");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(lineBreaking(g) ? ",\n  " : ", ");
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (lineBreaking(g)) {
                g.writeRaw("\n  ");
            }
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            if (lineBreaking(g)) {
                g.writeRaw("\n  ");
            }
        }
    }
}
