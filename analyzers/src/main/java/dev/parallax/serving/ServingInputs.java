package dev.parallax.serving;

import dev.parallax.trace.CounterTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything serving-related found in a trace set: the KV-usage, running, waiting and preemption counters of
 * one engine (the one with the most KV-usage samples), latency histograms, request spans, inference steps and
 * the start-up capacity a vLLM log printed or a trace's metadata declares ({@link ServingSeries#capacityKeyOf}).
 * Counters are recognised by name ({@link ServingSeries}; also
 * Chrome counters named for KV usage, running or waiting requests); a KV-usage series whose values exceed 1
 * is read as percent. Cumulative counters (preemptions, latency histograms) are read as counted since the
 * server started: a histogram by its last sample, preemptions as the first sample's count at its time plus
 * each later increase at its time. Counter tracks of one name and process from several Prometheus scrape files
 * (opened together, each as its own trace) are joined into one series.
 */
public final class ServingInputs {
    private final TraceSet set;
    private StepSeries kvUsage;
    private StepSeries running;
    private StepSeries waiting;
    private StepSeries generationThroughput;
    private StepSeries promptThroughput;
    private long[] preemptionTimes = new long[0];
    private int kvRank = -1;
    private final Map<String, Histogram> histograms = new TreeMap<>();
    private final ServingRequests requests;
    private final List<InferenceStep> steps = new ArrayList<>();
    private final Map<String, String> capacity = new HashMap<>();

    /**
     * A cumulative histogram as its last sample gives it: counted since the server started.
     *
     * @param upperBounds ascending bucket bounds (last +Inf)
     * @param counts cumulative counts per bound
     */
    public record Histogram(String name, double[] upperBounds, double[] counts) {
        public double quantile(double q) {
            return Percentiles.ofHistogram(upperBounds, counts, q);
        }

        public double count() {
            return counts.length == 0 ? 0 : counts[counts.length - 1];
        }
    }

    private ServingInputs(TraceSet set) {
        this.set = set;
        List<ServingRequests> reqs = new ArrayList<>();
        Map<String, String> declared = new HashMap<>();
        for (TraceSet.Member m : set.members()) {
            Trace t = m.trace();
            reqs.add(ServingRequests.from(t));
            steps.addAll(InferenceSteps.find(t, m.rank()));
            t.metadata().other().forEach((k, v) -> {
                if (k.startsWith("vllm.")) {
                    capacity.putIfAbsent(k, v);
                } else {
                    String key = ServingSeries.capacityKeyOf(k);
                    if (key != null) {
                        declared.putIfAbsent(key, v);
                    }
                }
            });
        }
        // what a vLLM log printed wins over what a trace's own metadata declares
        declared.forEach(capacity::putIfAbsent);
        requests = ServingRequests.concat(reqs);
        preemptionTimes = requests.preemptionTimes();
        steps.sort(java.util.Comparator.comparingLong(InferenceStep::start));
        readCounters();
    }

    /** Reads a trace set. */
    public static ServingInputs of(TraceSet set) {
        return new ServingInputs(set);
    }

    /**
     * One counter series of the set: a counter track, or the tracks of one name and process from several
     * Prometheus scrape files (each loaded as its own trace) joined in time order.
     */
    private record Series(String name, String pid, int rank, String format, long[] times, double[] values,
                          long traceEnd) {
        double max() {
            double m = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                m = Math.max(m, v);
            }
            return m;
        }

