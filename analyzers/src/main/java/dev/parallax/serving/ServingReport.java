package dev.parallax.serving;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Unit;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.Overlay;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.trace.Severity;
import dev.parallax.trace.query.Intervals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns serving inputs and their timeline into the metrics, tables, charts, overlays and findings of a result. */
final class ServingReport {
    private static final double[] PERCENTILES = {50, 90, 99};

    private ServingReport() {
    }

    static void write(Result.Builder r, ServingInputs in, ServingTimeline tl, ServingBounds bounds, ParameterValues p) {
        ServingRequests req = in.requests();
        double threshold = tl.saturationThreshold();
        int rank = Math.max(0, in.kvRank());

        // --- KV usage -------------------------------------------------------------------------------
        StepSeries usage = tl.usage();
        Intervals saturated = Intervals.empty();
        r.metric("kv_source", usage == null ? (tl.usedBlocks() != null ? "request_spans_without_capacity" : "none")
                : tl.usageDerived() ? "request_spans" : "counter", Unit.NONE);
        if (usage != null && !usage.isEmpty()) {
            saturated = usage.above(threshold);
            r.metric("peak_usage", usage.max(), Unit.FRACTION);
            r.metric("mean_usage", usage.timeWeightedMean(), Unit.FRACTION);
            r.metric("seconds_above_95pct", saturated.length() / 1e9, Unit.S);
            r.metric("saturation_threshold", threshold, Unit.FRACTION);
        }
        boolean hasKvData = usage != null || req.size() > 0;
        long engineCapacity = KvCacheAnalysis.capacityTokens(in, p, null);
        if (hasKvData && engineCapacity > 0) {
            r.metric("kv_capacity_tokens", engineCapacity, Unit.TOKENS);
            r.metric("kv_capacity_blocks", engineCapacity / KvCacheAnalysis.blockSize(in, p), Unit.COUNT);
        }
        if (bounds != null) {
            r.metric("theoretical_kv_capacity_tokens", bounds.kvCapacityTokens(), Unit.TOKENS);
        }
        if (tl.usedBlocks() != null && (usage == null || tl.usageDerived())) {
            r.metric("peak_blocks_used", (long) tl.usedBlocks().max(), Unit.COUNT);
            if (tl.fragmentation() != null) {
                // time-weighted over the time when blocks were allocated
                r.metric("mean_internal_fragmentation", tl.fragmentation().meanWithin(tl.usedBlocks().above(0)), Unit.FRACTION);
            }
        }
        if (tl.running() != null && !tl.running().isEmpty()) {
            r.metric("max_running", (long) tl.running().max(), Unit.COUNT);
            r.metric("mean_running", tl.running().timeWeightedMean(), Unit.COUNT);
        }
        if (tl.waiting() != null && !tl.waiting().isEmpty()) {
            r.metric("max_waiting", (long) tl.waiting().max(), Unit.COUNT);
        }
        r.metric("preemptions", (long) tl.preemptions().length, Unit.COUNT);

        // --- concurrency against the capacity bound -------------------------------------------------
        double meanContext = Double.NaN;
        if (req.size() > 0) {
            double sum = 0;
            for (int i = 0; i < req.size(); i++) {
                sum += req.promptTokens(i) + req.outputTokens(i);
            }
            meanContext = sum / req.size();
            r.metric("mean_context_tokens", meanContext, Unit.TOKENS);
            r.metric("context_source", "request_spans", Unit.NONE);
        } else {
            meanContext = contextFromCounters(tl, KvCacheAnalysis.capacityTokens(in, p, bounds));
            if (!Double.isNaN(meanContext)) {
                r.metric("mean_context_tokens", meanContext, Unit.TOKENS);
                r.metric("context_source", "kv_usage_per_running_request", Unit.NONE);
            }
        }
        long engineConcurrency = -1;
        long theoretical = -1;
        if (!Double.isNaN(meanContext)) {
            long ctx = Math.max(1, Math.round(meanContext));
            int bs = KvCacheAnalysis.blockSize(in, p);
            if (engineCapacity > 0) {
                engineConcurrency = (engineCapacity / bs) / ((ctx + bs - 1) / bs);
                r.metric("engine_max_concurrency", engineConcurrency, Unit.COUNT);
            }
            theoretical = bounds != null ? bounds.maxConcurrency(ctx) : engineConcurrency;
        }
        if (theoretical >= 0) {
            r.metric("theoretical_max_concurrency", theoretical, Unit.COUNT);
        }
        double loggedMax = in.capacity(ServingSeries.META_MAX_CONCURRENCY);
        if (!Double.isNaN(loggedMax)) {
            r.metric("vllm_max_concurrency", loggedMax, Unit.COUNT);
        }

        // --- latency ----------------------------------------------------------------------------------
        Table.Builder lat = new Table.Builder("latency", "Request latency percentiles")
                .column("measure", "Measure").column("source", "Source").column("count", "Requests", Unit.COUNT)
                .column("p50_seconds", "p50", Unit.S).column("p90_seconds", "p90", Unit.S).column("p99_seconds", "p99", Unit.S)
                .column("mean_seconds", "Mean", Unit.S);
        boolean nearest = p.get(KvCacheAnalysis.PERCENTILE_METHOD).equals("nearest_rank");
        latency(r, lat, "ttft", req.values(req::ttftSeconds), in.histograms().get(ServingSeries.TTFT_HISTOGRAM), nearest);
        latency(r, lat, "tpot", req.values(req::tpotSeconds), in.histograms().get(ServingSeries.TPOT_HISTOGRAM), nearest);
        latency(r, lat, "e2e", req.values(req::e2eSeconds), in.histograms().get(ServingSeries.E2E_HISTOGRAM), nearest);
        double[] queue = req.values(req::queueSeconds);
        if (java.util.Arrays.stream(queue).anyMatch(q -> q > 0)) {
            latency(r, lat, "queue", queue, null, nearest);
        }
        Table latencyTable = lat.build();
        if (!latencyTable.rows().isEmpty()) {
            r.table(latencyTable);
        }
        if (req.size() > 0) {
            r.metric("requests", (long) req.size(), Unit.COUNT);
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            long prompt = 0;
            long output = 0;
            for (int i = 0; i < req.size(); i++) {
                first = Math.min(first, req.arrival(i));
                last = Math.max(last, req.finish(i));
                prompt += req.promptTokens(i);
                output += req.outputTokens(i);
            }
            double seconds = (last - first) / 1e9;
            if (seconds > 0) {
                r.metric("output_tokens_per_second", output / seconds, Unit.TOKENS_PER_S);
                r.metric("prompt_tokens_per_second", prompt / seconds, Unit.TOKENS_PER_S);
                r.metric("requests_per_second", req.size() / seconds, Unit.PER_S);
            }
            histograms(r, req);
        } else {
            if (in.generationThroughput() != null) {
                r.metric("output_tokens_per_second", in.generationThroughput().timeWeightedMean(), Unit.TOKENS_PER_S);
            }
            if (in.promptThroughput() != null) {
                r.metric("prompt_tokens_per_second", in.promptThroughput().timeWeightedMean(), Unit.TOKENS_PER_S);
            }
        }

        // --- steps ------------------------------------------------------------------------------------
        List<InferenceStep> steps = in.steps();
        List<double[]> decodeRatios = steps(r, steps, bounds);

        // --- charts and overlays ----------------------------------------------------------------------
        charts(r, tl);
        overlays(r, tl, saturated, rank);

        // --- findings ---------------------------------------------------------------------------------
        findings(r, in, tl, saturated, theoretical, engineConcurrency, meanContext, decodeRatios, bounds, p, rank);
    }

