package dev.parallax.serving;

import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.Applicability;
import dev.parallax.analysis.Requirement;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Parameter;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.trace.Severity;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;

import java.util.ArrayList;
import java.util.List;

/**
 * KV-cache occupancy and serving metrics (analysis id {@code kvcache}): KV usage over time (from a counter,
 * or derived from request spans with paged allocation), saturation and what it did to waiting requests,
 * admitted concurrency against the capacity bound for the observed context lengths, TTFT/TPOT/end-to-end
 * latency percentiles, throughput, and the prefill and decode steps of inference traces set against their
 * roofline bounds when a model and hardware are given.
 */
public final class KvCacheAnalysis implements Analysis {
    public static final String ID = "kvcache";

    public static final Parameter<String> MODEL = Parameter.ofString("model",
            "model id from the catalog (e.g. llama-2-7b) or a Hugging Face config.json path; empty: none", "");
    public static final Parameter<String> HARDWARE = Parameter.ofString("hardware",
            "hardware id from the catalog (e.g. h100-sxm); empty: none", "");
    public static final Parameter<Integer> TENSOR_PARALLEL = Parameter.ofInt("tensor_parallel",
            "GPUs sharing the model by tensor parallelism", 1);
    public static final Parameter<Integer> BLOCK_SIZE = Parameter.ofInt("block_size",
            "tokens per KV block for usage derived from request spans (vLLM's default 16; a vLLM log's value wins)", 16);
    public static final Parameter<Long> KV_CAPACITY_TOKENS = Parameter.ofLong("kv_capacity_tokens",
            "KV-cache capacity in tokens; 0: from the vLLM log or the trace metadata, else from the model and "
                    + "hardware", 0L);
    public static final Parameter<Double> SATURATION = Parameter.ofDouble("saturation_threshold",
            "KV usage (0-1) above which the cache counts as saturated", 0.95);
    public static final Parameter<Double> DECODE_SLACK = Parameter.ofDouble("decode_slack",
            "decode steps slower than this multiple of their bandwidth bound are reported", 2.0);

    public static final Parameter<String> PERCENTILE_METHOD = Parameter.ofChoice("percentile_method",
            "how latency percentiles are taken from request samples: linear interpolation (numpy's default) or "
                    + "nearest rank", "linear", "linear", "nearest_rank");

    private final ServingBoundsResolver resolver;

    /** The analysis with the built-in model catalog. */
    public KvCacheAnalysis() {
        this(DefaultBounds.resolver());
    }

    public KvCacheAnalysis(ServingBoundsResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "KV cache and serving";
    }

    @Override
    public String description() {
        return "KV-cache occupancy, saturation and preemptions, admitted versus theoretical concurrency, "
                + "TTFT/TPOT/end-to-end latency percentiles, and prefill/decode steps against their roofline bounds.";
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(MODEL, HARDWARE, TENSOR_PARALLEL, BLOCK_SIZE, KV_CAPACITY_TOKENS, SATURATION, DECODE_SLACK,
                PERCENTILE_METHOD);
    }

    @Override
    public List<Requirement> requirements() {
        return List.of(Requirement.SERVING);
    }

    /**
     * Applies when the input holds serving data: a KV-usage or running/waiting series, request spans, latency
     * histograms, or inference steps whose phase (prefill/decode) is known. {@code ProfilerStep#N} slices alone are
     * training iterations as much as inference steps, so they do not make a trace a serving trace.
     */
    @Override
    public Applicability applicability(TraceSet traces) {
        return applicability(ServingInputs.of(traces));
    }

    static Applicability applicability(ServingInputs in) {
        boolean steps = in.steps().stream().anyMatch(s -> s.annotation().phase() != StepPhase.UNKNOWN);
        if (in.kvUsage() != null || in.running() != null || in.waiting() != null || in.requests().size() > 0
                || !in.histograms().isEmpty() || steps) {
            return Applicability.APPLIES;
        }
        return Applicability.notApplicable("no KV-cache counters, request spans, latency histograms or prefill/decode "
                + "steps: not a serving trace (open a vLLM log, Prometheus scrapes or an inference engine's trace)");
    }

    @Override
    public Result run(TraceSet traces, ParameterValues p, Progress progress) {
        return analyze(traces, p, progress).result();
    }

    /** The result and the series a KV-cache view draws, from one pass over the inputs. */
    public record Output(Result result, ServingTimeline timeline) {
    }

    /** Runs the analysis and keeps its timeline series for views. */
    public Output analyze(TraceSet traces, ParameterValues p, Progress progress) {
        progress.update(0, 3, "reading serving data");
        ServingInputs in = ServingInputs.of(traces);
        progress.checkCancelled();
        Applicability applies = applicability(in);
        if (!applies.applies()) {
            return new Output(Result.notApplicable(this, applies.reason()), null);
        }
        Result.Builder r = Result.builder(ID, title());
        ServingBounds bounds = null;
        String model = p.get(MODEL).trim();
        String hardware = p.get(HARDWARE).trim();
        if (!model.isEmpty() && !hardware.isEmpty()) {
            try {
                bounds = resolver.resolve(model, hardware, p.get(TENSOR_PARALLEL));
            } catch (IllegalArgumentException e) {
                r.finding(Finding.of("bounds-unavailable", Severity.WARNING, "Theoretical bounds not available: " + e.getMessage(),
                        "Without a model and hardware the capacity bound on concurrency and the roofline bounds "
                                + "of prefill and decode steps cannot be computed.",
                        "Use ids from the model and hardware catalogs (see docs/serving.md)."));
            }
        } else if (!model.isEmpty() || !hardware.isEmpty()) {
            r.finding(Finding.of("bounds-need-model-and-hardware", Severity.INFO,
                    "Give both a model and a hardware id for theoretical bounds",
                    "Only one of model (" + model + ") and hardware (" + hardware + ") was given.",
                    "Add --param model=ID --param hardware=ID."));
        }
        ServingTimeline timeline = timeline(in, p, bounds);
        progress.update(1, 3, "computing serving metrics");
        ServingReport.write(r, in, timeline, bounds, p);
        progress.update(3, 3, "done");
        return new Output(r.build(), timeline);
    }

