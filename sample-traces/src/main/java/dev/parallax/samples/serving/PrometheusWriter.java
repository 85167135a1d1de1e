package dev.parallax.samples.serving;

import dev.parallax.samples.core.Decimals;
import dev.parallax.samples.serving.ServingRun.Request;
import dev.parallax.samples.serving.ServingRun.Step;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes what a scrape of vLLM's {@code /metrics} endpoint (Prometheus text exposition format 0.0.4) returns at a
 * given time of a {@link ServingRun}: the running/waiting gauges, KV cache usage (0–1), cumulative counters
 * (preemptions, prompt and generation tokens, prefix-cache queries and hits, with the {@code _total} suffix) and
 * the TTFT, TPOT (per request: mean time per output token after the first) and end-to-end latency histograms
 * with vLLM's bucket bounds. Requests count in a histogram once the observed event has happened.
 */
public final class PrometheusWriter {
    private static final double[] TTFT = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5,
        5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
    private static final double[] TPOT = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5,
        5.0, 7.5, 10.0, 20.0, 40.0, 80.0};
    private static final double[] E2E = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0,
        60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};

    private PrometheusWriter() {
    }

    /** Prometheus-style number text: {@code 12.0}, {@code 0.4375}, {@code 1.5e-05} is avoided (fixed 9 decimals, trimmed). */
    static String num(double v) {
        String s = Decimals.fixed(v, 8);
        int end = s.length();
        while (s.charAt(end - 1) == '0' && s.charAt(end - 2) != '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /** Writes the scrape at sim time {@code atNs} to {@code file}. */
    public static void write(ServingRun run, long atNs, Path file) throws IOException {
        String labels = "engine=\"0\",model_name=\"" + run.options.model + "\"";
        int running = 0;
        int waiting = 0;
        int blocks = 0;
        long preemptions = 0;
        long prompt = 0;
        long generation = 0;
        long hits = 0;
        long queries = 0;
        for (Step s : run.steps) {
            if (s.endNs() > atNs) {
                break;
            }
            running = s.runningAfter();
            waiting = s.waitingAfter();
            blocks = s.usedBlocksAfter();
            preemptions += s.preemptions();
            prompt += s.prefillTokens();
            generation += s.generatedTokens();
            hits += s.prefixHitTokens();
            queries += s.prefixQueryTokens();
        }
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
                dev.parallax.samples.core.SampleOutput.open(file, false), StandardCharsets.UTF_8))) {
            gauge(out, "vllm:num_requests_running", "Number of requests in model execution batches.", labels, running);
            gauge(out, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", labels, waiting);
            gauge(out, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", labels,
                    blocks / (double) run.options.gpuBlocks);
            counter(out, "vllm:num_preemptions", "Cumulative number of preemption from the engine.", labels,
                    preemptions);
            counter(out, "vllm:prompt_tokens", "Number of prefill tokens processed.", labels, prompt);
            counter(out, "vllm:generation_tokens", "Number of generation tokens processed.", labels, generation);
            counter(out, "vllm:prefix_cache_queries", "Prefix cache queries, in terms of number of queried tokens.",
                    labels, queries);
            counter(out, "vllm:prefix_cache_hits", "Prefix cache hits, in terms of number of cached tokens.", labels,
                    hits);
            histogram(out, "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.",
                    labels, TTFT, run, atNs, 0);
            histogram(out, "vllm:time_per_output_token_seconds", "Histogram of time per output token in seconds.",
                    labels, TPOT, run, atNs, 1);
            histogram(out, "vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.",
                    labels, E2E, run, atNs, 2);
        }
    }

    private static void gauge(BufferedWriter out, String name, String help, String labels, double v)
            throws IOException {
        out.write("# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n");
        out.write(name + "{" + labels + "} " + num(v) + "\n");
    }

    private static void counter(BufferedWriter out, String name, String help, String labels, long v)
            throws IOException {
        out.write("# HELP " + name + "_total " + help + "\n# TYPE " + name + "_total counter\n");
        out.write(name + "_total{" + labels + "} " + num(v) + "\n");
    }

    private static void histogram(BufferedWriter out, String name, String help, String labels, double[] bounds,
                                  ServingRun run, long atNs, int kind) throws IOException {
        long[] counts = new long[bounds.length];
        long n = 0;
        long sumNs = 0;
        for (Request r : run.requests) {
            long value;
            if (kind == 0) {
                if (r.firstTokenNs < 0 || r.firstTokenNs > atNs) {
                    continue;
                }
                value = r.ttftNs();
            } else {
                if (r.finishNs < 0 || r.finishNs > atNs || (kind == 1 && r.tpotNs() < 0)) {
                    continue;
                }
                value = kind == 1 ? r.tpotNs() : r.e2eNs();
            }
            n++;
            sumNs += value;
            for (int i = 0; i < bounds.length; i++) {
                if (value <= Math.round(bounds[i] * 1e9)) {
                    counts[i]++;
                }
            }
        }
        out.write("# HELP " + name + " " + help + "\n# TYPE " + name + " histogram\n");
        for (int i = 0; i < bounds.length; i++) {
            out.write(name + "_bucket{" + labels + ",le=\"" + num(bounds[i]) + "\"} " + num(counts[i]) + "\n");
        }
        out.write(name + "_bucket{" + labels + ",le=\"+Inf\"} " + num(n) + "\n");
        out.write(name + "_count{" + labels + "} " + num(n) + "\n");
        out.write(name + "_sum{" + labels + "} " + num(sumNs / 1e9) + "\n");
    }
}
