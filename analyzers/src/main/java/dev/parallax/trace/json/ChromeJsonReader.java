package dev.parallax.trace.json;

import dev.parallax.trace.DiagnosticCode;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.trace.FlowStep;
import dev.parallax.trace.KinetoArgs;
import dev.parallax.trace.LoadDiagnostics;
import dev.parallax.trace.Severity;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TrackKind;
import dev.parallax.trace.io.DecodedSizeLimitException;
import dev.parallax.trace.io.TraceInput;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * Streams one Chrome trace / Kineto JSON document into a {@link TraceBuilder} with Jackson's
 * {@link JsonParser}, one event at a time, never as a tree. Each event's fields are read into reusable
 * buffers (in any key order) and committed when its object closes, so a half-written event is never
 * added. Per event it allocates nothing in the common case: names, categories, ids and string arguments
 * are interned straight from the parser's character buffer, times are converted from the number text.
 *
 * <p>Phases (Chrome Trace Event Format): B/E, X, i/I, C, b/n/e, s/t/f, M; P, O/N/D and the legacy
 * S/T/F/p/c/(/) are counted and skipped; anything else is counted as unknown.
 */
final class ChromeJsonReader {
    /** Scalar members kept per top-level object such as {@code otherData}; the rest are counted and skipped. */
    private static final int MAX_OBJECT_SCALARS = 1000;
    private static final String[] PHASE_NAMES = new String[128];

    static {
        for (int i = 0; i < 128; i++) {
            PHASE_NAMES[i] = String.valueOf((char) i);
        }
    }

    private final TraceBuilder b;
    private final JsonParser p;
    private final TraceInput input;
    private final ObjectMapper mapper;
    private final CharInterner strings;
    private final LoadDiagnostics.Builder diag;
    private final KinetoMetadata metadata = new KinetoMetadata();
    private final Map<String, Integer> fieldIds = new HashMap<>();
    private final LongIntMap[] trackByKind = {new LongIntMap(), new LongIntMap(), new LongIntMap()};
    private final long[] phaseCounts = new long[128];
    private final AsyncSlices async;
    private final FlowBuffer flows = new FlowBuffer();
    private final CounterSeries counters = new CounterSeries();
    private byte[] categoryClass = new byte[256];

    // ---- the event being read (reused) ----
    private char ph;
    private boolean hasPh;
    private int name;
    private int cat;
    private int pid;
    private int tid;
    private long ts;
    private boolean hasTs;
    private long dur;
    private boolean hasDur;
    private boolean badTime;
    private int idText;
    private boolean idIsNumber;
    private boolean idLocal;
    private boolean bindEnclosing;
    private char scope;
    private int argCount;
    private int[] argKey = new int[32];
    private int[] argType = new int[32];
    private long[] argValue = new long[32];
    private int argStream;
    private int argDevice;
    private boolean argsBad;
    private final CompactJson json = new CompactJson();

    // ---- key ids of interest (field name ids) ----
    private int keyStream = -2;
    private int keyDevice = -2;
    private int keyName = -2;
    private int keySortIndex = -2;

    // ---- where we are ----
    private boolean sawTraceEvents;
    private boolean wrongTraceEvents;
    /** Bytes per character unit when Jackson decodes UTF-16/32 through a reader (it then gives no byte offsets). */
    private int unitBytes = 1;
    private int bomBytes;
    private boolean inEvent;
    private boolean topLevelArray;
    private long lastEventEnd;
    private long events;
    private long missingPhase;
    /** Array elements that are not objects, by JSON type ("a number": 3), reported once at the end. */
    private final Map<String, Long> nonObjects = new java.util.LinkedHashMap<>();
    private long firstNonObject = -1;
    private boolean kinetoCategories;

    // ---- parallel reading (see ParallelEvents) ----
    /** Where this reader's input was spliced: offsets at or after {@code spliceFrom} move by {@code spliceGap}. */
    private long spliceFrom = Long.MAX_VALUE;
    private long spliceGap;
    /** Set on a chunk reader: events go here instead of into a builder. */
    private final EventBatch sink;
    /** Set on the reader of a file whose event array is read in parallel chunks. */
    private ParallelEvents chunks;
    private boolean replaying;
    private long replayOffset;
    private final java.util.List<String> nonObjectTypes = new java.util.ArrayList<>();

    /**
     * A reader of one chunk of the event array: {@code parser} reads {@code [} followed by the file from the
     * chunk's first byte {@code start} on; the events are parsed into {@code sink}, not committed.
     */
    ChromeJsonReader(JsonParser parser, EventBatch sink, long start) {
        this.b = null;
        this.p = parser;
        this.input = null;
        this.mapper = null;
        this.strings = new CharInterner(sink.strings);
        this.diag = null;
        this.async = null;
        this.sink = sink;
        this.spliceFrom = 1;
        this.spliceGap = start - 1;
    }

