package dev.parallax.serving;

import dev.parallax.trace.ArgStore;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.Trace;
import dev.parallax.trace.column.IntColumn;
import dev.parallax.trace.column.LongColumn;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The requests of a serving run, read from request spans of any trace (Chrome async {@code b}/{@code e} spans,
 * or complete slices) as parallel arrays, one index per request.
 * <p>
 * A request span is a slice whose arguments give its prompt length under one of {@link #PROMPT_KEYS}; its
 * output length comes from {@link #OUTPUT_KEYS}. Its phases come from slices nested in it whose names say
 * them: {@code queued}/{@code waiting} (admission waits), {@code prefill}, {@code decode}, {@code preempted}
 * (one per preemption); or, without nested phases, from arguments {@code ttft_s}/{@code ttft_ms}/
 * {@code ttft_us}, {@code queue_s}/{@code queue_ms} and OpenTelemetry's {@code gen_ai.latency.*} keys
 * (as vLLM's request tracing writes). Where all requests share one async track (Chrome {@code b}/{@code e}
 * pairs of one name; their {@code n} instants land on that track too), an instant {@code first_token} with a
 * {@code ttft_ms}/{@code ttft_s} argument belongs to the request that started exactly TTFT before it, and
 * instants {@code preempted} are counted as preemptions (their times kept, {@link #preemptionTimes()}).
 * Times: arrival = span start, scheduled = prefill start (arrival when unknown), first token = prefill end (or
 * arrival + TTFT), finish = span end.
 */
public final class ServingRequests {
    /** Argument keys of a prompt's token count, in order of preference. */
    public static final List<String> PROMPT_KEYS = List.of("prompt_tokens", "num_prompt_tokens", "input_tokens",
            "prompt_len", "input_len", "gen_ai.usage.prompt_tokens", "gen_ai.usage.input_tokens");
    /** Argument keys of the generated token count. */
    public static final List<String> OUTPUT_KEYS = List.of("output_tokens", "num_output_tokens", "generation_tokens",
            "completion_tokens", "output_len", "gen_ai.usage.completion_tokens", "gen_ai.usage.output_tokens");

    private final long[] arrival;
    private final long[] scheduled;
    private final long[] firstToken;
    private final long[] finish;
    private final int[] promptTokens;
    private final int[] outputTokens;
    private final int[] preemptions;
    private long[] preemptionTimes = new long[0];

    private ServingRequests(long[] arrival, long[] scheduled, long[] firstToken, long[] finish, int[] promptTokens,
                            int[] outputTokens, int[] preemptions) {
        this.arrival = arrival;
        this.scheduled = scheduled;
        this.firstToken = firstToken;
        this.finish = finish;
        this.promptTokens = promptTokens;
        this.outputTokens = outputTokens;
        this.preemptions = preemptions;
    }

    /** Requests given directly (tests, other front ends); firstToken may be -1 when unknown. */
    public static ServingRequests of(long[] arrival, long[] scheduled, long[] firstToken, long[] finish,
                                     int[] promptTokens, int[] outputTokens, int[] preemptions) {
        return new ServingRequests(arrival.clone(), scheduled.clone(), firstToken.clone(), finish.clone(),
                promptTokens.clone(), outputTokens.clone(), preemptions.clone());
    }

    public static ServingRequests empty() {
        return new ServingRequests(new long[0], new long[0], new long[0], new long[0], new int[0], new int[0], new int[0]);
    }

    public int size() {
        return arrival.length;
    }

    public long arrival(int i) {
        return arrival[i];
    }

    /** When the request was admitted to run (its KV blocks allocated). */
    public long scheduled(int i) {
        return scheduled[i];
    }

    /** Time of the first output token, or -1 when unknown. */
    public long firstToken(int i) {
        return firstToken[i];
    }

    public long finish(int i) {
        return finish[i];
    }

    public int promptTokens(int i) {
        return promptTokens[i];
    }

    public int outputTokens(int i) {
        return outputTokens[i];
    }

    public int preemptions(int i) {
        return preemptions[i];
    }

    /** Times of preemptions marked by instants on request tracks (ascending); empty when none are marked. */
    public long[] preemptionTimes() {
        return preemptionTimes;
    }

    /** Time to first token (s), NaN when unknown. */
    public double ttftSeconds(int i) {
        return firstToken[i] < 0 ? Double.NaN : (firstToken[i] - arrival[i]) / 1e9;
    }

    /** Time per output token after the first (s), NaN with fewer than two output tokens. */
    public double tpotSeconds(int i) {
        if (firstToken[i] < 0 || outputTokens[i] < 2) {
            return Double.NaN;
        }
        return (finish[i] - firstToken[i]) / 1e9 / (outputTokens[i] - 1);
    }

    public double e2eSeconds(int i) {
        return (finish[i] - arrival[i]) / 1e9;
    }

    public double queueSeconds(int i) {
        return (scheduled[i] - arrival[i]) / 1e9;
    }

    /** Non-NaN values of a per-request measure. */
    public double[] values(java.util.function.IntToDoubleFunction f) {
        double[] out = new double[size()];
        int n = 0;
        for (int i = 0; i < size(); i++) {
            double v = f.applyAsDouble(i);
            if (!Double.isNaN(v)) {
                out[n++] = v;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Concatenation of several request sets. */
    public static ServingRequests concat(List<ServingRequests> parts) {
        int n = parts.stream().mapToInt(ServingRequests::size).sum();
        long[] a = new long[n];
        long[] s = new long[n];
        long[] f = new long[n];
        long[] e = new long[n];
        int[] p = new int[n];
        int[] o = new int[n];
        int[] x = new int[n];
        int k = 0;
        for (ServingRequests r : parts) {
            int m = r.size();
            System.arraycopy(r.arrival, 0, a, k, m);
            System.arraycopy(r.scheduled, 0, s, k, m);
            System.arraycopy(r.firstToken, 0, f, k, m);
            System.arraycopy(r.finish, 0, e, k, m);
            System.arraycopy(r.promptTokens, 0, p, k, m);
            System.arraycopy(r.outputTokens, 0, o, k, m);
            System.arraycopy(r.preemptions, 0, x, k, m);
            k += m;
        }
        ServingRequests out = new ServingRequests(a, s, f, e, p, o, x);
        out.preemptionTimes = parts.stream().flatMapToLong(r -> Arrays.stream(r.preemptionTimes)).sorted().toArray();
        return out;
    }

    /** Reads the request spans of one trace (none when it has no prompt-length arguments). */
    public static ServingRequests from(Trace trace) {
        StringPool pool = trace.strings();
        int[] promptKeys = ids(pool, PROMPT_KEYS);
        if (Arrays.stream(promptKeys).allMatch(k -> k < 0)) {
            return empty();
        }
        int[] outputKeys = ids(pool, OUTPUT_KEYS);
        int[] ttftS = ids(pool, List.of("ttft_s", "gen_ai.latency.time_to_first_token"));
        int[] ttftMs = ids(pool, List.of("ttft_ms"));
        int[] ttftUs = ids(pool, List.of("ttft_us"));
        int[] queueS = ids(pool, List.of("queue_s", "gen_ai.latency.time_in_queue"));
        int[] queueMs = ids(pool, List.of("queue_ms"));
        ArgStore args = trace.args();
        LongColumn arrival = new LongColumn();
        LongColumn scheduled = new LongColumn();
        LongColumn first = new LongColumn();
        LongColumn finish = new LongColumn();
        IntColumn prompt = new IntColumn();
        IntColumn output = new IntColumn();
        IntColumn preempt = new IntColumn();
        LongColumn preemptionTimes = new LongColumn();
        NameKinds kinds = new NameKinds(pool);
        for (SliceTrack t : trace.sliceTracks()) {
            int firstOfTrack = arrival.size();
            for (int r = 0; r < t.size(); r++) {
                int h = t.args(r);
                if (t.duration(r) == 0 && kinds.of(t.name(r)) == NameKinds.PREEMPT
                        && t.kind() == dev.parallax.trace.TrackKind.ASYNC) {
                    preemptionTimes.add(t.start(r));
                }
                if (h < 0) {
                    continue;
                }
                long p = first(args, h, promptKeys, pool);
                if (p < 0 || kinds.isPhase(t.name(r))) {
                    continue;
                }
                long start = t.start(r);
                long end = t.end(r);
                long o = first(args, h, outputKeys, pool);
                long[] phases = phases(kinds, t, r);
                long sched = phases[0];
                long ft = phases[1];
                int pre = (int) phases[2];
                if (ft < 0) {
                    double s = firstDouble(args, h, ttftS, pool, 1e9);
                    if (Double.isNaN(s)) {
                        s = firstDouble(args, h, ttftMs, pool, 1e6);
                    }
                    if (Double.isNaN(s)) {
                        s = firstDouble(args, h, ttftUs, pool, 1e3);
                    }
                    if (!Double.isNaN(s)) {
                        ft = start + Math.round(s);
                    }
                }
                if (sched < 0) {
                    double q = firstDouble(args, h, queueS, pool, 1e9);
                    if (Double.isNaN(q)) {
                        q = firstDouble(args, h, queueMs, pool, 1e6);
                    }
                    sched = Double.isNaN(q) ? start : start + Math.round(q);
                }
                arrival.add(start);
                scheduled.add(Math.min(Math.max(sched, start), end));
                first.add(ft < 0 ? -1 : Math.min(Math.max(ft, start), end));
                finish.add(end);
                prompt.add((int) Math.min(Integer.MAX_VALUE, p));
                output.add((int) Math.max(0, Math.min(Integer.MAX_VALUE, o)));
                preempt.add(pre);
            }
            if (arrival.size() > firstOfTrack) {
                matchFirstTokenInstants(trace, kinds, t, firstOfTrack, arrival, first, finish, ttftS, ttftMs, ttftUs);
            }
        }
        ServingRequests out = new ServingRequests(arrival.toArray(null), scheduled.toArray(null), first.toArray(null),
                finish.toArray(null), prompt.toArray(null), output.toArray(null), preempt.toArray(null));
        long[] pt = preemptionTimes.toArray(null);
        Arrays.sort(pt);
        out.preemptionTimes = pt;
        return out;
    }

    /**
     * Gives requests [from, size) of track t without a first-token time the time of the {@code first_token}
     * instant whose TTFT argument leads back to their start (within 2 µs, the rounding of Chrome's µs times).
     */
    private static void matchFirstTokenInstants(Trace trace, NameKinds kinds, SliceTrack t, int from, LongColumn arrival,
                                                LongColumn first, LongColumn finish, int[] ttftS, int[] ttftMs,
                                                int[] ttftUs) {
        int n = arrival.size() - from;
        int[] order = dev.parallax.trace.column.IndexSort.sortedOrder(n,
                (a, b) -> Long.compare(arrival.get(from + a), arrival.get(from + b)));
        long[] starts = new long[n];
        for (int i = 0; i < n; i++) {
            starts[i] = arrival.get(from + order[i]);
        }
        ArgStore args = trace.args();
        StringPool pool = trace.strings();
        final long tolerance = 2_000;
        for (int r = 0; r < t.size(); r++) {
            if (t.duration(r) != 0 || t.args(r) < 0) {
                continue;
            }
            if (kinds.of(t.name(r)) != NameKinds.FIRST_TOKEN) {
                continue;
            }
            int h = t.args(r);
            double ttft = firstDouble(args, h, ttftMs, pool, 1e6);
            if (Double.isNaN(ttft)) {
                ttft = firstDouble(args, h, ttftS, pool, 1e9);
            }
            if (Double.isNaN(ttft)) {
                ttft = firstDouble(args, h, ttftUs, pool, 1e3);
            }
            if (Double.isNaN(ttft)) {
                continue;
            }
            long at = t.start(r);
            long want = at - Math.round(ttft);
            int lo = Arrays.binarySearch(starts, want - tolerance);
            lo = lo < 0 ? -lo - 1 : lo;
            int best = -1;
            long bestGap = Long.MAX_VALUE;
            for (int i = lo; i < n && starts[i] <= want + tolerance; i++) {
                int k = from + order[i];
                long gap = Math.abs(starts[i] - want);
                if (first.get(k) < 0 && finish.get(k) >= at && gap < bestGap) {
                    best = k;
                    bestGap = gap;
                }
            }
            if (best >= 0) {
                first.set(best, at);
            }
        }
    }

    /** {scheduled, firstToken, preemptions} from the phase slices nested in request row r (-1 when absent). */
    private static long[] phases(NameKinds kinds, SliceTrack t, int r) {
        long[] out = {-1, -1, 0};
        long s = t.start(r);
        long e = t.end(r);
        int depth = t.depth(r);
        int end = t.size();
        for (int k = r + 1; k < end && t.start(k) <= e; k++) {
            if (t.depth(k) <= depth || t.end(k) > e) {
                continue;
            }
            int kind = kinds.of(t.name(k));
            if (kind == NameKinds.PREFILL) {
                if (out[0] < 0) {
                    out[0] = t.start(k);
                }
                out[1] = Math.max(out[1], t.end(k));
            } else if (kind == NameKinds.DECODE && out[1] < 0) {
                out[1] = t.start(k);
                if (out[0] < 0) {
                    out[0] = t.start(k);
                }
            } else if (kind == NameKinds.PREEMPT && t.duration(k) > 0) {
                out[2]++;
            }
        }
        if (out[0] >= 0 && out[0] < s) {
            out[0] = s;
        }
        return out;
    }

    /** What a slice name means for a request, decided once per distinct name. */
    private static final class NameKinds {
        static final int OTHER = 0;
        static final int PREFILL = 1;
        static final int DECODE = 2;
        static final int PREEMPT = 3;
        static final int QUEUED = 4;
        static final int FIRST_TOKEN = 5;
        private final StringPool pool;
        private final byte[] kinds;

        NameKinds(StringPool pool) {
            this.pool = pool;
            this.kinds = new byte[pool.size()];
            java.util.Arrays.fill(kinds, (byte) -1);
        }

        int of(int nameId) {
            if (nameId < 0 || nameId >= kinds.length) {
                return OTHER;
            }
            if (kinds[nameId] < 0) {
                String n = pool.get(nameId).toLowerCase(Locale.ROOT);
                int k = n.startsWith("prefill") ? PREFILL : n.startsWith("decode") ? DECODE
                        : n.startsWith("preempt") ? PREEMPT : n.startsWith("queued") || n.startsWith("waiting") ? QUEUED
                        : n.replace(' ', '_').startsWith("first_token") ? FIRST_TOKEN : OTHER;
                kinds[nameId] = (byte) k;
            }
            return kinds[nameId];
        }

        boolean isPhase(int nameId) {
            int k = of(nameId);
            return k != OTHER && k != FIRST_TOKEN;
        }
    }

    private static int[] ids(StringPool pool, List<String> keys) {
        int[] out = new int[keys.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = pool.find(keys.get(i));
        }
        return out;
    }

    private static long first(ArgStore args, int h, int[] keys, StringPool pool) {
        for (int k : keys) {
            if (k >= 0) {
                long v = args.getLong(h, k, pool, Long.MIN_VALUE);
                if (v != Long.MIN_VALUE) {
                    return v;
                }
            }
        }
        return -1;
    }

    private static double firstDouble(ArgStore args, int h, int[] keys, StringPool pool, double toNanos) {
        for (int k : keys) {
            if (k >= 0) {
                double v = args.getDouble(h, k, pool, Double.NaN);
                if (!Double.isNaN(v)) {
                    return v * toNanos;
                }
            }
        }
        return Double.NaN;
    }
}
