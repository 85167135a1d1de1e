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
 * the start-up capacity a vLLM log printed. Counters are recognised by name ({@link ServingSeries}; also
 * Chrome counters named for KV usage, running or waiting requests); a KV-usage series whose values exceed 1
 * is read as percent.
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
     * A cumulative histogram at the end of the run minus its first scrape.
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
        for (TraceSet.Member m : set.members()) {
            Trace t = m.trace();
            reqs.add(ServingRequests.from(t));
            steps.addAll(InferenceSteps.find(t, m.rank()));
            t.metadata().other().forEach((k, v) -> {
                if (k.startsWith("vllm.")) {
                    capacity.putIfAbsent(k, v);
                }
            });
        }
        requests = ServingRequests.concat(reqs);
        preemptionTimes = requests.preemptionTimes();
        steps.sort(java.util.Comparator.comparingLong(InferenceStep::start));
        readCounters();
    }

    /** Reads a trace set. */
    public static ServingInputs of(TraceSet set) {
        return new ServingInputs(set);
    }

    private void readCounters() {
        long end = set.maxTime();
        CounterTrack bestKv = null;
        Trace bestTrace = null;
        int bestRank = -1;
        for (TraceSet.Member m : set.members()) {
            for (CounterTrack c : m.trace().counterTracks()) {
                if (ServingSeries.isKvUsage(c.name()) && (bestKv == null || c.size() > bestKv.size())) {
                    bestKv = c;
                    bestTrace = m.trace();
                    bestRank = m.rank();
                }
            }
        }
        String pid = null;
        if (bestKv != null) {
            double scale = ServingSeries.isPercent(bestKv.name(), bestKv.maxValue()) ? 0.01 : 1.0;
            kvUsage = StepSeries.of(bestKv, end, scale);
            pid = bestKv.info().pid();
            kvRank = bestRank;
        }
        running = series(bestTrace, pid, "running", end);
        waiting = series(bestTrace, pid, "waiting", end);
        generationThroughput = series(bestTrace, pid, "generation_throughput", end);
        promptThroughput = series(bestTrace, pid, "prompt_throughput", end);
        StepSeries pre = series(bestTrace, pid, "preemptions", end);
        if (pre != null) {
            LongList times = new LongList();
            double prev = pre.size() > 0 ? pre.values()[0] : 0;
            for (int i = 1; i < pre.size(); i++) {
                double v = pre.values()[i];
                for (long k = 0; k < Math.min(10_000, Math.round(v - prev)); k++) {
                    times.add(pre.times()[i]);
                }
                prev = Math.max(prev, v);
            }
            if (pre.size() > 0 && pre.times()[0] > set.minTime() && pre.values()[0] > 0 && pre.name().contains("vllm")
                    && bestTrace != null && "vllm-log".equals(bestTrace.metadata().format())) {
                // a log's first preemption warning is itself a preemption (counted from zero)
                for (long k = 0; k < Math.min(10_000, Math.round(pre.values()[0])); k++) {
                    times.add(pre.times()[0]);
                }
            }
            long[] fromCounter = times.sorted();
            if (fromCounter.length > 0 || preemptionTimes.length == 0) {
                preemptionTimes = fromCounter;
            }
        }
        readHistograms();
    }

    /** A series of the given role from the same process as the KV counter (else from anywhere in the set). */
    private StepSeries series(Trace preferred, String pid, String role, long end) {
        CounterTrack found = null;
        if (preferred != null) {
            for (CounterTrack c : preferred.counterTracks()) {
                if (c.info().pid().equals(pid) && role(c.name()).equals(role)) {
                    found = c;
                    break;
                }
            }
        }
        if (found == null) {
            for (TraceSet.Member m : set.members()) {
                for (CounterTrack c : m.trace().counterTracks()) {
                    if (role(c.name()).equals(role) && (found == null || c.size() > found.size())) {
                        found = c;
                    }
                }
            }
        }
        return found == null ? null : StepSeries.of(found, end, 1.0);
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

    private void readHistograms() {
        for (String base : List.of(ServingSeries.TTFT_HISTOGRAM, ServingSeries.TPOT_HISTOGRAM,
                ServingSeries.E2E_HISTOGRAM)) {
            TreeMap<Double, double[]> buckets = new TreeMap<>();
            String prefix = base + "_bucket{le=\"";
            for (TraceSet.Member m : set.members()) {
                for (CounterTrack c : m.trace().counterTracks()) {
                    if (!c.name().startsWith(prefix) || c.size() == 0) {
                        continue;
                    }
                    String le = c.name().substring(prefix.length(), c.name().indexOf('"', prefix.length()));
                    double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                    double first = c.size() > 1 ? c.value(0) : 0;
                    double delta = c.value(c.size() - 1) - first;
                    buckets.merge(bound, new double[] {delta}, (a, b) -> new double[] {a[0] + b[0]});
                }
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

    /** A start-up capacity value a vLLM log printed ({@link ServingSeries#META_GPU_BLOCKS} ...), or NaN. */
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
