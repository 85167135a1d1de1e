package dev.parallax.trace.json;

import dev.parallax.trace.ArgStore;

import java.util.Arrays;

/**
 * The fields of the one event being read, reused from event to event: what the {@link ChromeJsonReader}
 * fills from the JSON and the {@link EventCommitter} turns into slices, counters, flows and metadata.
 * Strings are ids into a string pool; arguments are flat columns of key, {@link ArgStore} type and value
 * (a long, a double's bits, or a string id).
 */
final class EventFields {
    char ph;
    boolean hasPh;
    int name;
    int cat;
    int pid;
    int tid;
    long ts;
    boolean hasTs;
    long dur;
    boolean hasDur;
    boolean badTime;
    int idText;
    boolean idIsNumber;
    /** The id's value when already read from its text (a parsed chunk), with {@link #idNumberKnown}. */
    long idNumber;
    boolean idNumberKnown;
    boolean idLocal;
    boolean bindEnclosing;
    char scope;
    int argCount;
    int[] argKey = new int[32];
    int[] argType = new int[32];
    long[] argValue = new long[32];
    /** Index of the integer {@code stream} / {@code device} argument, or -1. */
    int argStream;
    int argDevice;
    /** A {@code stream} or {@code device} argument that is not an integer. */
    boolean argsBad;

    void reset() {
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
        idNumberKnown = false;
        idLocal = false;
        bindEnclosing = false;
        scope = 't';
        argCount = 0;
        argStream = -1;
        argDevice = -1;
        argsBad = false;
    }

    /** Room for one more argument; its index. */
    int addArg(int key) {
        if (argCount == argKey.length) {
            argKey = Arrays.copyOf(argKey, argCount * 2);
            argType = Arrays.copyOf(argType, argCount * 2);
            argValue = Arrays.copyOf(argValue, argCount * 2);
        }
        argKey[argCount] = key;
        return argCount++;
    }

    /** Appends this event to a parsed chunk, ending at byte {@code end}. */
    void record(EventBatch e, long end) {
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
        e.idNumber[k] = idText < 0 ? IdNumbers.NOT_A_NUMBER : IdNumbers.parse(e.strings.chars(idText), !idIsNumber);
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
        e.end[k] = end;
    }

    /** Loads element {@code k} of a parsed chunk, mapping its string ids through {@code map}. */
    void load(EventBatch e, int k, int[] map) {
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
        idNumber = e.idNumber[k];
        idNumberKnown = idText >= 0;
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
            argValue[i] = type == ArgStore.STRING || type == ArgStore.JSON ? map[(int) v] : v;
        }
    }
}
