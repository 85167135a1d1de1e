package dev.parallax.trace.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.trace.ArgStore;
import dev.parallax.trace.DiagnosticCode;
import dev.parallax.trace.KinetoArgs;
import dev.parallax.trace.LoadDiagnostics;
import dev.parallax.trace.Severity;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.io.DecodedSizeLimitException;
import dev.parallax.trace.io.TraceInput;
import dev.parallax.util.CancelledException;

import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * Streams one Chrome trace / Kineto JSON document from a {@link JsonTokenizer}, one event at a time, never as
 * a tree: each event's fields are read into a reused {@link EventFields} (keys in any order) and handed to the
 * {@link EventCommitter} when its object closes, so a half-written event is never added. Per event it
 * allocates nothing in the common case: names, categories, ids and string arguments are interned straight
 * from the tokenizer's bytes, times are converted from the number text. Every problem becomes a diagnostic
 * naming the byte offset; reading never throws for bad content.
 *
 * <p>The same reader parses one chunk of a file's event array into an {@link EventBatch} (see
 * {@link ParallelEvents}) and later commits it with {@link #replay}, with the result of a sequential read.
 */
final class ChromeJsonReader {
    /** Scalar members kept per top-level object such as {@code otherData}; the rest are counted and skipped. */
    private static final int MAX_OBJECT_SCALARS = 1000;

    private static final int F_OTHER = 0;
    private static final int F_PH = 1;
    private static final int F_NAME = 2;
    private static final int F_CAT = 3;
    private static final int F_PID = 4;
    private static final int F_TID = 5;
    private static final int F_TS = 6;
    private static final int F_DUR = 7;
    private static final int F_ID = 8;
    private static final int F_ID2 = 9;
    private static final int F_BP = 10;
    private static final int F_S = 11;
    private static final int F_ARGS = 12;

    private final JsonTokenizer tk;
    private final TraceBuilder builder;
    private final TraceInput input;
    private final ByteInterner strings;
    private final LoadDiagnostics.Builder diag;
    private final KinetoMetadata metadata = new KinetoMetadata();
    private final EventFields f = new EventFields();
    private final EventCommitter committer;
    private final CompactJson json = new CompactJson();
    /** Pool ids already checked for being one of the well-known argument keys. */
    private boolean[] keyChecked = new boolean[256];

    private int keyStream = -2;
    private int keyDevice = -2;
    private int keyName = -2;
    private int keySortIndex = -2;

    // ---- where we are ----
    private boolean started;
    private boolean sawTraceEvents;
    private boolean wrongTraceEvents;
    /** Bytes per code unit of the original text when it was UTF-16/32, transcoded to UTF-8 for the tokenizer. */
    private int unitBytes = 1;
    private int bomBytes;
    private boolean inEvent;
    private boolean topLevelArray;
    private long lastEventEnd;
    private long events;
    /** Array elements that are not objects, by JSON type ("a number": 3), reported once at the end. */
    private final Map<String, Long> nonObjects = new LinkedHashMap<>();
    private long firstNonObject = -1;

    // ---- parallel reading (see ParallelEvents) ----
    /** Where this reader's input was spliced: offsets at or after {@code spliceFrom} move by {@code spliceGap}. */
    private long spliceFrom = Long.MAX_VALUE;
    private long spliceGap;
    /** Set on a chunk reader: events go here instead of to a committer. */
    private final EventBatch sink;
    /** Set on the reader of a file whose event array is read in parallel chunks. */
    private ParallelEvents chunks;
    private boolean replaying;
    private long replayOffset;
    private final List<String> nonObjectTypes = new ArrayList<>();

    /**
     * A reader of one chunk of the event array: {@code tokens} reads {@code [} followed by the file from the
     * chunk's first byte {@code start} on; the events are parsed into {@code sink}, not committed.
     */
    ChromeJsonReader(JsonTokenizer tokens, EventBatch sink, long start) {
        this.tk = tokens;
        this.builder = null;
        this.input = null;
        this.strings = sink.strings;
        this.diag = null;
        this.committer = null;
        this.sink = sink;
        this.spliceFrom = 1;
        this.spliceGap = start - 1;
    }

    ChromeJsonReader(TraceBuilder builder, JsonTokenizer tokens, TraceInput input) {
        this.tk = tokens;
        this.input = input;
        this.strings = new ByteInterner(builder.strings());
        this.diag = builder.diagnostics();
        this.committer = new EventCommitter(builder);
        this.sink = null;
        this.builder = builder;
    }

    /**
     * Reads the event array in parallel chunks: the tokenizer reads the file up to and including the array's
     * opening bracket (which ends at {@code from}) and then from its closing bracket on.
     */
    void parallel(ParallelEvents events, long from) {
        this.chunks = events;
        this.spliceFrom = from;
    }

    /**
     * Tells the reader the input was UTF-16 (2) or UTF-32 (4) with a byte-order mark of {@code bom} bytes
     * (and is read transcoded to UTF-8), so that offsets count the file's bytes.
     */
    void encoding(int unit, int bom) {
        unitBytes = unit;
        bomBytes = bom;
    }

    /** Reads the whole document, recording every problem as a diagnostic; never throws for bad content. */
    void read() throws IOException {
        if (chunks != null) {
            try {
                document();
            } catch (CancelledException | ParallelEvents.Fallback e) {
                throw e;
            } catch (Exception e) {
                // anything unusual around the event array: the sequential reader reports it exactly
                throw new ParallelEvents.Fallback(e);
            }
            finish();
            return;
        }
        try {
            document();
        } catch (DecodedSizeLimitException e) {
            long at = input.decodedBytesRead();
            diag.report(DiagnosticCode.DECOMPRESSED_SIZE_LIMIT, "compressed file expands past the limit of "
                    + e.limit() + " bytes (" + input.fileBytes() + " bytes on disk): reading stopped there, kept "
                    + events + " events read before", at);
            diag.markTruncated(Math.max(0, at - lastEventEnd));
        } catch (JsonTokenizer.Cut e) {
            cutOff(location(e.offset()), null);
        } catch (EOFException | ZipException e) {
            cutOff(input.decodedBytesRead(), "the compressed stream is cut off or damaged (" + e.getMessage() + ")");
        } catch (JsonTokenizer.TooLarge e) {
            long at = location(e.offset());
            diag.report(DiagnosticCode.LIMIT_EXCEEDED, "value exceeds the parser's size limits ("
                    + e.getMessage() + "): reading stopped, kept " + events + " events read before", at);
            diag.markTruncated(Math.max(0, input.decodedBytesRead() - lastEventEnd));
        } catch (JsonTokenizer.Malformed e) {
            long at = location(e.offset());
            String what = events == 0 && !sawTraceEvents && !started
                    ? "not JSON (" + e.getMessage() + ")"
                    : "malformed JSON (" + e.getMessage() + ")";
            diag.report(DiagnosticCode.SYNTAX_ERROR, what + ": reading stopped, kept the " + events
                    + " events read before", at);
            diag.markTruncated(Math.max(0, input.decodedBytesRead() - lastEventEnd));
        } catch (CancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            long at = input.decodedBytesRead();
            diag.report(DiagnosticCode.IMPORT_FAILED, "unexpected failure while reading (" + e
                    + "): reading stopped, kept the " + events + " events read before", at);
            diag.markTruncated(Math.max(0, at - lastEventEnd));
        }
        finish();
    }

    private void cutOff(long at, String why) {
        long lost = Math.max(0, at - lastEventEnd);
        if (why == null && topLevelArray && !inEvent && events > 0) {
            diag.report(DiagnosticCode.UNCLOSED_ARRAY, "the event array is not closed (the format allows this)", at);
            return;
        }
        diag.report(DiagnosticCode.TRUNCATED, (why != null ? why : "file ends in the middle of the document")
                + ": kept the " + events + " complete events, lost " + lost + " bytes after the last one", lastEventEnd);
        diag.markTruncated(lost);
    }

    private void document() throws IOException {
        int t = tk.next();
        started = true;
        if (t == JsonTokenizer.EOF) {
            diag.report(DiagnosticCode.EMPTY, "the file is empty", 0);
            return;
        }
        if (t == JsonTokenizer.START_ARRAY) {
            topLevelArray = true;
            eventArray();
        } else if (t == JsonTokenizer.START_OBJECT) {
            while (tk.nextField()) {
                String key = tk.string();
                int v = tk.next();
                if (key.equals("traceEvents")) {
                    if (v == JsonTokenizer.START_ARRAY) {
                        sawTraceEvents = true;
                        eventArray();
                    } else {
                        wrongTraceEvents = true;
                        diag.report(DiagnosticCode.WRONG_TYPE, "traceEvents is " + typeName(v)
                                + ", not an array of events: nothing to load from it", offset());
                        tk.skipValue();
                    }
                } else if (isMetadataKey(key)) {
                    String problem = metadata.accept(key, tree());
                    if (problem != null) {
                        diag.report(DiagnosticCode.BAD_METADATA, problem, offset());
                    }
                } else if (v == JsonTokenizer.START_OBJECT) {
                    objectScalars(key);
                } else if (v == JsonTokenizer.START_ARRAY) {
                    tk.skipValue();
                } else {
                    metadata.accept(key, tree());
                }
            }
            if (!sawTraceEvents && !wrongTraceEvents) {
                diag.report(DiagnosticCode.NO_EVENTS, "JSON object without a traceEvents array: not a Chrome trace",
                        0);
            }
        } else {
            diag.report(DiagnosticCode.NOT_A_TRACE, "JSON document is " + typeName(t)
                    + ", not a Chrome trace (an array of events or an object with traceEvents)", 0);
            return;
        }
        if (tk.next() != JsonTokenizer.EOF) {
            diag.report(DiagnosticCode.TRAILING_CONTENT, "content after the end of the trace document: ignored",
                    offset());
        }
    }

    /**
     * Keeps the scalar members of a top-level object other than the known ones (such as {@code otherData},
     * where writers put their own settings) as metadata {@code key.member}; nested objects and arrays are
     * skipped, and so are members past {@link #MAX_OBJECT_SCALARS}, with a note.
     */
    private void objectScalars(String key) throws IOException {
        int kept = 0;
        int dropped = 0;
        while (tk.nextField()) {
            String member = tk.string();
            int v = tk.next();
            if (v == JsonTokenizer.START_OBJECT || v == JsonTokenizer.START_ARRAY) {
                tk.skipValue();
            } else if (kept < MAX_OBJECT_SCALARS) {
                metadata.accept(key + "." + member, tree());
                kept++;
            } else {
                dropped++;
            }
        }
        if (dropped > 0) {
            diag.report(DiagnosticCode.METADATA_TRUNCATED, "top-level object " + key + ": kept its first "
                    + MAX_OBJECT_SCALARS + " scalar members as metadata, skipped " + dropped + " more", offset());
        }
    }

    private static boolean isMetadataKey(String key) {
        return key.equals("distributedInfo") || key.equals("deviceProperties")
                || key.equals("baseTimeNanoseconds");
    }

    /** The value at the current token as a tree (top-level metadata only, never events). */
    private JsonNode tree() throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (tk.token()) {
            case JsonTokenizer.START_OBJECT:
                ObjectNode o = nodes.objectNode();
                while (tk.nextField()) {
                    String k = tk.string();
                    tk.next();
                    o.set(k, tree());
                }
                return o;
            case JsonTokenizer.START_ARRAY:
                ArrayNode a = nodes.arrayNode();
                while (tk.next() != JsonTokenizer.END_ARRAY) {
                    a.add(tree());
                }
                return a;
            case JsonTokenizer.STRING:
                return nodes.textNode(tk.string());
            case JsonTokenizer.INT:
                if (tk.isBigInteger()) {
                    return nodes.numberNode(new BigInteger(tk.string()));
                }
                long v = tk.longValue();
                return v == (int) v ? nodes.numberNode((int) v) : nodes.numberNode(v);
            case JsonTokenizer.FLOAT:
                return nodes.numberNode(tk.doubleValue());
            case JsonTokenizer.TRUE:
                return nodes.booleanNode(true);
            case JsonTokenizer.FALSE:
                return nodes.booleanNode(false);
            default:
                return nodes.nullNode();
        }
    }

    private long offset() {
        return replaying ? replayOffset : location(tk.offset());
    }

    /** The file's byte offset of a tokenizer offset. */
    private long location(long at) {
        if (unitBytes > 1) {
            at = at * unitBytes + bomBytes;
        }
        return at >= spliceFrom ? at + spliceGap : at;
    }

    // ---- events ---------------------------------------------------------------------------------

    private void eventArray() throws IOException {
        if (chunks != null) {
            chunks.run(this);
            spliceGap = chunks.outlineGap();
        }
        int t;
        while ((t = tk.next()) != JsonTokenizer.END_ARRAY) {
            if (t == JsonTokenizer.START_OBJECT) {
                inEvent = true;
                event();
                inEvent = false;
                lastEventEnd = offset();
                events++;
            } else {
                if (nonObjects.isEmpty()) {
                    firstNonObject = offset();
                }
                nonObjects.merge(typeName(t), 1L, Long::sum);
                tk.skipValue();
            }
        }
    }

    /** The JSON type of a value's first token, with an article: "a number", "an array", "null". */
    static String typeName(int t) {
        switch (t) {
            case JsonTokenizer.START_ARRAY:
                return "an array";
            case JsonTokenizer.START_OBJECT:
                return "an object";
            case JsonTokenizer.STRING:
                return "a string";
            case JsonTokenizer.INT:
            case JsonTokenizer.FLOAT:
                return "a number";
            case JsonTokenizer.TRUE:
            case JsonTokenizer.FALSE:
                return "a boolean";
            case JsonTokenizer.NULL:
                return "null";
            default:
                return "nothing";
        }
    }

    /** Which event field the current field name is (compared byte by byte: no string is made). */
    private int field() {
        byte[] b = tk.text();
        int o = tk.textOffset();
        switch (tk.textLength()) {
            case 1:
                return b[o] == 's' ? F_S : F_OTHER;
            case 2:
                if (b[o] == 'p' && b[o + 1] == 'h') {
                    return F_PH;
                }
                if (b[o] == 't' && b[o + 1] == 's') {
                    return F_TS;
                }
                if (b[o] == 'i' && b[o + 1] == 'd') {
                    return F_ID;
                }
                return b[o] == 'b' && b[o + 1] == 'p' ? F_BP : F_OTHER;
            case 3:
                if (b[o + 2] == 'd') {
                    if (b[o + 1] == 'i') {
                        return b[o] == 'p' ? F_PID : b[o] == 't' ? F_TID : F_OTHER;
                    }
                    return F_OTHER;
                }
                if (b[o] == 'c' && b[o + 1] == 'a' && b[o + 2] == 't') {
                    return F_CAT;
                }
                if (b[o] == 'd' && b[o + 1] == 'u' && b[o + 2] == 'r') {
                    return F_DUR;
                }
                return b[o] == 'i' && b[o + 1] == 'd' && b[o + 2] == '2' ? F_ID2 : F_OTHER;
            case 4:
                if (b[o] == 'n' && b[o + 1] == 'a' && b[o + 2] == 'm' && b[o + 3] == 'e') {
                    return F_NAME;
                }
                return b[o] == 'a' && b[o + 1] == 'r' && b[o + 2] == 'g' && b[o + 3] == 's' ? F_ARGS : F_OTHER;
            default:
                return F_OTHER;
        }
    }

    private void event() throws IOException {
        EventFields e = f;
        e.reset();
        while (tk.nextField()) {
            int field = field();
            int v = tk.next();
            switch (field) {
                case F_PH:
                    if (v == JsonTokenizer.STRING && tk.textLength() >= 1) {
                        e.hasPh = true;
                        e.ph = tk.textLength() == 1 ? (char) (tk.firstByte() & 0xff) : '?';
                    } else {
                        skipWrongType("ph", v);
                    }
                    break;
                case F_NAME:
                    e.name = scalarText(v, "name");
                    break;
                case F_CAT:
                    e.cat = scalarText(v, "cat");
                    break;
                case F_PID:
                    e.pid = scalarText(v, "pid");
                    break;
                case F_TID:
                    e.tid = scalarText(v, "tid");
                    break;
                case F_TS:
                    e.ts = time(v);
                    e.hasTs = e.ts != MicrosTime.INVALID;
                    e.badTime |= !e.hasTs;
                    break;
                case F_DUR:
                    e.dur = time(v);
                    e.hasDur = e.dur != MicrosTime.INVALID;
                    e.badTime |= !e.hasDur;
                    break;
                case F_ID:
                    e.idIsNumber = v == JsonTokenizer.INT;
                    e.idText = scalarText(v, "id");
                    break;
                case F_ID2:
                    id2(v);
                    break;
                case F_BP:
                    e.bindEnclosing = v == JsonTokenizer.STRING && tk.textLength() == 1 && tk.firstByte() == 'e';
                    break;
                case F_S:
                    if (v == JsonTokenizer.STRING && tk.textLength() == 1) {
                        e.scope = (char) (tk.firstByte() & 0xff);
                    }
                    break;
                case F_ARGS:
                    args(v);
                    break;
                default:
                    tk.skipValue();
            }
        }
        if (sink != null) {
            e.record(sink, offset());
        } else {
            committer.commit(e, offset());
        }
    }

    private void skipWrongType(String field, int v) throws IOException {
        parseProblem(Severity.WARNING, DiagnosticCode.WRONG_TYPE, "field \"" + field + "\" has the wrong type ("
                + typeName(v) + "): ignored", offset());
        tk.skipValue();
    }

    /** Interns a string, number or boolean token's text; 0 (the empty string) for null and wrong types. */
    private int scalarText(int v, String field) throws IOException {
        switch (v) {
            case JsonTokenizer.STRING:
            case JsonTokenizer.INT:
            case JsonTokenizer.FLOAT:
            case JsonTokenizer.TRUE:
            case JsonTokenizer.FALSE:
                return strings.intern(tk.text(), tk.textOffset(), tk.textLength());
            case JsonTokenizer.NULL:
                return 0;
            default:
                skipWrongType(field, v);
                return 0;
        }
    }

    private long time(int v) throws IOException {
        if (v == JsonTokenizer.INT || v == JsonTokenizer.FLOAT || v == JsonTokenizer.STRING) {
            return MicrosTime.parse(tk.text(), tk.textOffset(), tk.textLength());
        }
        tk.skipValue();
        return MicrosTime.INVALID;
    }

    private void id2(int v) throws IOException {
        if (v != JsonTokenizer.START_OBJECT) {
            tk.skipValue();
            return;
        }
        while (tk.nextField()) {
            boolean local = is("local");
            boolean global = !local && is("global");
            int x = tk.next();
            if (local || global) {
                f.idLocal = local;
                f.idIsNumber = x == JsonTokenizer.INT;
                f.idText = scalarText(x, "id2");
            } else {
                tk.skipValue();
            }
        }
    }

    /** Whether the current text is the ASCII text {@code s}. */
    private boolean is(String s) {
        if (tk.textLength() != s.length()) {
            return false;
        }
        byte[] b = tk.text();
        int o = tk.textOffset();
        for (int i = 0; i < s.length(); i++) {
            if (b[o + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // ---- args -----------------------------------------------------------------------------------

    /** An argument key's pool id; the first time a key is seen, whether it is one of the well-known ones. */
    private int key() {
        int id = strings.intern(tk.text(), tk.textOffset(), tk.textLength());
        if (id >= keyChecked.length) {
            keyChecked = Arrays.copyOf(keyChecked, Math.max(id + 1, keyChecked.length * 2));
        }
        if (!keyChecked[id]) {
            keyChecked[id] = true;
            String key = strings.get(id);
            if (key.equals(KinetoArgs.STREAM)) {
                keyStream = id;
            } else if (key.equals(KinetoArgs.DEVICE)) {
                keyDevice = id;
            } else if (key.equals(KinetoArgs.NAME)) {
                keyName = id;
                syncKeys();
            } else if (key.equals(KinetoArgs.SORT_INDEX)) {
                keySortIndex = id;
                syncKeys();
            }
        }
        return id;
    }

    private void syncKeys() {
        if (committer != null) {
            committer.keyName = keyName;
            committer.keySortIndex = keySortIndex;
        }
    }

    private void args(int v) throws IOException {
        if (v != JsonTokenizer.START_OBJECT) {
            if (v != JsonTokenizer.NULL) {
                skipWrongType("args", v);
            }
            return;
        }
        EventFields e = f;
        while (tk.nextField()) {
            int k = key();
            int x = tk.next();
            int i = e.addArg(k);
            switch (x) {
                case JsonTokenizer.INT:
                    if (tk.isBigInteger()) {
                        e.argType[i] = ArgStore.STRING;
                        e.argValue[i] = strings.intern(tk.text(), tk.textOffset(), tk.textLength());
                    } else {
                        e.argType[i] = ArgStore.LONG;
                        e.argValue[i] = tk.longValue();
                    }
                    break;
                case JsonTokenizer.FLOAT:
                    double d = tk.doubleValue();
                    if (Double.isFinite(d) || tk.isNonNumeric()) {
                        e.argType[i] = ArgStore.DOUBLE;
                        e.argValue[i] = Double.doubleToRawLongBits(d);
                    } else {
                        e.argType[i] = ArgStore.STRING;
                        e.argValue[i] = strings.intern(tk.text(), tk.textOffset(), tk.textLength());
                        parseProblem(null, DiagnosticCode.HUGE_NUMBER, "argument \"" + strings.get(k)
                                + "\" is too large for a double: kept as text", offset());
                    }
                    break;
                case JsonTokenizer.STRING:
                    e.argType[i] = ArgStore.STRING;
                    e.argValue[i] = strings.intern(tk.text(), tk.textOffset(), tk.textLength());
                    break;
                case JsonTokenizer.TRUE:
                case JsonTokenizer.FALSE:
                    e.argType[i] = ArgStore.BOOL;
                    e.argValue[i] = x == JsonTokenizer.TRUE ? 1 : 0;
                    break;
                case JsonTokenizer.NULL:
                    e.argType[i] = ArgStore.NULL;
                    e.argValue[i] = 0;
                    break;
                default:
                    json.write(tk);
                    e.argType[i] = ArgStore.JSON;
                    e.argValue[i] = strings.intern(json.bytes(), 0, json.length());
            }
            if (k == keyStream && e.argType[i] == ArgStore.LONG) {
                e.argStream = i;
            } else if (k == keyDevice && e.argType[i] == ArgStore.LONG) {
                e.argDevice = i;
            } else if (k == keyStream || k == keyDevice) {
                e.argsBad = true;
            }
        }
    }

    // ---- end ------------------------------------------------------------------------------------

    private void finish() {
        committer.countPhases();
        if (!nonObjects.isEmpty()) {
            StringBuilder kinds = new StringBuilder();
            long n = 0;
            for (Map.Entry<String, Long> e : nonObjects.entrySet()) {
                kinds.append(kinds.length() == 0 ? "" : ", ").append(e.getValue()).append(" × ").append(e.getKey());
                n += e.getValue();
            }
            diag.reportMany(DiagnosticCode.NOT_AN_EVENT, "array element" + (n == 1 ? " is " : "s are ")
                    + (n == 1 ? nonObjects.keySet().iterator().next() : "not event objects (" + kinds + ")")
                    + (n == 1 ? ", not an event object" : "") + ": skipped", firstNonObject, n);
        }
        committer.finish(events);
        Long base = metadata.baseTimeNanoseconds();
        if (base != null) {
            builder.setTimeOffset(base);
        }
        boolean kineto = metadata.kinetoKeys() || committer.kinetoCategories();
        builder.setMetadata(metadata.build(kineto ? "kineto" : "chrome-json"));
    }

    long events() {
        return events;
    }

    // ---- parallel chunks ------------------------------------------------------------------------

    /** A problem found while parsing: reported now, or kept with the chunk's events to report in order. */
    private void parseProblem(Severity severity, DiagnosticCode code, String message, long at) {
        if (sink != null) {
            sink.problems.add(new EventBatch.Problem(sink.size, severity, code, message, at));
        } else if (severity == null) {
            diag.report(code, message, at);
        } else {
            diag.report(severity, code, message, at);
        }
    }

    /**
     * Parses this chunk's elements into the batch until the array closes or an element starts at or after
     * {@code end} (absolute); throws for anything a sequential read would report as broken.
     */
    void readChunk(long end, java.util.function.BooleanSupplier cancelled) throws IOException {
        if (tk.next() != JsonTokenizer.START_ARRAY) {
            throw new JsonTokenizer.Malformed("chunk does not start an array", location(tk.tokenStart()));
        }
        int t;
        int n = 0;
        while ((t = tk.next()) != JsonTokenizer.END_ARRAY) {
            long at = location(tk.tokenStart());
            if (at >= end) {
                sink.next = at;
                keysTo(sink);
                return;
            }
            if (t == JsonTokenizer.START_OBJECT) {
                event();
            } else {
                int k = sink.add();
                sink.kind[k] = EventBatch.NON_OBJECT;
                sink.end[k] = offset();
                sink.name[k] = nonObjectTypes.size();
                nonObjectTypes.add(typeName(t));
                sink.strCount[k] = sink.strings.size();
                sink.argStart[k + 1] = sink.args;
                tk.skipValue();
            }
            if ((++n & 4095) == 0 && cancelled.getAsBoolean()) {
                throw new CancelledException();
            }
        }
        sink.arrayEnd = location(tk.tokenStart());
        keysTo(sink);
    }

    /** Tells the chunk's batch its local ids of the well-known argument keys. */
    private void keysTo(EventBatch e) {
        e.keyStream = keyStream;
        e.keyDevice = keyDevice;
        e.keyName = keyName;
        e.keySortIndex = keySortIndex;
    }

    /** The type names of a chunk's non-object elements, by index. */
    List<String> nonObjectTypes() {
        return nonObjectTypes;
    }

    /**
     * Commits a parsed chunk as if its elements had just been read here: the chunk's strings enter the
     * trace's pool in the order they first appeared, its parse problems are reported before the element
     * they belong to, and every element is committed with its own byte offset.
     */
    void replay(EventBatch e, List<String> types) {
        int[] map = new int[e.strings.size()];
        int mapped = 0;
        int problem = 0;
        replaying = true;
        try {
            for (int k = 0; k < e.size; k++) {
                for (int end = e.strCount[k]; mapped < end; mapped++) {
                    boolean looked = mapped < e.resolvedCount;
                    int known = looked ? e.resolved[mapped] : -1;
                    map[mapped] = known >= 0 ? known : strings.internFrom(e.strings, mapped, looked ? e.decoded[mapped] : null);
                }
                while (problem < e.problems.size() && e.problems.get(problem).element() == k) {
                    EventBatch.Problem pr = e.problems.get(problem++);
                    replayOffset = pr.offset();
                    parseProblem(pr.severity(), pr.code(), pr.message(), pr.offset());
                }
                replayOffset = e.end[k];
                if (e.kind[k] == EventBatch.NON_OBJECT) {
                    if (nonObjects.isEmpty()) {
                        firstNonObject = e.end[k];
                    }
                    nonObjects.merge(types.get(e.name[k]), 1L, Long::sum);
                    continue;
                }
                keyStream = globalKey(keyStream, e.keyStream, map, mapped);
                keyDevice = globalKey(keyDevice, e.keyDevice, map, mapped);
                keyName = globalKey(keyName, e.keyName, map, mapped);
                keySortIndex = globalKey(keySortIndex, e.keySortIndex, map, mapped);
                syncKeys();
                f.load(e, k, map);
                inEvent = true;
                committer.commit(f, e.end[k]);
                inEvent = false;
                lastEventEnd = e.end[k];
                events++;
            }
        } finally {
            replaying = false;
        }
    }

    /** The interner of the trace being built (not of a chunk). */
    ByteInterner traceStrings() {
        return strings;
    }

    private static int globalKey(int current, int local, int[] map, int mapped) {
        return current < 0 && local >= 0 && local < mapped ? map[local] : current;
    }
}
