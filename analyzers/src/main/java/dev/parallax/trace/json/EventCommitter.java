package dev.parallax.trace.json;

import dev.parallax.trace.ArgStore;
import dev.parallax.trace.DiagnosticCode;
import dev.parallax.trace.FlowStep;
import dev.parallax.trace.LoadDiagnostics;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TrackKind;

import java.util.Arrays;

/**
 * Turns the events of a Chrome trace, one {@link EventFields} at a time, into the format-neutral
 * {@link TraceBuilder}: slices (B/E, X, instants), counters (C), async slices (b/n/e), flow points (s/t/f) and
 * process/thread names (M), each on its CPU thread or GPU stream track, with a diagnostic naming the byte
 * offset for every event it cannot use. The Chrome phase letters end here.
 *
 * <p>Phases (Chrome Trace Event Format): P, O/N/D and the legacy S/T/F/p/c/(/) and V/v are counted and
 * skipped; anything else is counted as unknown.
 */
final class EventCommitter {
    private static final String[] PHASE_NAMES = new String[128];

    static {
        for (int i = 0; i < 128; i++) {
            PHASE_NAMES[i] = String.valueOf((char) i);
        }
    }

    private final TraceBuilder b;
    private final LoadDiagnostics.Builder diag;
    private final LongIntMap[] trackByKind = {new LongIntMap(), new LongIntMap()};
    private final long[] phaseCounts = new long[128];
    private final AsyncSlices async;
    private final FlowBuffer flows = new FlowBuffer();
    private final CounterSeries counters = new CounterSeries();
    private byte[] categoryClass = new byte[256];
    private boolean kinetoCategories;
    private long missingPhase;

    /** Pool ids of the metadata arguments {@code name} and {@code sort_index}, or negative when not seen. */
    int keyName = -2;
    int keySortIndex = -2;

    private EventFields e;
    /** Byte offset just past the event being committed. */
    private long at;

    EventCommitter(TraceBuilder builder) {
        this.b = builder;
        this.diag = builder.diagnostics();
        this.async = new AsyncSlices(builder);
    }

    /** Whether any category was one of Kineto's. */
    boolean kinetoCategories() {
        return kinetoCategories;
    }

