package dev.parallax.samples.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.parallax.samples.core.EventCounts;
import dev.parallax.samples.core.JsonFiles;
import dev.parallax.samples.core.SampleOutput;
import dev.parallax.samples.serving.ServingRun.Request;
import dev.parallax.samples.serving.ServingRun.Step;
import dev.parallax.samples.serving.VllmLogWriter.StatLine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link ServingSimulator} and writes its outputs into a folder: {@code serving.trace.json[.gz]} (Chrome
 * trace), {@code vllm-serve.log} (vLLM log), {@code prometheus/metrics-<seconds>s.prom} (scrapes) and
 * {@code <name>.expected.json}: capacity, peak and time-weighted mean KV usage, seconds above 95 %, max running
 * and waiting, preemptions, TTFT/TPOT/E2E percentiles (nearest rank), the stat lines and every request.
 *
 * <p>KV usage statistics are computed from the counter as written: the value set at a counter event holds until
 * the next one; the window runs from the first counter event (t = 0) to the last.
 */
public final class ServingGenerator {
    /** Trace file name (without {@code .gz}). */
    public static final String TRACE = "serving.trace.json";
    /** Log file name. */
    public static final String LOG = "vllm-serve.log";

    private final ServingOptions o;

    /** A generator for the given options. */
    public ServingGenerator(ServingOptions options) {
        options.validate();
        this.o = options;
    }

    /** The scrape times (ns): before, during and after the burst, and at the end. */
    public static long[] scrapeTimes(ServingRun run) {
        long end = run.steps.get(run.steps.size() - 1).endNs();
        long burstPeak = Math.round((run.options.burstStartS + run.options.burstLengthS + 4) * 1e9);
        long before = Math.round(run.options.burstStartS / 2 * 1e9);
        return new long[]{before, burstPeak, Math.min(end, burstPeak + 20_000_000_000L), end};
    }

    /** The relative path of the scrape taken at {@code t} ns. */
    public static String scrapeFile(long t) {
        return String.format(java.util.Locale.ROOT, "prometheus/metrics-%04ds.prom", t / 1_000_000_000L);
    }