    /**
     * The mean context per running request seen by the KV counters: tokens held (usage × capacity) over running
     * requests, time-weighted over the samples where requests ran; NaN without capacity or running counts.
     */
    static double contextFromCounters(ServingTimeline tl, long capacityTokens) {
        StepSeries usage = tl.usage();
        StepSeries running = tl.running();
        if (usage == null || running == null || capacityTokens <= 0 || tl.usageDerived()) {
            return Double.NaN;
        }
        double sum = 0;
        double weight = 0;
        double plainSum = 0;
        int plainCount = 0;
        int n = usage.size();
        for (int i = 0; i < n; i++) {
            double r = running.valueAt(usage.times()[i]);
            if (!(r > 0)) {
                continue;
            }
            double ctx = usage.values()[i] * capacityTokens / r;
            long d = (i + 1 < n ? usage.times()[i + 1] : usage.end()) - usage.times()[i];
            sum += d * ctx;
            weight += d;
            plainSum += ctx;
            plainCount++;
        }
        if (weight > 0) {
            return sum / weight;
        }
        return plainCount == 0 ? Double.NaN : plainSum / plainCount;
    }

    private static void latency(Result.Builder r, Table.Builder t, String key, double[] samples,
                                ServingInputs.Histogram h, boolean nearestRank) {
        if (samples.length > 0) {
            double[] s = samples.clone();
            java.util.Arrays.sort(s);
            double mean = 0;
            for (double v : s) {
                mean += v;
            }
            mean /= s.length;
            Table.RowBuilder row = t.newRow(null).set("measure", key).set("source", "request_spans")
                    .set("count", (long) s.length);
            for (int i = 0; i < PERCENTILES.length; i++) {
                double v = nearestRank ? Percentiles.nearestRankOfSorted(s, PERCENTILES[i])
                        : Percentiles.ofSorted(s, PERCENTILES[i]);
                row.set("p" + (int) PERCENTILES[i] + "_seconds", v);
                if (!key.equals("queue")) {
                    r.metric(key + "_p" + (int) PERCENTILES[i] + "_seconds", v, Unit.S);
                }
            }
            row.set("mean_seconds", mean).add();
            if (!key.equals("queue")) {
                r.metric(key + "_mean_seconds", mean, Unit.S);
            }
        } else if (h != null && h.count() > 0) {
            Table.RowBuilder row = t.newRow(null).set("measure", key).set("source", "histogram")
                    .set("count", (long) h.count());
            for (int i = 0; i < PERCENTILES.length; i++) {
                double v = h.quantile(PERCENTILES[i] / 100.0);
                row.set("p" + (int) PERCENTILES[i] + "_seconds", Double.isFinite(v) ? v : null);
                r.metric(key + "_p" + (int) PERCENTILES[i] + "_seconds", v, Unit.S);
            }
            row.add();
        }
    }