    /**
     * The series a KV-cache view draws (the same as {@link #analyze} keeps), for a view that got the result
     * through the plugin registry; bounds come from the model and hardware when both are given and known.
     */
    public ServingTimeline series(TraceSet traces, ParameterValues p) {
        ServingBounds bounds = null;
        String model = p.get(MODEL).trim();
        String hardware = p.get(HARDWARE).trim();
        if (!model.isEmpty() && !hardware.isEmpty()) {
            try {
                bounds = resolver.resolve(model, hardware, p.get(TENSOR_PARALLEL));
            } catch (IllegalArgumentException e) {
                bounds = null; // the result's finding says why
            }
        }
        return timeline(ServingInputs.of(traces), p, bounds);
    }

    static ServingTimeline timeline(ServingInputs in, ParameterValues p, ServingBounds bounds) {
        TraceSet set = in.traceSet();
        double threshold = p.get(SATURATION);
        int blockSize = blockSize(in, p);
        long capacityTokens = capacityTokens(in, p, bounds);
        long capacityBlocks = capacityTokens > 0 ? capacityTokens / blockSize : -1;
        StepSeries usage = in.kvUsage();
        StepSeries running = in.running();
        StepSeries waiting = in.waiting();
        StepSeries usedBlocks = null;
        StepSeries fragmentation = null;
        boolean derived = false;
        if (in.requests().size() > 0 && (usage == null || running == null || waiting == null)) {
            PagedKvOccupancy occ = PagedKvOccupancy.simulate(in.requests(), blockSize, capacityBlocks);
            long end = Long.MIN_VALUE;
            for (int i = 0; i < in.requests().size(); i++) {
                end = Math.max(end, in.requests().finish(i));
            }
            usedBlocks = new StepSeries("kv_blocks_used", occ.times(), toDouble(occ.usedBlocks()), end);
            fragmentation = new StepSeries("kv_internal_fragmentation", occ.times(), occ.fragmentation(), end);
            if (usage == null && occ.usage() != null) {
                usage = new StepSeries("kv_usage_derived", occ.times(), occ.usage(), end);
                derived = true;
            }
            if (running == null) {
                running = new StepSeries("running", occ.times(), toDouble(occ.running()), end);
            }
            if (waiting == null) {
                waiting = new StepSeries("waiting", occ.times(), toDouble(occ.waiting()), end);
            }
        }
        long[] pre = in.preemptionTimes();
        if (pre.length == 0 && in.requests().size() > 0) {
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < in.requests().size(); i++) {
                for (int k = 0; k < in.requests().preemptions(i); k++) {
                    times.add(in.requests().scheduled(i));
                }
            }
            pre = times.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        // charts count seconds from the start of the series shown (traces of one set may use different clocks)
        StepSeries first = usage != null ? usage : running != null ? running : usedBlocks;
        long origin = first != null && !first.isEmpty() ? Math.min(first.start(), startOf(in, first))
                : set.minTime();
        // the 100 % line is the engine's capacity when it is known; else the one usage was derived with
        long engineTokens = capacityTokens(in, p, null);
        long shownCapacity = engineTokens > 0 ? engineTokens / blockSize : derived ? capacityBlocks : -1;
        return new ServingTimeline(origin, usage, derived, usedBlocks, fragmentation, shownCapacity, running, waiting,
                pre, threshold);
    }

    /** The start of the trace a series came from: the earliest member start not after the series' first sample. */
    private static long startOf(ServingInputs in, StepSeries s) {
        long best = s.start();
        for (TraceSet.Member m : in.traceSet().members()) {
            long t0 = m.trace().minTime();
            long t1 = m.trace().maxTime();
            if (t0 <= s.start() && s.start() <= t1) {
                best = Math.min(best, t0);
            }
        }
        return best;
    }

    /** Block size: the vLLM log's (blocks vs tokens), else the parameter. */
    static int blockSize(ServingInputs in, ParameterValues p) {
        double logged = in.capacity(ServingSeries.META_BLOCK_SIZE);
        if (!p.isSet(BLOCK_SIZE) && logged >= 1) {
            return (int) logged;
        }
        return Math.max(1, p.get(BLOCK_SIZE));
    }

    /**
     * KV capacity in tokens: parameter, else the vLLM log or trace metadata, else the model's capacity bound;
     * -1 unknown.
     */
    static long capacityTokens(ServingInputs in, ParameterValues p, ServingBounds bounds) {
        if (p.get(KV_CAPACITY_TOKENS) > 0) {
            return p.get(KV_CAPACITY_TOKENS);
        }
        double logged = in.capacity(ServingSeries.META_KV_CACHE_TOKENS);
        if (logged > 0) {
            return (long) logged;
        }
        double blocks = in.capacity(ServingSeries.META_GPU_BLOCKS);
        if (blocks > 0) {
            return (long) blocks * blockSize(in, p);
        }
        if (bounds != null) {
            return bounds.kvCapacityTokens();
        }
        return -1;
    }

    private static double[] toDouble(long[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static double[] toDouble(int[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

}