    ChromeJsonReader(TraceBuilder builder, JsonParser parser, TraceInput input, ObjectMapper mapper) {
        this.b = builder;
        this.p = parser;
        this.input = input;
        this.mapper = mapper;
        this.strings = new CharInterner(builder.strings());
        this.diag = builder.diagnostics();
        this.async = new AsyncSlices(builder);
        this.sink = null;
    }

    /**
     * Reads the event array in parallel chunks: the parser reads the file up to and including the array's
     * opening bracket (which ends at {@code from}) and then from its closing bracket on.
     */
    void parallel(ParallelEvents events, long from) {
        this.chunks = events;
        this.spliceFrom = from;
    }

    /** Reads the whole document, recording every problem as a diagnostic; never throws for bad content. */
    void read() throws IOException {
        if (chunks != null) {
            try {
                document();
            } catch (dev.parallax.util.CancelledException | ParallelEvents.Fallback e) {
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
        } catch (JsonEOFException e) {
            cutOff(location(e.getLocation()), null);
        } catch (EOFException | ZipException e) {
            cutOff(input.decodedBytesRead(), "the compressed stream is cut off or damaged (" + e.getMessage() + ")");
        } catch (StreamConstraintsException e) {
            long at = location(e.getLocation());
            diag.report(DiagnosticCode.LIMIT_EXCEEDED, "value exceeds the parser's size limits ("
                    + firstLine(e.getOriginalMessage()) + "): reading stopped, kept " + events + " events read before", at);
            diag.markTruncated(Math.max(0, input.decodedBytesRead() - lastEventEnd));
        } catch (JsonParseException e) {
            if (input.reachedEnd() && String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
                cutOff(input.decodedBytesRead(), null);
                finish();
                return;
            }
            long at = location(e.getLocation());
            String what = events == 0 && !sawTraceEvents && at <= 1
                    ? "not JSON (" + firstLine(e.getOriginalMessage()) + ")"
                    : "malformed JSON (" + firstLine(e.getOriginalMessage()) + ")";
            diag.report(DiagnosticCode.SYNTAX_ERROR, what + ": reading stopped, kept the " + events
                    + " events read before", at);
            diag.markTruncated(Math.max(0, input.decodedBytesRead() - lastEventEnd));
        } catch (dev.parallax.util.CancelledException e) {
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

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private void document() throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            diag.report(DiagnosticCode.EMPTY, "the file is empty", 0);
            return;
        }
        if (t == JsonToken.START_ARRAY) {
            topLevelArray = true;
            eventArray();
        } else if (t == JsonToken.START_OBJECT) {
            String key;
            while ((key = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                if (key.equals("traceEvents")) {
                    if (v == JsonToken.START_ARRAY) {
                        sawTraceEvents = true;
                        eventArray();
                    } else {
                        wrongTraceEvents = true;
                        diag.report(DiagnosticCode.WRONG_TYPE, "traceEvents is " + typeName(v)
                                + ", not an array of events: nothing to load from it", offset());
                        p.skipChildren();
                    }
                } else if (isMetadataKey(key)) {
                    JsonNode node = mapper.readTree(p);
                    String problem = metadata.accept(key, node);
                    if (problem != null) {
                        diag.report(DiagnosticCode.BAD_METADATA, problem, offset());
                    }
                } else if (v == JsonToken.START_OBJECT) {
                    objectScalars(key);
                } else if (v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else {
                    metadata.accept(key, mapper.readTree(p));
                }
            }
            if (!sawTraceEvents && !wrongTraceEvents) {
                diag.report(DiagnosticCode.NO_EVENTS, "JSON object without a traceEvents array: not a Chrome trace",
                        0);
            }
        } else {
            diag.report(DiagnosticCode.NOT_A_TRACE, "JSON document is a " + t.asString()
                    + " value, not a Chrome trace (an array of events or an object with traceEvents)", 0);
            return;
        }
        JsonToken after = p.nextToken();
        if (after != null) {
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
        String member;
        while ((member = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else if (kept < MAX_OBJECT_SCALARS) {
                metadata.accept(key + "." + member, mapper.readTree(p));
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

    private long offset() {
        return replaying ? replayOffset : location(p.currentLocation());
    }

    /** A location's byte offset; for UTF-16/32 input (read as characters) the character offset in bytes. */
    private long location(com.fasterxml.jackson.core.JsonLocation l) {
        if (l == null) {
            return input.decodedBytesRead();
        }
        long at = l.getByteOffset();
        if (at < 0 && l.getCharOffset() >= 0) {
            at = l.getCharOffset() * unitBytes + bomBytes;
        }
        return at >= spliceFrom ? at + spliceGap : at;
    }

    /**
     * Tells the reader the input is UTF-16 (2) or UTF-32 (4) with a byte-order mark of {@code bom} bytes, so
     * that offsets count bytes, not characters.
     */
    void encoding(int unit, int bom) {
        unitBytes = unit;
        bomBytes = bom;
    }

    // ---- events ---------------------------------------------------------------------------------

    private void eventArray() throws IOException {
        if (chunks != null) {
            chunks.run(this);
            spliceGap = chunks.outlineGap();
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new JsonEOFException(p, null, "end of input inside the event array");
            }
            if (t == JsonToken.START_OBJECT) {
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
                p.skipChildren();
            }
        }
    }

    /** The JSON type of a value's first token, with an article: "a number", "an array", "null". */
    static String typeName(JsonToken t) {
        switch (t) {
            case START_ARRAY:
                return "an array";
            case START_OBJECT:
                return "an object";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return "a " + t.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private void reset() {
        hasPh = false;
        ph = 0;
        name = 0;
        cat = 0;
        pid = 0;
        tid = 0;
        hasTs = false;
        hasDur = false;
        badTime = false;
        idText = -1;
        idIsNumber = false;
        idLocal = false;
        bindEnclosing = false;
        scope = 't';
        argCount = 0;
        argStream = -1;
        argDevice = -1;
        argsBad = false;
    }

    private void event() throws IOException {
        reset();
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (field) {
                case "ph":
                    if (v == JsonToken.VALUE_STRING && p.getTextLength() >= 1) {
                        ph = p.getTextCharacters()[p.getTextOffset()];
                        hasPh = p.getTextLength() == 1;
                        if (!hasPh) {
                            ph = '?';
                            hasPh = true;
                        }
                    } else {
                        skipWrongType("ph", v);
                    }
                    break;
                case "name":
                    name = scalarText(v, "name");
                    break;
                case "cat":
                    cat = scalarText(v, "cat");
                    break;
                case "pid":
                    pid = scalarText(v, "pid");
                    break;
                case "tid":
                    tid = scalarText(v, "tid");
                    break;
                case "ts":
                    ts = time(v);
                    hasTs = ts != MicrosTime.INVALID;
                    badTime |= !hasTs;
                    break;
                case "dur":
                    dur = time(v);
                    hasDur = dur != MicrosTime.INVALID;
                    badTime |= !hasDur;
                    break;
                case "id":
                    idIsNumber = v == JsonToken.VALUE_NUMBER_INT;
                    idText = scalarText(v, "id");
                    break;
                case "id2":
                    id2(v);
                    break;
                case "bp":
                    bindEnclosing = v == JsonToken.VALUE_STRING && p.getTextLength() == 1
                            && p.getTextCharacters()[p.getTextOffset()] == 'e';
                    break;
                case "s":
                    if (v == JsonToken.VALUE_STRING && p.getTextLength() == 1) {
                        scope = p.getTextCharacters()[p.getTextOffset()];
                    }
                    break;
                case "args":
                    args(v);
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new JsonParseException(p, "expected a field name or the end of the event object");
        }
        commit();
    }

    private void skipWrongType(String field, JsonToken v) throws IOException {
        parseProblem(Severity.WARNING, DiagnosticCode.WRONG_TYPE, "field \"" + field + "\" has the wrong type ("
                + v.asString() + "): ignored", offset());
        p.skipChildren();
    }

    /** Interns a string or number token's text; 0 (the empty string) for null and wrong types. */
    private int scalarText(JsonToken v, String field) throws IOException {
        switch (v) {
            case VALUE_STRING:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return strings.intern(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return strings.intern(v == JsonToken.VALUE_TRUE ? "true" : "false");
            case VALUE_NULL:
                return 0;
            default:
                skipWrongType(field, v);
                return 0;
        }
    }

    private long time(JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT || v == JsonToken.VALUE_STRING) {
            return MicrosTime.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
            p.skipChildren();
        }
        return MicrosTime.INVALID;
    }

    private void id2(JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        String f;
        while ((f = p.nextFieldName()) != null) {
            JsonToken x = p.nextToken();
            if (f.equals("local") || f.equals("global")) {
                idLocal = f.equals("local");
                idIsNumber = x == JsonToken.VALUE_NUMBER_INT;
                idText = scalarText(x, "id2");
            } else {
                p.skipChildren();
            }
        }
    }

    // ---- args -----------------------------------------------------------------------------------

    private int fieldId(String key) {
        Integer id = fieldIds.get(key);
        if (id == null) {
            id = strings.intern(key);
            fieldIds.put(key, id);
            if (key.equals(KinetoArgs.STREAM)) {
                keyStream = id;
            } else if (key.equals(KinetoArgs.DEVICE)) {
                keyDevice = id;
            } else if (key.equals(KinetoArgs.NAME)) {
                keyName = id;
            } else if (key.equals(KinetoArgs.SORT_INDEX)) {
                keySortIndex = id;
            }
        }
        return id;
    }

    private void args(JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            if (v != JsonToken.VALUE_NULL) {
                skipWrongType("args", v);
            }
            return;
        }
        String key;
        while ((key = p.nextFieldName()) != null) {
            int k = fieldId(key);
            JsonToken x = p.nextToken();
            if (argCount == argKey.length) {
                argKey = Arrays.copyOf(argKey, argCount * 2);
                argType = Arrays.copyOf(argType, argCount * 2);
                argValue = Arrays.copyOf(argValue, argCount * 2);
            }
            int i = argCount++;
            argKey[i] = k;
            switch (x) {
                case VALUE_NUMBER_INT:
                    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        argType[i] = dev.parallax.trace.ArgStore.STRING;
                        argValue[i] = strings.intern(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    } else {
                        argType[i] = dev.parallax.trace.ArgStore.LONG;
                        argValue[i] = p.getLongValue();
                    }
                    break;
                case VALUE_NUMBER_FLOAT:
                    double d = p.getDoubleValue();
                    if (Double.isFinite(d) || isNonNumericToken()) {
                        argType[i] = dev.parallax.trace.ArgStore.DOUBLE;
                        argValue[i] = Double.doubleToRawLongBits(d);
                    } else {
                        argType[i] = dev.parallax.trace.ArgStore.STRING;
                        argValue[i] = strings.intern(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                        parseProblem(null, DiagnosticCode.HUGE_NUMBER, "argument \"" + key
                                + "\" is too large for a double: kept as text", offset());
                    }
                    break;
                case VALUE_STRING:
                    argType[i] = dev.parallax.trace.ArgStore.STRING;
                    argValue[i] = strings.intern(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    break;
                case VALUE_TRUE:
                case VALUE_FALSE:
                    argType[i] = dev.parallax.trace.ArgStore.BOOL;
                    argValue[i] = x == JsonToken.VALUE_TRUE ? 1 : 0;
                    break;
                case VALUE_NULL:
                    argType[i] = dev.parallax.trace.ArgStore.NULL;
                    argValue[i] = 0;
                    break;
                case START_ARRAY:
                case START_OBJECT:
                    json.write(p, x);
                    argType[i] = dev.parallax.trace.ArgStore.JSON;
                    argValue[i] = strings.intern(json.chars(), 0, json.length());
                    break;
                default:
                    argCount--;
                    p.skipChildren();
            }
            if (k == keyStream && argType[i] == dev.parallax.trace.ArgStore.LONG) {
                argStream = i;
            } else if (k == keyDevice && argType[i] == dev.parallax.trace.ArgStore.LONG) {
                argDevice = i;
            } else if (k == keyStream || k == keyDevice) {
                argsBad = true;
            }
        }
    }

    private boolean isNonNumericToken() throws IOException {
        char c = p.getTextCharacters()[p.getTextOffset()];
        return c == 'N' || c == 'I' || ((c == '-' || c == '+') && p.getTextLength() > 1
                && p.getTextCharacters()[p.getTextOffset() + 1] == 'I');
    }

    private int commitArgs() {
        if (argCount == 0) {
            return -1;
        }
        dev.parallax.trace.ArgStore.Builder a = b.args();
        a.begin();
        for (int i = 0; i < argCount; i++) {
            switch (argType[i]) {
                case dev.parallax.trace.ArgStore.LONG:
                    a.putLong(argKey[i], argValue[i]);
                    break;
                case dev.parallax.trace.ArgStore.DOUBLE:
                    a.putDouble(argKey[i], Double.longBitsToDouble(argValue[i]));
                    break;
                case dev.parallax.trace.ArgStore.STRING:
                    a.putString(argKey[i], (int) argValue[i]);
                    break;
                case dev.parallax.trace.ArgStore.JSON:
                    a.putJson(argKey[i], (int) argValue[i]);
                    break;
                case dev.parallax.trace.ArgStore.BOOL:
                    a.putBool(argKey[i], argValue[i] != 0);
                    break;
                default:
                    a.putNull(argKey[i]);
            }
        }
        return a.end();
    }

    // ---- commit one event -----------------------------------------------------------------------

    private void commit() throws IOException {
        if (sink != null) {
            record();
            return;
        }
        if (!hasPh) {
            missingPhase++;
            diag.report(DiagnosticCode.MISSING_PHASE, "event without \"ph\": skipped", offset());
            phaseCounts['?']++;
            return;
        }
        if (ph < 128) {
            phaseCounts[ph]++;
        } else {
            phaseCounts['?']++;
        }
        switch (ph) {
            case 'X':
                complete();
                break;
            case 'B':
                if (needTime()) {
                    b.begin(track(), ts, name, cat, commitArgs(), offset());
                }
                break;
            case 'E':
                if (needTime()) {
                    end();
                }
                break;
            case 'i':
            case 'I':
            case 'R':
                if (needTime()) {
                    b.addSlice(instantTrack(), ts, 0, name, cat, commitArgs());
                }
                break;
            case 'C':
                if (needTime()) {
                    counter();
                }
                break;
            case 'b':
            case 'e':
            case 'n':
                if (needTime()) {
                    asyncEvent();
                }
                break;
            case 's':
            case 't':
            case 'f':
                if (needTime()) {
                    flow();
                }
                break;
            case 'M':
                metadataEvent();
                break;
            case 'P':
            case 'O':
            case 'N':
            case 'D':
            case 'S':
            case 'T':
            case 'F':
            case 'p':
            case 'c':
            case '(':
            case ')':
            case 'V':
            case 'v':
                break;
            default:
                diag.report(DiagnosticCode.UNKNOWN_PHASE, "event with unknown phase \"" + (ph == '?' ? "(long)" : ph)
                        + "\": counted and skipped", offset());
        }
    }

    private void end() {
        int r = b.endSlice(track(), ts);
        if (r == TraceBuilder.END_NOTHING_OPEN) {
            diag.report(DiagnosticCode.UNMATCHED_END, "end (E) with no open begin (B) on its thread: dropped",
                    offset());
        } else if (r == TraceBuilder.END_BEFORE_BEGIN) {
            long at = b.lastDroppedBeginOffset();
            diag.report(DiagnosticCode.BEGIN_AFTER_END, "end (E) with an earlier time than the begin (B) it closes"
                    + (at >= 0 ? " (the begin ends at byte " + at + ")" : "") + ": both dropped", offset());
        }
    }

    private boolean needTime() throws IOException {
        if (!hasTs) {
            diag.report(DiagnosticCode.BAD_TIME, "event without a valid \"ts\" (missing, not a number, NaN or "
                    + "too large): skipped", offset());
            return false;
        }
        return true;
    }

    private void complete() throws IOException {
        if (!needTime()) {
            return;
        }
        if (!hasDur) {
            if (badTime) {
                diag.report(DiagnosticCode.BAD_DURATION, "complete event (X) with an invalid \"dur\" (not a "
                        + "number, NaN or too large): skipped", offset());
                return;
            }
            diag.report(DiagnosticCode.MISSING_DURATION, "complete event (X) without \"dur\": kept as an instant",
                    offset());
            dur = 0;
        }
        if (dur < 0) {
            diag.report(DiagnosticCode.NEGATIVE_DURATION, "complete event (X) with a negative duration: dropped",
                    offset());
            return;
        }
        if (ts > 0 && dur > Long.MAX_VALUE - ts) {
            diag.report(DiagnosticCode.BAD_DURATION, "complete event (X) ends past the largest time: dropped",
                    offset());
            return;
        }
        b.addSlice(track(), ts, dur, name, cat, commitArgs());
    }

    // ---- tracks ---------------------------------------------------------------------------------

    /**
     * GPU activity: a GPU category, or any event with an integer {@code args.stream}/{@code args.device}
     * unless its category is host-side (a runtime/driver call or a CPU op that names its device).
     */
    private boolean isGpuEvent() {
        if (cat >= categoryClass.length) {
            categoryClass = Arrays.copyOf(categoryClass, Math.max(cat + 1, categoryClass.length * 2));
        }
        byte c = categoryClass[cat];
        if (c == 0) {
            String s = b.strings().get(cat);
            kinetoCategories |= GpuCategories.isKineto(s);
            c = (byte) (GpuCategories.isGpu(s) ? 1 : GpuCategories.isHostSide(s) ? 3 : 2);
            categoryClass[cat] = c;
        }
        return c == 1 || (c == 2 && (argStream >= 0 || argDevice >= 0));
    }

    private int track() {
        return isGpuEvent() ? gpuTrack() : cpuTrack(pid, tid);
    }

    private int cpuTrack(int p, int t) {
        long key = (long) p << 32 | (t & 0xffffffffL);
        LongIntMap m = trackByKind[0];
        int id = m.get(key);
        if (id < 0) {
            id = b.sliceTrack(TrackKind.CPU_THREAD, b.strings().get(p), b.strings().get(t));
            m.put(key, id);
        }
        return id;
    }

    private int gpuTrack() {
        long key = (long) pid << 32 | (tid & 0xffffffffL);
        LongIntMap m = trackByKind[1];
        int id = m.get(key);
        if (id < 0) {
            String ps = b.strings().get(pid);
            String ts1 = b.strings().get(tid);
            id = b.sliceTrack(TrackKind.GPU_STREAM, ps, ts1);
            int device = argDevice >= 0 ? (int) argValue[argDevice] : (int) leadingNumber(ps);
            long stream = argStream >= 0 ? argValue[argStream] : trailingNumber(ts1);
            b.setGpuStream(id, device, stream);
            m.put(key, id);
        }
        return id;
    }

    private static long leadingNumber(String s) {
        long v = 0;
        int n = 0;
        for (int i = 0; i < s.length() && Character.isDigit(s.charAt(i)) && n < 18; i++, n++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return n == 0 ? -1 : v;
    }

    private static long trailingNumber(String s) {
        int i = s.length();
        while (i > 0 && s.charAt(i - 1) >= '0' && s.charAt(i - 1) <= '9' && s.length() - i < 18) {
            i--;
        }
        return i == s.length() ? -1 : IdNumbers.parse(s.substring(i), false);
    }

    private int instantTrack() {
        if (scope == 'g') {
            int id = cpuTrack(0, 0);
            b.setThreadName("", "", "global instants");
            return id;
        }
        if (scope == 'p') {
            int id = cpuTrack(pid, 0);
            b.setThreadName(b.strings().get(pid), "", "process instants");
            return id;
        }
        return track();
    }

    // ---- counters -------------------------------------------------------------------------------

    private void counter() throws IOException {
        for (int i = 0; i < argCount; i++) {
            double v;
            switch (argType[i]) {
                case dev.parallax.trace.ArgStore.LONG:
                    v = argValue[i];
                    break;
                case dev.parallax.trace.ArgStore.DOUBLE:
                    v = Double.longBitsToDouble(argValue[i]);
                    break;
                case dev.parallax.trace.ArgStore.STRING:
                    v = IdNumbers.parseDouble(b.strings().get((int) argValue[i]).trim());
                    break;
                default:
                    v = Double.NaN;
            }
            if (!Double.isFinite(v)) {
                diag.report(DiagnosticCode.COUNTER_NOT_NUMBER, "counter (C) value of \""
                        + b.strings().get(argKey[i]) + "\" is not a finite number: skipped", offset());
                continue;
            }
            b.addCounter(counters.track(b, pid, name, idText, argKey[i]), ts, v);
        }
    }

    // ---- async ----------------------------------------------------------------------------------

    private void asyncEvent() throws IOException {
        if (idText < 0) {
            diag.report(DiagnosticCode.ASYNC_WITHOUT_ID, "async event (" + ph + ") without \"id\": skipped",
                    offset());
            return;
        }
        int scopePid = idLocal ? pid : -1;
        switch (ph) {
            case 'b':
                async.begin(cat, idText, scopePid, pid, name, ts, commitArgs());
                break;
            case 'e':
                int r = async.end(cat, idText, scopePid, ts);
                if (r == AsyncSlices.NO_BEGIN) {
                    diag.report(DiagnosticCode.UNMATCHED_ASYNC_END, "async end (e) with no open begin (b) of "
                            + "the same category and id: dropped", offset());
                } else if (r == AsyncSlices.BEFORE_BEGIN) {
                    diag.report(DiagnosticCode.NEGATIVE_DURATION, "async end (e) before its begin (b): dropped",
                            offset());
                }
                break;
            default:
                async.instant(cat, idText, scopePid, pid, name, ts, commitArgs());
        }
    }

    // ---- flows ----------------------------------------------------------------------------------

    private void flow() throws IOException {
        if (idText < 0) {
            diag.report(DiagnosticCode.FLOW_WITHOUT_ID, "flow event (" + ph + ") without \"id\": skipped",
                    offset());
            return;
        }
        long id = flowId();
        FlowStep step = FlowStep.ofChromePhase(ph);
        boolean enclosing = step != FlowStep.END || bindEnclosing;
        boolean gpuHint = isGpuEvent() || step == FlowStep.END;
        int known = knownFlowTrack(pid, tid, gpuHint);
        if (known >= 0) {
            b.flowPoint(id, cat, step, known, ts, enclosing);
        } else {
            // the track of this (pid, tid) is not known yet (e.g. its kernels come later): decide at the end
            flows.add(id, cat, step, pid, tid, ts, enclosing, gpuHint);
        }
    }

    /**
     * The flow id: the number a decimal or (in a string) {@code 0x} hexadecimal id spells, else one made from
     * the interned text (ids are compared, never shown). Parsed without exceptions: string ids are common.
     */
    private long flowId() {
        String text = b.strings().get(idText);
        long v = IdNumbers.parse(text, !idIsNumber);
        return v != IdNumbers.NOT_A_NUMBER ? v : 1L << 62 | idText;
    }

    // ---- metadata -------------------------------------------------------------------------------

    private void metadataEvent() throws IOException {
        String what = b.strings().get(name);
        String p1 = b.strings().get(pid);
        switch (what) {
            case "process_name":
                b.setProcessName(p1, argString(keyName));
                break;
            case "thread_name":
                b.setThreadName(p1, b.strings().get(tid), argString(keyName));
                break;
            case "process_sort_index":
                b.setProcessSortIndex(p1, (int) argLong(keySortIndex));
                break;
            case "thread_sort_index":
                b.setThreadSortIndex(p1, b.strings().get(tid), (int) argLong(keySortIndex));
                break;
            default:
        }
    }

    private String argString(int key) {
        for (int i = 0; i < argCount; i++) {
            if (argKey[i] == key) {
                return argType[i] == dev.parallax.trace.ArgStore.STRING ? b.strings().get((int) argValue[i]).strip()
                        : String.valueOf(argValue[i]);
            }
        }
        return null;
    }

    private long argLong(int key) {
        for (int i = 0; i < argCount; i++) {
            if (argKey[i] == key && argType[i] == dev.parallax.trace.ArgStore.LONG) {
                return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, argValue[i]));
            }
        }
        return Integer.MAX_VALUE;
    }

    // ---- end ------------------------------------------------------------------------------------

    private void finish() {
        for (int i = 0; i < 128; i++) {
            if (phaseCounts[i] > 0) {
                b.countPhase(PHASE_NAMES[i], phaseCounts[i]);
            }
        }
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
        if (events > 0 && events == phaseCounts['?'] && missingPhase == events) {
            diag.report(DiagnosticCode.NOT_A_TRACE, "no element of the event array is a trace event (none has "
                    + "\"ph\"): not a Chrome trace", 0);
        }
        async.finish(diag);
        flows.emit(b, this::flowTrack);
        Long base = metadata.baseTimeNanoseconds();
        if (base != null) {
            b.setTimeOffset(base);
        }
        boolean kineto = metadata.kinetoKeys() || kinetoCategories;
        b.setMetadata(metadata.build(kineto ? "kineto" : "chrome-json"));
    }

    /** The track a flow point on (pid, tid) belongs to when that is already certain, else -1. */
    private int knownFlowTrack(int p1, int t1, boolean gpuHint) {
        long key = (long) p1 << 32 | (t1 & 0xffffffffL);
        int cpu = trackByKind[0].get(key);
        int gpu = trackByKind[1].get(key);
        if (gpu >= 0 && (gpuHint || cpu >= 0)) {
            return gpuHint || cpu < 0 ? gpu : cpu;
        }
        return !gpuHint && cpu >= 0 ? cpu : -1;
    }

    private int flowTrack(int p1, int t1, boolean gpuHint) {
        long key = (long) p1 << 32 | (t1 & 0xffffffffL);
        int cpu = trackByKind[0].get(key);
        int gpu = trackByKind[1].get(key);
        if (gpu >= 0 && (cpu < 0 || gpuHint)) {
            return gpu;
        }
        return cpu >= 0 ? cpu : cpuTrack(p1, t1);
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
        if (p.nextToken() != JsonToken.START_ARRAY) {
            throw new JsonParseException(p, "chunk does not start an array");
        }
        JsonToken t;
        int n = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new JsonEOFException(p, null, "end of input inside the event array");
            }
            long at = location(p.currentTokenLocation());
            if (at >= end) {
                sink.next = at;
                return;
            }
            if (t == JsonToken.START_OBJECT) {
                event();
            } else {
                int k = sink.add();
                sink.kind[k] = EventBatch.NON_OBJECT;
                sink.end[k] = offset();
                sink.name[k] = nonObjectTypes.size();
                nonObjectTypes.add(typeName(t));
                sink.strCount[k] = sink.strings.size();
                sink.argStart[k + 1] = sink.args;
                p.skipChildren();
            }
            if ((++n & 4095) == 0 && cancelled.getAsBoolean()) {
                throw new dev.parallax.util.CancelledException();
            }
        }
        sink.arrayEnd = location(p.currentTokenLocation());
        sink.keyStream = keyStream;
        sink.keyDevice = keyDevice;
        sink.keyName = keyName;
        sink.keySortIndex = keySortIndex;
    }

    /** The type names of a chunk's non-object elements, by index. */
    java.util.List<String> nonObjectTypes() {
        return nonObjectTypes;
    }

    private void record() {
        EventBatch e = sink;
        int k = e.add();
        e.kind[k] = EventBatch.EVENT;
        e.ph[k] = ph;
        e.scope[k] = scope;
        e.flags[k] = (hasPh ? EventBatch.HAS_PH : 0) | (hasTs ? EventBatch.HAS_TS : 0)
                | (hasDur ? EventBatch.HAS_DUR : 0) | (badTime ? EventBatch.BAD_TIME : 0)
                | (idIsNumber ? EventBatch.ID_NUMBER : 0) | (idLocal ? EventBatch.ID_LOCAL : 0)
                | (bindEnclosing ? EventBatch.BIND_ENCLOSING : 0) | (argsBad ? EventBatch.ARGS_BAD : 0);
        e.name[k] = name;
        e.cat[k] = cat;
        e.pid[k] = pid;
        e.tid[k] = tid;
        e.idText[k] = idText;
        e.ts[k] = ts;
        e.dur[k] = dur;
        e.argStream[k] = argStream;
        e.argDevice[k] = argDevice;
        e.argStart[k] = e.args;
        for (int i = 0; i < argCount; i++) {
            e.arg(argKey[i], argType[i], argValue[i]);
        }
        e.argStart[k + 1] = e.args;
        e.strCount[k] = e.strings.size();
        e.end[k] = offset();
        e.keyStream = keyStream;
        e.keyDevice = keyDevice;
        e.keyName = keyName;
        e.keySortIndex = keySortIndex;
    }

    /**
     * Commits a parsed chunk as if its elements had just been read here: the chunk's strings enter the
     * trace's pool in the order they first appeared, its parse problems are reported before the element
     * they belong to, and every element is committed with its own byte offset.
     */
    void replay(EventBatch e, java.util.List<String> types) throws IOException {
        dev.parallax.trace.StringPool.Builder pool = b.strings();
        int[] map = new int[e.strings.size()];
        int mapped = 0;
        int problem = 0;
        replaying = true;
        try {
            for (int k = 0; k < e.size; k++) {
                for (int end = e.strCount[k]; mapped < end; mapped++) {
                    map[mapped] = pool.intern(e.strings.get(mapped));
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
                load(e, k, map);
                inEvent = true;
                commit();
                inEvent = false;
                lastEventEnd = e.end[k];
                events++;
            }
        } finally {
            replaying = false;
        }
    }

    private static int globalKey(int current, int local, int[] map, int mapped) {
        return current < 0 && local >= 0 && local < mapped ? map[local] : current;
    }

    private void load(EventBatch e, int k, int[] map) {
        int f = e.flags[k];
        ph = e.ph[k];
        scope = e.scope[k];
        hasPh = (f & EventBatch.HAS_PH) != 0;
        hasTs = (f & EventBatch.HAS_TS) != 0;
        hasDur = (f & EventBatch.HAS_DUR) != 0;
        badTime = (f & EventBatch.BAD_TIME) != 0;
        idIsNumber = (f & EventBatch.ID_NUMBER) != 0;
        idLocal = (f & EventBatch.ID_LOCAL) != 0;
        bindEnclosing = (f & EventBatch.BIND_ENCLOSING) != 0;
        argsBad = (f & EventBatch.ARGS_BAD) != 0;
        name = map[e.name[k]];
        cat = map[e.cat[k]];
        pid = map[e.pid[k]];
        tid = map[e.tid[k]];
        idText = e.idText[k] < 0 ? -1 : map[e.idText[k]];
        ts = e.ts[k];
        dur = e.dur[k];
        argStream = e.argStream[k];
        argDevice = e.argDevice[k];
        int from = e.argStart[k];
        argCount = e.argStart[k + 1] - from;
        if (argCount > argKey.length) {
            argKey = Arrays.copyOf(argKey, argCount);
            argType = Arrays.copyOf(argType, argCount);
            argValue = Arrays.copyOf(argValue, argCount);
        }
        for (int i = 0; i < argCount; i++) {
            int type = e.argType[from + i];
            long v = e.argValue[from + i];
            argKey[i] = map[e.argKey[from + i]];
            argType[i] = type;
            argValue[i] = type == dev.parallax.trace.ArgStore.STRING || type == dev.parallax.trace.ArgStore.JSON
                    ? map[(int) v] : v;
        }
    }
}