    private static void histograms(Result.Builder r, ServingRequests req) {
        histogram(r, "ttft_histogram", "Time to first token", req.values(req::ttftSeconds));
        histogram(r, "tpot_histogram", "Time per output token", req.values(req::tpotSeconds));
        histogram(r, "e2e_histogram", "End-to-end latency", req.values(req::e2eSeconds));
    }

    /**
     * A latency histogram: 20 equal bins from 0 to the largest value; points are (bin centre in seconds,
     * requests in the bin), so the bin width is the distance between neighbouring x values. Negative or
     * non-finite values (a request whose times could not be measured) are left out.
     */
    static Chart latencyHistogram(String id, String title, double[] values) {
        values = java.util.Arrays.stream(values).filter(v -> Double.isFinite(v) && v >= 0).toArray();
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        int bins = 20;
        double width = max > 0 ? max / bins : 1;
        double[] counts = new double[bins];
        double[] centres = new double[bins];
        for (double v : values) {
            counts[Math.min(bins - 1, (int) (v / width))]++;
        }
        for (int b = 0; b < bins; b++) {
            centres[b] = (b + 0.5) * width;
        }
        return Chart.xy(id, title, Chart.Kind.HISTOGRAM, "latency", "requests",
                List.of(new Chart.Series("requests", centres, counts))).withUnits(Unit.S, Unit.COUNT);
    }

    private static void histogram(Result.Builder r, String id, String title, double[] values) {
        // no chart for no data or only zeros (e.g. TPOT of one-token answers): it would show nothing
        if (java.util.Arrays.stream(values).anyMatch(v -> Double.isFinite(v) && v > 0)) {
            r.chart(latencyHistogram(id, title, values));
        }
    }