    /** Simulates and writes every output; returns the run. */
    public ServingRun generate(Path dir, String name) throws IOException {
        ServingRun run = new ServingSimulator(o).run();
        EventCounts counts = ServingTraceWriter.write(run, dir.resolve(SampleOutput.fileName(TRACE, o.gzip)), o.gzip);
        List<StatLine> stats = VllmLogWriter.write(run, dir.resolve(LOG));
        List<String> scrapes = new ArrayList<>();
        if (o.prometheus) {
            for (long t : scrapeTimes(run)) {
                String f = scrapeFile(t);
                PrometheusWriter.write(run, t, dir.resolve(f));
                scrapes.add(f);
            }
        }
        writeExpected(dir.resolve(name + ".expected.json"), run, counts, stats, scrapes);
        return run;
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private void writeExpected(Path file, ServingRun run, EventCounts counts, List<StatLine> stats,
                               List<String> scrapes) throws IOException {
        // KV usage from the counter as written (value holds until the next counter event).
        List<long[]> points = new ArrayList<>();
        points.add(new long[]{0, 0});
        int last = 0;
        int maxRunning = 0;
        int maxWaiting = 0;
        long preemptions = 0;
        long promptTokens = 0;
        long generationTokens = 0;
        for (Step s : run.steps) {
            if (s.usedBlocksAfter() != last) {
                points.add(new long[]{s.endNs(), s.usedBlocksAfter()});
                last = s.usedBlocksAfter();
            }
            maxRunning = Math.max(maxRunning, s.runningAfter());
            maxWaiting = Math.max(maxWaiting, s.waitingAfter());
            preemptions += s.preemptions();
            promptTokens += s.prefillTokens();
            generationTokens += s.generatedTokens();
        }
        long lastStepEnd = run.steps.get(run.steps.size() - 1).endNs();
        long peakBlocks = 0;
        double integral = 0;
        long above = 0;
        long threshold = (long) Math.floor(0.95 * o.gpuBlocks);
        for (int i = 0; i < points.size(); i++) {
            long t0 = points.get(i)[0];
            long t1 = i + 1 < points.size() ? points.get(i + 1)[0] : lastStepEnd;
            long b = points.get(i)[1];
            peakBlocks = Math.max(peakBlocks, b);
            integral += (double) b * (t1 - t0);
            if (100.0 * b / o.gpuBlocks > 95.0) {
                above += t1 - t0;
            }
        }
        int n = run.requests.size();
        long[] ttft = new long[n];
        long[] e2e = new long[n];
        List<Long> tpotList = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Request r = run.requests.get(i);
            ttft[i] = r.ttftNs();
            e2e[i] = r.e2eNs();
            if (r.tpotNs() >= 0) {
                tpotList.add(r.tpotNs());
            }
        }
        long[] tpot = tpotList.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(ttft);
        Arrays.sort(e2e);
        Arrays.sort(tpot);
        try (JsonGenerator g = JsonFiles.open(file)) {
            g.writeStartObject();
            g.writeStringField("generator", "serving");
            g.writeStringField("description", "Continuous-batching LLM server with a paged KV cache (vLLM-like"
                    + " simulation). Times are ns since the engine became ready (trace ts 0). KV statistics use the"
                    + " 'KV cache usage' counter as written (step-wise constant from t=0 to the last step end)."
                    + " Percentiles are nearest-rank; TPOT is per request (finish - first token) / (output - 1).");
            g.writeNumberField("seed", o.seed);
            g.writeStringField("model", o.model);
            g.writeStringField("start_time", VllmLogWriter.START.toString());
            g.writeNumberField("block_size", o.blockSize);
            g.writeNumberField("gpu_blocks", o.gpuBlocks);
            g.writeNumberField("kv_capacity_tokens", (long) o.gpuBlocks * o.blockSize);
            g.writeNumberField("max_num_seqs", o.maxNumSeqs);
            g.writeNumberField("max_num_batched_tokens", o.maxBatchedTokens);
            g.writeNumberField("requests", n);
            g.writeNumberField("long_context_requests", o.burstRequests);
            JsonFiles.fixed(g, "burst_start_s", o.burstStartS, 3);
            JsonFiles.fixed(g, "burst_length_s", o.burstLengthS, 3);
            g.writeNumberField("engine_steps", run.steps.size());
            g.writeNumberField("prefill_steps", run.steps.stream().filter(s -> s.prefillTokens() > 0).count());
            g.writeNumberField("last_step_end_ns", lastStepEnd);
            g.writeNumberField("prompt_tokens_computed", promptTokens);
            g.writeNumberField("generation_tokens", generationTokens);
            g.writeNumberField("peak_kv_blocks", peakBlocks);
            JsonFiles.fixed(g, "peak_kv_usage_percent", 100.0 * peakBlocks / o.gpuBlocks, 4);
            JsonFiles.fixed(g, "mean_kv_usage_percent", 100.0 * integral / lastStepEnd / o.gpuBlocks, 4);
            JsonFiles.fixed(g, "seconds_above_95_percent", above / 1e9, 6);
            g.writeNumberField("kv_threshold_95_blocks", threshold);
            g.writeNumberField("max_running", maxRunning);
            g.writeNumberField("max_waiting", maxWaiting);
            g.writeNumberField("preemptions", preemptions);
            g.writeNumberField("preempted_requests", run.requests.stream().filter(r -> r.preemptions > 0).count());
            percentiles(g, "ttft_ns", ttft);
            percentiles(g, "tpot_ns", tpot);
            percentiles(g, "e2e_ns", e2e);
            g.writeObjectFieldStart("trace_events");
            for (Map.Entry<String, Long> e : counts.byPhaseAndCategory().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("prometheus_scrapes");
            long[] times = scrapeTimes(run);
            for (int i = 0; i < scrapes.size(); i++) {
                g.writeStartObject();
                g.writeStringField("file", scrapes.get(i));
                g.writeNumberField("at_ns", times[i]);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("log_stat_lines");
            for (StatLine s : stats) {
                g.writeStartObject();
                g.writeNumberField("at_ns", s.atNs());
                JsonFiles.fixed(g, "prompt_throughput", s.promptThroughput(), 1);
                JsonFiles.fixed(g, "generation_throughput", s.generationThroughput(), 1);
                g.writeNumberField("running", s.running());
                g.writeNumberField("waiting", s.waiting());
                JsonFiles.fixed(g, "kv_usage_percent", s.kvUsagePercent(), 1);
                JsonFiles.fixed(g, "prefix_hit_rate_percent", s.prefixHitRatePercent(), 1);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("request_list");
            for (Request r : run.requests) {
                g.writeStartObject();
                g.writeNumberField("id", r.id);
                g.writeStringField("request_id", r.requestId());
                g.writeNumberField("arrival_ns", r.arrivalNs);
                g.writeNumberField("first_token_ns", r.firstTokenNs);
                g.writeNumberField("finish_ns", r.finishNs);
                g.writeNumberField("prompt_tokens", r.promptTokens);
                g.writeNumberField("output_tokens", r.outputTokens);
                g.writeBooleanField("long_context", r.burst);
                g.writeNumberField("preemptions", r.preemptions);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void percentiles(JsonGenerator g, String field, long[] sorted) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeNumberField("count", sorted.length);
        g.writeNumberField("p50", percentile(sorted, 50));
        g.writeNumberField("p90", percentile(sorted, 90));
        g.writeNumberField("p99", percentile(sorted, 99));
        g.writeNumberField("max", sorted[sorted.length - 1]);
        g.writeEndObject();
    }
}