        /** As a step function ending where its own trace ends (traces of one set may use different clocks). */
        StepSeries steps(double scale) {
            double[] v = values.clone();
            for (int i = 0; i < v.length; i++) {
                v[i] *= scale;
            }
            return new StepSeries(name, times, v, Math.max(traceEnd, times.length == 0 ? traceEnd
                    : times[times.length - 1]));
        }
    }

    private List<Series> series() {
        List<Series> out = new ArrayList<>();
        Map<String, List<long[]>> joinedTimes = new java.util.LinkedHashMap<>();
        Map<String, List<double[]>> joinedValues = new HashMap<>();
        Map<String, Integer> joinedRank = new HashMap<>();
        Map<String, Long> joinedEnd = new HashMap<>();
        for (TraceSet.Member m : set.members()) {
            String format = m.trace().metadata().format();
            for (CounterTrack c : m.trace().counterTracks()) {
                long[] t = new long[c.size()];
                double[] v = new double[c.size()];
                for (int i = 0; i < t.length; i++) {
                    t[i] = c.time(i);
                    v[i] = c.value(i);
                }
                if ("prometheus-text".equals(format)) {
                    String key = c.info().pid() + "\u0000" + c.name();
                    joinedTimes.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
                    joinedValues.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
                    joinedRank.putIfAbsent(key, m.rank());
                    joinedEnd.merge(key, m.trace().maxTime(), Math::max);
                } else {
                    out.add(new Series(c.name(), c.info().pid(), m.rank(), format, t, v, m.trace().maxTime()));
                }
            }
        }
        for (Map.Entry<String, List<long[]>> e : joinedTimes.entrySet()) {
            List<long[]> ts = e.getValue();
            List<double[]> vs = joinedValues.get(e.getKey());
            int n = ts.stream().mapToInt(a -> a.length).sum();
            long[] t = new long[n];
            double[] v = new double[n];
            int k = 0;
            for (int i = 0; i < ts.size(); i++) {
                System.arraycopy(ts.get(i), 0, t, k, ts.get(i).length);
                System.arraycopy(vs.get(i), 0, v, k, vs.get(i).length);
                k += ts.get(i).length;
            }
            int[] order = dev.parallax.trace.column.IndexSort.sortedOrder(n, (a, b) -> Long.compare(t[a], t[b]));
            long[] st = new long[n];
            double[] sv = new double[n];
            for (int i = 0; i < n; i++) {
                st[i] = t[order[i]];
                sv[i] = v[order[i]];
            }
            int sep = e.getKey().indexOf('\u0000');
            out.add(new Series(e.getKey().substring(sep + 1), e.getKey().substring(0, sep), joinedRank.get(e.getKey()),
                    "prometheus-text", st, sv, joinedEnd.get(e.getKey())));
        }
        return out;
    }

    private void readCounters() {
        List<Series> all = series();
        Series bestKv = null;
        for (Series c : all) {
            if (ServingSeries.isKvUsage(c.name()) && (bestKv == null || c.times().length > bestKv.times().length)) {
                bestKv = c;
            }
        }
        if (bestKv != null) {
            double scale = ServingSeries.isPercent(bestKv.name(), bestKv.max()) ? 0.01 : 1.0;
            kvUsage = bestKv.steps(scale);
            kvRank = bestKv.rank();
        }
        running = steps(series(all, bestKv, "running", false));
        waiting = steps(series(all, bestKv, "waiting", false));
        generationThroughput = steps(series(all, bestKv, "generation_throughput", false));
        promptThroughput = steps(series(all, bestKv, "prompt_throughput", false));
        // preemptions: a counter beside the KV counter, else the request spans' marks, else any counter
        Series pre = series(all, bestKv, "preemptions", true);
        if (pre == null && preemptionTimes.length == 0) {
            pre = series(all, bestKv, "preemptions", false);
        }
        if (pre != null) {
            StepSeries s = pre.steps(1.0);
            LongList times = new LongList();
            double prev = s.size() > 0 ? s.values()[0] : 0;
            if (s.size() > 0) {
                // cumulative counts start at zero when the server starts: the first sample's count happened by then
                for (long k = 0; k < Math.min(10_000, Math.round(s.values()[0])); k++) {
                    times.add(s.times()[0]);
                }
            }
            for (int i = 1; i < s.size(); i++) {
                double v = s.values()[i];
                for (long k = 0; k < Math.min(10_000, Math.round(v - prev)); k++) {
                    times.add(s.times()[i]);
                }
                prev = Math.max(prev, v);
            }
            preemptionTimes = times.sorted();
        }
        readHistograms(all);
    }

    private static StepSeries steps(Series s) {
        return s == null ? null : s.steps(1.0);
    }

    /**
     * A series of the given role from the same process and rank as the KV counter, else (unless
     * {@code sameSourceOnly}) the longest anywhere.
     */
    private static Series series(List<Series> all, Series kv, String role, boolean sameSourceOnly) {
        Series found = null;
        if (kv != null) {
            for (Series c : all) {
                if (c.rank() == kv.rank() && c.pid().equals(kv.pid()) && role(c.name()).equals(role)) {
                    found = c;
                    break;
                }
            }
        }
        if (found == null && !sameSourceOnly) {
            for (Series c : all) {
                if (role(c.name()).equals(role) && (found == null || c.times().length > found.times().length)) {
                    found = c;
                }
            }
        }
        return found;
    }

    /** The role of a counter series: running, waiting, preemptions, throughputs, or "". */
    static String role(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("{")) {
            return "";
        }
        if (n.equals(ServingSeries.PREEMPTIONS) || n.equals("vllm:num_preemptions") || n.contains("preempt")) {
            return "preemptions";
        }
        if (n.equals(ServingSeries.GENERATION_THROUGHPUT) || (n.contains("generation") && n.contains("throughput"))) {
            return "generation_throughput";
        }
        if (n.equals(ServingSeries.PROMPT_THROUGHPUT) || (n.contains("prompt") && n.contains("throughput"))) {
            return "prompt_throughput";
        }
        if (n.contains("_total") || n.contains("_bucket") || n.endsWith("_sum") || n.endsWith("_count")) {
            return "";
        }
        if (n.contains("running")) {
            return "running";
        }
        if (n.contains("waiting") || n.contains("pending")) {
            return "waiting";
        }
        return "";
    }

    private void readHistograms(List<Series> all) {
        for (String base : List.of(ServingSeries.TTFT_HISTOGRAM, ServingSeries.TPOT_HISTOGRAM,
                ServingSeries.E2E_HISTOGRAM)) {
            TreeMap<Double, double[]> buckets = new TreeMap<>();
            String prefix = base + "_bucket{le=\"";
            for (Series c : all) {
                int n = c.times().length;
                if (!c.name().startsWith(prefix) || n == 0) {
                    continue;
                }
                String le = c.name().substring(prefix.length(), c.name().indexOf('"', prefix.length()));
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.merge(bound, new double[] {c.values()[n - 1]}, (a, b) -> new double[] {a[0] + b[0]});
            }
            if (buckets.isEmpty()) {
                continue;
            }
            double[] bounds = new double[buckets.size()];
            double[] counts = new double[buckets.size()];
            int i = 0;
            for (Map.Entry<Double, double[]> e : buckets.entrySet()) {
                bounds[i] = e.getKey();
                counts[i] = e.getValue()[0];
                i++;
            }
            histograms.put(base, new Histogram(base, bounds, counts));
        }
    }

    public TraceSet traceSet() {
        return set;
    }

    /** KV usage 0–1 from a counter, or null. */
    public StepSeries kvUsage() {
        return kvUsage;
    }

    /** Rank of the trace holding the KV counter, -1 when none. */
    public int kvRank() {
        return kvRank;
    }

    public StepSeries running() {
        return running;
    }

    public StepSeries waiting() {
        return waiting;
    }

    public StepSeries generationThroughput() {
        return generationThroughput;
    }

    public StepSeries promptThroughput() {
        return promptThroughput;
    }

    public long[] preemptionTimes() {
        return preemptionTimes;
    }

    public Map<String, Histogram> histograms() {
        return histograms;
    }

    public ServingRequests requests() {
        return requests;
    }

    public List<InferenceStep> steps() {
        return steps;
    }

    /**
     * A start-up capacity value ({@link ServingSeries#META_GPU_BLOCKS} ...) a vLLM log printed, else one a trace's
     * metadata declares, or NaN.
     */
    public double capacity(String key) {
        String v = capacity.get(key);
        if (v == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A growable list of longs. */
    private static final class LongList {
        private long[] a = new long[16];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long[] sorted() {
            long[] out = java.util.Arrays.copyOf(a, n);
            java.util.Arrays.sort(out);
            return out;
        }
    }
}