    /** Steps table and metrics; returns {measured/bound} ratios and rows of decode steps. */
    private static List<double[]> steps(Result.Builder r, List<InferenceStep> steps, ServingBounds bounds) {
        List<double[]> decodeRatios = new ArrayList<>();
        if (steps.isEmpty()) {
            return decodeRatios;
        }
        Table.Builder t = new Table.Builder("steps", "Inference steps")
                .column("rank", "Rank").column("phase", "Phase").column("name", "Annotation")
                .column("start_ns", "Start", Unit.NS).column("duration_ms", "Duration", Unit.MS)
                .column("gpu_busy_ms", "GPU busy", Unit.MS).column("kernels", "GPU ops", Unit.COUNT)
                .column("batch", "Requests", Unit.COUNT).column("tokens", "Tokens", Unit.TOKENS).column("context_tokens", "Context tokens", Unit.TOKENS)
                .column("bound_ms", "Bound", Unit.MS).column("bound_ratio", "Measured / bound", Unit.RATIO);
        long[] countByPhase = new long[StepPhase.values().length];
        long[] timeByPhase = new long[StepPhase.values().length];
        for (int i = 0; i < steps.size(); i++) {
            InferenceStep s = steps.get(i);
            StepAnnotation a = s.annotation();
            countByPhase[s.phase().ordinal()]++;
            timeByPhase[s.phase().ordinal()] += s.durationNs();
            double bound = bounds == null ? Double.NaN : s.boundSeconds(bounds);
            double ratio = Double.isNaN(bound) || bound <= 0 ? Double.NaN : s.durationNs() / 1e9 / bound;
            if (s.phase() == StepPhase.DECODE && !Double.isNaN(ratio)) {
                decodeRatios.add(new double[] {ratio, i});
            }
            long batch = a.decodeRequests() > 0 || a.prefillRequests() > 0
                    ? Math.max(0, a.decodeRequests()) + Math.max(0, a.prefillRequests()) : -1;
            long ctx = (a.decodeContextTokens() >= 0 ? a.decodeContextTokens() : 0)
                    + (a.prefillContextTokens() >= 0 ? a.prefillContextTokens() : 0);
            t.newRow(Location.slice(s.rank(), s.track(), s.row(), s.start(), s.end()))
                    .set("rank", (long) s.rank())
                    .set("phase", s.phase().id())
                    .set("name", s.name())
                    .set("start_ns", s.start())
                    .set("duration_ms", s.durationNs() / 1e6)
                    .set("gpu_busy_ms", s.gpuBusyNs() / 1e6)
                    .set("kernels", (long) s.kernels())
                    .set("batch", batch < 0 ? null : batch)
                    .set("tokens", a.tokens() < 0 ? null : a.tokens())
                    .set("context_tokens", ctx > 0 ? ctx : null)
                    .set("bound_ms", Double.isNaN(bound) ? null : bound * 1e3)
                    .set("bound_ratio", Double.isNaN(ratio) ? null : ratio)
                    .add();
        }
        r.table(t.build());
        double[] bx = new double[steps.size()];
        double[] by = new double[steps.size()];
        long origin = steps.get(0).start();
        for (int i = 0; i < steps.size(); i++) {
            StepAnnotation a = steps.get(i).annotation();
            bx[i] = (steps.get(i).start() - origin) / 1e9;
            by[i] = Math.max(0, a.decodeRequests()) + Math.max(0, a.prefillRequests());
        }
        r.chart(Chart.xy("batch_size", "Requests per step", Chart.Kind.SCATTER, "time (s from the first step)",
                "requests in the step", List.of(new Chart.Series("requests", bx, by))));
        long total = 0;
        for (long v : timeByPhase) {
            total += v;
        }
        r.metric("steps", (long) steps.size(), Unit.COUNT);
        r.metric("prefill_steps", countByPhase[StepPhase.PREFILL.ordinal()], Unit.COUNT);
        r.metric("decode_steps", countByPhase[StepPhase.DECODE.ordinal()], Unit.COUNT);
        r.metric("mixed_steps", countByPhase[StepPhase.MIXED.ordinal()], Unit.COUNT);
        if (total > 0) {
            r.metric("prefill_time_share", (double) timeByPhase[StepPhase.PREFILL.ordinal()] / total, Unit.FRACTION);
            r.metric("decode_time_share", (double) timeByPhase[StepPhase.DECODE.ordinal()] / total, Unit.FRACTION);
            r.metric("mixed_time_share", (double) timeByPhase[StepPhase.MIXED.ordinal()] / total, Unit.FRACTION);
        }
        long decodeCount = countByPhase[StepPhase.DECODE.ordinal()];
        if (decodeCount > 0) {
            r.metric("mean_decode_step_ms", timeByPhase[StepPhase.DECODE.ordinal()] / 1e6 / decodeCount, Unit.MS);
        }
        if (!decodeRatios.isEmpty()) {
            double[] ratios = decodeRatios.stream().mapToDouble(d -> d[0]).toArray();
            r.metric("decode_bound_ratio_p50", Percentiles.of(ratios, 50), Unit.RATIO);
        }
        return decodeRatios;
    }