    /** Commits one event that ends at byte {@code end}. */
    void commit(EventFields event, long end) {
        this.e = event;
        this.at = end;
        if (!e.hasPh) {
            missingPhase++;
            diag.report(DiagnosticCode.MISSING_PHASE, "event without \"ph\": skipped", at);
            phaseCounts['?']++;
            return;
        }
        char ph = e.ph;
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
                    b.begin(track(), e.ts, e.name, e.cat, commitArgs(), at);
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
                    b.addSlice(instantTrack(), e.ts, 0, e.name, e.cat, commitArgs());
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
                        + "\": counted and skipped", at);
        }
    }

    private int commitArgs() {
        if (e.argCount == 0) {
            return -1;
        }
        ArgStore.Builder a = b.args();
        a.begin();
        for (int i = 0; i < e.argCount; i++) {
            int key = e.argKey[i];
            long v = e.argValue[i];
            switch (e.argType[i]) {
                case ArgStore.LONG:
                    a.putLong(key, v);
                    break;
                case ArgStore.DOUBLE:
                    a.putDouble(key, Double.longBitsToDouble(v));
                    break;
                case ArgStore.STRING:
                    a.putString(key, (int) v);
                    break;
                case ArgStore.JSON:
                    a.putJson(key, (int) v);
                    break;
                case ArgStore.BOOL:
                    a.putBool(key, v != 0);
                    break;
                default:
                    a.putNull(key);
            }
        }
        return a.end();
    }

    private void end() {
        int r = b.endSlice(track(), e.ts);
        if (r == TraceBuilder.END_NOTHING_OPEN) {
            diag.report(DiagnosticCode.UNMATCHED_END, "end (E) with no open begin (B) on its thread: dropped", at);
        } else if (r == TraceBuilder.END_BEFORE_BEGIN) {
            long begin = b.lastDroppedBeginOffset();
            diag.report(DiagnosticCode.BEGIN_AFTER_END, "end (E) with an earlier time than the begin (B) it closes"
                    + (begin >= 0 ? " (the begin ends at byte " + begin + ")" : "") + ": both dropped", at);
        }
    }

    private boolean needTime() {
        if (!e.hasTs) {
            diag.report(DiagnosticCode.BAD_TIME, "event without a valid \"ts\" (missing, not a number, NaN or "
                    + "too large): skipped", at);
            return false;
        }
        return true;
    }

    private void complete() {
        if (!needTime()) {
            return;
        }
        long dur = e.dur;
        if (!e.hasDur) {
            if (e.badTime) {
                diag.report(DiagnosticCode.BAD_DURATION, "complete event (X) with an invalid \"dur\" (not a "
                        + "number, NaN or too large): skipped", at);
                return;
            }
            diag.report(DiagnosticCode.MISSING_DURATION, "complete event (X) without \"dur\": kept as an instant",
                    at);
            dur = 0;
        }
        if (dur < 0) {
            diag.report(DiagnosticCode.NEGATIVE_DURATION, "complete event (X) with a negative duration: dropped", at);
            return;
        }
        if (e.ts > 0 && dur > Long.MAX_VALUE - e.ts) {
            diag.report(DiagnosticCode.BAD_DURATION, "complete event (X) ends past the largest time: dropped", at);
            return;
        }
        b.addSlice(track(), e.ts, dur, e.name, e.cat, commitArgs());
    }

    // ---- tracks ---------------------------------------------------------------------------------

    /**
     * GPU activity: a GPU category, or any event with an integer {@code args.stream}/{@code args.device}
     * unless its category is host-side (a runtime/driver call or a CPU op that names its device).
     */
    private boolean isGpuEvent() {
        int cat = e.cat;
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
        return c == 1 || (c == 2 && (e.argStream >= 0 || e.argDevice >= 0));
    }

    private int track() {
        return isGpuEvent() ? gpuTrack() : cpuTrack(e.pid, e.tid);
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
        long key = (long) e.pid << 32 | (e.tid & 0xffffffffL);
        LongIntMap m = trackByKind[1];
        int id = m.get(key);
        if (id < 0) {
            String ps = b.strings().get(e.pid);
            String ts1 = b.strings().get(e.tid);
            id = b.sliceTrack(TrackKind.GPU_STREAM, ps, ts1);
            int device = e.argDevice >= 0 ? (int) e.argValue[e.argDevice] : (int) leadingNumber(ps);
            long stream = e.argStream >= 0 ? e.argValue[e.argStream] : trailingNumber(ts1);
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
        if (e.scope == 'g') {
            int id = cpuTrack(0, 0);
            b.setThreadName("", "", "global instants");
            return id;
        }
        if (e.scope == 'p') {
            int id = cpuTrack(e.pid, 0);
            b.setThreadName(b.strings().get(e.pid), "", "process instants");
            return id;
        }
        return track();
    }

    // ---- counters, async slices, flows ----------------------------------------------------------

    private void counter() {
        for (int i = 0; i < e.argCount; i++) {
            double v;
            switch (e.argType[i]) {
                case ArgStore.LONG:
                    v = e.argValue[i];
                    break;
                case ArgStore.DOUBLE:
                    v = Double.longBitsToDouble(e.argValue[i]);
                    break;
                case ArgStore.STRING:
                    v = IdNumbers.parseDouble(b.strings().get((int) e.argValue[i]).trim());
                    break;
                default:
                    v = Double.NaN;
            }
            if (!Double.isFinite(v)) {
                diag.report(DiagnosticCode.COUNTER_NOT_NUMBER, "counter (C) value of \""
                        + b.strings().get(e.argKey[i]) + "\" is not a finite number: skipped", at);
                continue;
            }
            b.addCounter(counters.track(b, e.pid, e.name, e.idText, e.argKey[i]), e.ts, v);
        }
    }

    private void asyncEvent() {
        if (e.idText < 0) {
            diag.report(DiagnosticCode.ASYNC_WITHOUT_ID, "async event (" + e.ph + ") without \"id\": skipped", at);
            return;
        }
        int scopePid = e.idLocal ? e.pid : -1;
        switch (e.ph) {
            case 'b':
                async.begin(e.cat, e.idText, scopePid, e.pid, e.name, e.ts, commitArgs());
                break;
            case 'e':
                int r = async.end(e.cat, e.idText, scopePid, e.ts);
                if (r == AsyncSlices.NO_BEGIN) {
                    diag.report(DiagnosticCode.UNMATCHED_ASYNC_END, "async end (e) with no open begin (b) of "
                            + "the same category and id: dropped", at);
                } else if (r == AsyncSlices.BEFORE_BEGIN) {
                    diag.report(DiagnosticCode.NEGATIVE_DURATION, "async end (e) before its begin (b): dropped", at);
                }
                break;
            default:
                async.instant(e.cat, e.idText, scopePid, e.pid, e.name, e.ts, commitArgs());
        }
    }

    private void flow() {
        if (e.idText < 0) {
            diag.report(DiagnosticCode.FLOW_WITHOUT_ID, "flow event (" + e.ph + ") without \"id\": skipped", at);
            return;
        }
        long id = flowId();
        FlowStep step = FlowStep.ofChromePhase(e.ph);
        boolean enclosing = step != FlowStep.END || e.bindEnclosing;
        boolean gpuHint = isGpuEvent() || step == FlowStep.END;
        int known = knownFlowTrack(e.pid, e.tid, gpuHint);
        if (known >= 0) {
            b.flowPoint(id, e.cat, step, known, e.ts, enclosing);
        } else {
            // the track of this (pid, tid) is not known yet (e.g. its kernels come later): decide at the end
            flows.add(id, e.cat, step, e.pid, e.tid, e.ts, enclosing, gpuHint);
        }
    }

    /**
     * The flow id: the number a decimal or (in a string) {@code 0x} hexadecimal id spells, else one made from
     * the interned text (ids are compared, never shown). Parsed without exceptions: string ids are common.
     */
    private long flowId() {
        long v = e.idNumberKnown ? e.idNumber : IdNumbers.parse(b.strings().get(e.idText), !e.idIsNumber);
        return v != IdNumbers.NOT_A_NUMBER ? v : 1L << 62 | e.idText;
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

    // ---- metadata events ------------------------------------------------------------------------

    private void metadataEvent() {
        String what = b.strings().get(e.name);
        String p1 = b.strings().get(e.pid);
        switch (what) {
            case "process_name":
                b.setProcessName(p1, argString(keyName));
                break;
            case "thread_name":
                b.setThreadName(p1, b.strings().get(e.tid), argString(keyName));
                break;
            case "process_sort_index":
                b.setProcessSortIndex(p1, (int) argLong(keySortIndex));
                break;
            case "thread_sort_index":
                b.setThreadSortIndex(p1, b.strings().get(e.tid), (int) argLong(keySortIndex));
                break;
            default:
        }
    }

    private String argString(int key) {
        for (int i = 0; i < e.argCount; i++) {
            if (e.argKey[i] == key) {
                return e.argType[i] == ArgStore.STRING ? b.strings().get((int) e.argValue[i]).strip()
                        : String.valueOf(e.argValue[i]);
            }
        }
        return null;
    }

    private long argLong(int key) {
        for (int i = 0; i < e.argCount; i++) {
            if (e.argKey[i] == key && e.argType[i] == ArgStore.LONG) {
                return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, e.argValue[i]));
            }
        }
        return Integer.MAX_VALUE;
    }

    // ---- end ------------------------------------------------------------------------------------

    /** Hands the phase counts to the builder. */
    void countPhases() {
        for (int i = 0; i < 128; i++) {
            if (phaseCounts[i] > 0) {
                b.countPhase(PHASE_NAMES[i], phaseCounts[i]);
            }
        }
    }

    /** Closes what spans events: async slices left open, flows whose tracks were decided late. */
    void finish(long events) {
        if (events > 0 && events == phaseCounts['?'] && missingPhase == events) {
            diag.report(DiagnosticCode.NOT_A_TRACE, "no element of the event array is a trace event (none has "
                    + "\"ph\"): not a Chrome trace", 0);
        }
        async.finish(diag);
        flows.emit(b, this::flowTrack);
    }
}