    private static void charts(Result.Builder r, ServingTimeline tl) {
        long origin = tl.origin();
        List<Chart.Series> kv = new ArrayList<>();
        if (tl.usage() != null && !tl.usage().isEmpty()) {
            kv.add(stepSeries(tl.usage().isEmpty() ? "usage" : (tl.usageDerived() ? "usage (derived)" : "usage"),
                    tl.usage(), origin, 100));
            kv.add(new Chart.Series("capacity", new double[] {0, rel(tl.usage().end(), origin)}, new double[] {100, 100}));
        }
        if (!kv.isEmpty()) {
            r.chart(Chart.xy("kv_usage", "KV-cache usage", Chart.Kind.LINE, "time (s from trace start)",
                    "KV usage (%)", kv));
        }
        List<Chart.Series> reqs = new ArrayList<>();
        if (tl.running() != null && !tl.running().isEmpty()) {
            reqs.add(stepSeries("running", tl.running(), origin, 1));
        }
        if (tl.waiting() != null && !tl.waiting().isEmpty()) {
            reqs.add(stepSeries("waiting", tl.waiting(), origin, 1));
        }
        if (tl.preemptions().length > 0) {
            double[] x = new double[tl.preemptions().length];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = rel(tl.preemptions()[i], origin);
            }
            reqs.add(new Chart.Series("preemptions", x, y));
        }
        if (!reqs.isEmpty()) {
            r.chart(Chart.xy("requests", "Running and waiting requests", Chart.Kind.LINE, "time (s from trace start)",
                    "requests", reqs));
        }
    }

    /** A step function as a line: each value drawn flat until the next sample. */
    private static Chart.Series stepSeries(String name, StepSeries s, long origin, double scale) {
        int n = s.size();
        double[] x = new double[2 * n];
        double[] y = new double[2 * n];
        for (int i = 0; i < n; i++) {
            long next = i + 1 < n ? s.times()[i + 1] : s.end();
            x[2 * i] = rel(s.times()[i], origin);
            y[2 * i] = s.values()[i] * scale;
            x[2 * i + 1] = rel(next, origin);
            y[2 * i + 1] = s.values()[i] * scale;
        }
        return new Chart.Series(name, x, y);
    }

    private static double rel(long t, long origin) {
        return (t - origin) / 1e9;
    }

    private static void overlays(Result.Builder r, ServingTimeline tl, Intervals saturated, int rank) {
        List<Overlay.Lane> lanes = new ArrayList<>();
        if (!saturated.isEmpty()) {
            long[] s = new long[saturated.size()];
            long[] e = new long[saturated.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = saturated.start(i);
                e[i] = saturated.end(i);
            }
            lanes.add(new Overlay.Lane(rank, "KV cache saturated", "#d62728", s, e));
        }
        if (tl.preemptions().length > 0) {
            long[] s = tl.preemptions().clone();
            long[] e = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                e[i] = s[i] + 1;
            }
            lanes.add(new Overlay.Lane(rank, "preemption", "#ff7f0e", s, e));
        }
        if (!lanes.isEmpty()) {
            r.overlay(new Overlay("kv_cache", "KV cache", lanes));
        }
    }

    private static void findings(Result.Builder r, ServingInputs in, ServingTimeline tl, Intervals saturated,
                                 long theoretical, long engineConcurrency, double meanContext,
                                 List<double[]> decodeRatios,
                                 ServingBounds bounds, ParameterValues p, int rank) {
        StepSeries usage = tl.usage();
        if (usage == null && tl.running() == null && in.requests().size() == 0 && in.steps().isEmpty()
                && in.histograms().isEmpty()) {
            r.finding(Finding.of("no-serving-data", Severity.INFO, "No serving data found",
                    "The input has no KV-cache usage counter, no request spans with token counts, no inference-step "
                            + "annotations and no latency histograms.",
                    "Open a vLLM log, Prometheus scrapes of /metrics, a trace with request spans, or a profiler "
                            + "trace of an inference engine (see docs/serving.md)."));
            return;
        }
        if (usage == null && in.requests().size() > 0) {
            r.finding(Finding.of("kv-capacity-unknown", Severity.INFO, "KV usage derived without a capacity: only blocks in use are known",
                    "The request spans give the blocks in use over time, but not how many blocks the cache holds.",
                    "Give --param kv_capacity_tokens=N, open the vLLM log beside the trace, or give a model and "
                            + "hardware."));
        }
        double total = usage == null || usage.isEmpty() ? 0 : (usage.end() - usage.start()) / 1e9;
        if (!saturated.isEmpty()) {
            double secs = saturated.length() / 1e9;
            String waitText = "";
            if (tl.waiting() != null && !tl.waiting().isEmpty()) {
                Intervals all = Intervals.of(usage.start(), usage.end());
                double inside = tl.waiting().meanWithin(saturated);
                double outside = tl.waiting().meanWithin(all.subtract(saturated));
                waitText = String.format(Locale.ROOT, " While saturated, %.1f requests waited on average (%s "
                        + "elsewhere); at most %d.", inside, Double.isNaN(outside) ? "no time" : String.format(
                                Locale.ROOT, "%.1f", outside), (long) maxWithin(tl.waiting(), saturated));
            }
            long preemptedInside = java.util.Arrays.stream(tl.preemptions()).filter(saturated::contains).count();
            int longest = 0;
            for (int i = 1; i < saturated.size(); i++) {
                if (saturated.end(i) - saturated.start(i) > saturated.end(longest) - saturated.start(longest)) {
                    longest = i;
                }
            }
            r.finding(Finding.of("kv-saturated", Severity.WARNING,
                    String.format(Locale.ROOT, "KV cache above %.0f%% for %.1f s (%.0f%% of the run)",
                            tl.saturationThreshold() * 100, secs, total > 0 ? 100 * secs / total : 0),
                    "A full KV cache stops the scheduler from admitting new requests: they queue, and running ones "
                            + "may be preempted (their KV recomputed or swapped)." + waitText
                            + (preemptedInside > 0 ? " " + preemptedInside + " preemptions happened then." : ""),
                    "Give the cache more memory (gpu_memory_utilization, tensor parallelism, an FP8 KV cache), "
                            + "lower max_num_seqs or max_model_len, or enable prefix caching for shared prompts.")
                    .at(Location.range(rank, saturated.start(longest), saturated.end(longest))));
        }
        if (usage != null && tl.usageDerived()) {
            Intervals over = usage.above(1.0);
            if (!over.isEmpty()) {
                r.finding(Finding.of("kv-demand-exceeds-cache", Severity.WARNING, String.format(Locale.ROOT,
                                "The requests' KV demand exceeds the cache for %.1f s (peak %.0f%%)",
                                over.length() / 1e9, usage.max() * 100),
                        "Holding every running request's blocks needs more than the capacity then; the engine must "
                                + "have preempted, swapped or delayed requests (the spans show them as running).",
                        "Check the capacity given (kv_capacity_tokens, the vLLM log); give the cache more memory or "
                                + "admit fewer long requests at once.")
                        .at(Location.range(rank, over.start(0), over.end(0))));
            }
        }
        if (tl.preemptions().length > 0) {
            r.finding(Finding.of("preemptions", Severity.WARNING, tl.preemptions().length
                    + (tl.preemptions().length == 1 ? " preemption" : " preemptions"),
                    "Preemption frees a running request's KV blocks when the cache is full; the request is recomputed "
                            + "or swapped back later, which costs time and raises its latency.",
                    "Reduce the batch (max_num_seqs, max_num_batched_tokens) or give the KV cache more memory.")
                    .at(Location.range(rank, tl.preemptions()[0], tl.preemptions()[tl.preemptions().length - 1] + 1)));
        }
        String ctx = Double.isNaN(meanContext) ? "" : String.format(Locale.ROOT, " at %.0f tokens per request",
                meanContext);
        long limit = engineConcurrency >= 0 ? engineConcurrency : theoretical;
        if (limit >= 0 && tl.running() != null && !tl.running().isEmpty()) {
            long maxRunning = (long) tl.running().max();
            double maxWaiting = tl.waiting() == null || tl.waiting().isEmpty() ? 0 : tl.waiting().max();
            String source = engineConcurrency >= 0 ? "the KV blocks the engine allocated"
                    : "the capacity bound of " + bounds.description();
            if (maxRunning < 0.5 * limit && maxWaiting > 0) {
                r.finding(Finding.of("concurrency-below-capacity", Severity.WARNING,
                        "At most " + maxRunning + " requests ran while " + limit + " would fit" + ctx,
                        "Requests waited although the KV cache could hold about " + limit + " sequences of the "
                                + "observed length (" + source + "): another limit admitted fewer.",
                        "Raise max_num_seqs or max_num_batched_tokens if latency allows; check the scheduler's "
                                + "token budget."));
            } else {
                r.finding(Finding.of("concurrency-vs-capacity", Severity.INFO,
                        "At most " + maxRunning + " requests ran; about " + limit + " fit in the KV cache" + ctx,
                        "Admitted concurrency compared with " + source + ".", "None needed."));
            }
        }
        if (engineConcurrency >= 0 && bounds != null && theoretical > 0 && engineConcurrency < 0.5 * theoretical) {
            r.finding(Finding.of("engine-cache-smaller-than-hbm", Severity.INFO,
                    "The engine's KV cache holds " + engineConcurrency + " sequences" + ctx + "; HBM could hold "
                            + theoretical,
                    "The capacity bound of " + bounds.description() + " (all HBM beside the weights, Yao Fu 2024) "
                            + "admits " + theoretical + " sequences of the observed length; the engine allocated "
                            + "blocks for " + engineConcurrency + ".",
                    "Check gpu_memory_utilization, the weights' and KV cache's data types, and the memory taken by "
                            + "activations and CUDA graphs."));
        }
        if (!decodeRatios.isEmpty()) {
            double slack = p.get(KvCacheAnalysis.DECODE_SLACK);
            long far = decodeRatios.stream().filter(d -> d[0] > slack).count();
            double median = Percentiles.of(decodeRatios.stream().mapToDouble(d -> d[0]).toArray(), 50);
            if (far > 0) {
                double[] worst = decodeRatios.stream().max(java.util.Comparator.comparingDouble(d -> d[0])).get();
                InferenceStep s = in.steps().get((int) worst[1]);
                r.finding(Finding.of("slow-decode-steps", Severity.WARNING,
                        String.format(Locale.ROOT, "%d of %d decode steps take more than %.1f× their bandwidth bound "
                                + "(median %.1f×)", far, decodeRatios.size(), slack, median),
                        "A decode step must at least read the weights once and every sequence's KV cache from HBM ("
                                + (bounds == null ? "" : bounds.description()) + "). Steps far above that bound "
                                + "spend time on launch overhead, small kernels, synchronisation or host work.",
                        "Use CUDA graphs for decode, larger decode batches, fused attention kernels; look at the "
                                + "gaps between kernels of the slowest step.")
                        .at(Location.slice(s.rank(), s.track(), s.row(), s.start(), s.end())));
            } else {
                r.finding(Finding.of("decode-bound-ratio", Severity.INFO, String.format(Locale.ROOT,
                                "Decode steps run at %.1f× their bandwidth bound (median)", median),
                        "Every decode step is within " + slack + "× of its HBM-bandwidth bound.", "None needed."));
            }
        } else if (!in.steps().isEmpty() && bounds == null) {
            r.finding(Finding.of("steps-without-bounds", Severity.INFO, in.steps().size() + " inference steps found; no bounds to compare",
                    "Step durations can be set against their roofline bounds when the model and hardware are known.",
                    "Add --param model=ID --param hardware=ID."));
        }
    }

    private static double maxWithin(StepSeries s, Intervals within) {
        double m = 0;
        int n = s.size();
        for (int i = 0; i < n; i++) {
            long e = i + 1 < n ? s.times()[i + 1] : s.end();
            if (within.lengthWithin(s.times()[i], e) > 0) {
                m = Math.max(m, s.values()[i]);
            }
        }
        return m;
    }
}
