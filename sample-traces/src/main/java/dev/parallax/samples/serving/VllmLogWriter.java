package dev.parallax.samples.serving;

import dev.parallax.samples.core.Decimals;
import dev.parallax.samples.serving.ServingRun.Request;
import dev.parallax.samples.serving.ServingRun.Step;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the log a vLLM server prints for a {@link ServingRun}: start-up lines with the KV capacity
 * ({@code # GPU blocks}, {@code GPU KV cache size}, {@code Maximum concurrency}), HTTP access lines, preemption
 * warnings, and every {@code logIntervalS} seconds the stat logger's line ({@code loggers.py}): average prompt and
 * generation throughput over the interval, running and waiting requests and KV cache usage at that instant, and
 * the prefix-cache hit rate over the interval. Engine-core lines carry an ANSI-coloured process prefix, API-server
 * lines a plain one, as vLLM's multi-process logging does. Once the server is idle the stat line is printed once
 * and then suppressed (vLLM logs idle intervals at debug level).
 */
public final class VllmLogWriter {
    /** Wall-clock time of simulated t = 0 (the engine ready). */
    public static final Instant START = Instant.parse("2026-11-26T09:00:00Z");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String API = "(APIServer pid=158) ";
    private static final String ENGINE = "\u001b[1;36m(EngineCore_0 pid=1159)\u001b[0;0m ";

    /** One periodic stat line's values (for the ground truth). */
    public record StatLine(long atNs, double promptThroughput, double generationThroughput, int running,
                           int waiting, double kvUsagePercent, double prefixHitRatePercent) {
    }

    private VllmLogWriter() {
    }

    private static String ts(long simNs) {
        return TS.format(START.plusNanos(simNs));
    }

    /** The stat lines a run produces (one per interval while the server is busy, then one idle line). */
    public static List<StatLine> statLines(ServingRun run) {
        List<StatLine> out = new ArrayList<>();
        long interval = run.options.logIntervalS * 1_000_000_000L;
        long lastEnd = run.steps.get(run.steps.size() - 1).endNs();
        int si = 0;
        int running = 0;
        int waiting = 0;
        int blocks = 0;
        boolean idleLogged = false;
        int arrived = 0;
        for (long t = interval; ; t += interval) {
            long prompt = 0;
            long gen = 0;
            long hits = 0;
            long queries = 0;
            while (si < run.steps.size() && run.steps.get(si).endNs() <= t) {
                Step s = run.steps.get(si++);
                prompt += s.prefillTokens();
                gen += s.generatedTokens();
                hits += s.prefixHitTokens();
                queries += s.prefixQueryTokens();
                running = s.runningAfter();
                waiting = s.waitingAfter();
                blocks = s.usedBlocksAfter();
            }
            while (arrived < run.requests.size() && run.requests.get(arrived).arrivalNs <= t) {
                arrived++;
            }
            boolean idle = prompt == 0 && gen == 0 && running == 0 && waiting == 0;
            if (idle && idleLogged) {
                if (t > lastEnd) {
                    break;
                }
                continue;
            }
            idleLogged = idle;
            out.add(new StatLine(t, prompt / (double) run.options.logIntervalS,
                    gen / (double) run.options.logIntervalS, running, waiting,
                    100.0 * blocks / run.options.gpuBlocks, queries == 0 ? 0 : 100.0 * hits / queries));
            if (t > lastEnd) {
                break;
            }
        }
        return out;
    }

    /** Writes the log to {@code file} and returns its stat lines. */
    public static List<StatLine> write(ServingRun run, Path file) throws IOException {
        ServingOptions o = run.options;
        List<StatLine> stats = statLines(run);
        long capacityTokens = (long) o.gpuBlocks * o.blockSize;
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
                dev.parallax.samples.core.SampleOutput.open(file, false), StandardCharsets.UTF_8))) {
            long s = -45_000_000_000L;
            line(out, "", "INFO", s, "__init__.py:241", "Automatically detected platform cuda.");
            line(out, API, "INFO", s + 2_000_000_000L, "api_server.py:1805",
                    "vLLM API server version 0.10.1.1");
            line(out, API, "INFO", s + 2_000_000_000L, "utils.py:326", "non-default args: {'model': '" + o.model
                    + "', 'max_model_len': " + o.maxModelLen + ", 'gpu_memory_utilization': 0.9}");
            line(out, ENGINE, "INFO", s + 9_000_000_000L, "core.py:654", "Waiting for init message from front-end.");
            line(out, ENGINE, "INFO", s + 21_000_000_000L, "gpu_model_runner.py:1953",
                    "Model loading took 14.9889 GiB and 10.214567 seconds");
            line(out, ENGINE, "INFO", s + 33_000_000_000L, "gpu_worker.py:276", String.format(Locale.ROOT,
                    "Available KV cache memory: %s GiB", Decimals.fixed(capacityTokens * 131_072.0 / (1L << 30), 2)));
            line(out, ENGINE, "INFO", s + 33_000_000_000L, "executor_base.py:113",
                    "# GPU blocks: " + o.gpuBlocks + ", # CPU blocks: 2048");
            line(out, ENGINE, "INFO", s + 33_000_000_000L, "kv_cache_utils.py:849",
                    "GPU KV cache size: " + Decimals.grouped(capacityTokens) + " tokens");
            line(out, ENGINE, "INFO", s + 33_000_000_000L, "kv_cache_utils.py:853",
                    "Maximum concurrency for " + Decimals.grouped(o.maxModelLen) + " tokens per request: "
                            + Decimals.fixed(capacityTokens / (double) o.maxModelLen, 2) + "x");
            line(out, ENGINE, "INFO", s + 41_000_000_000L, "core.py:214",
                    "init engine (profile, create kv cache, warmup model) took 20.37 seconds");
            line(out, API, "INFO", s + 44_000_000_000L, "api_server.py:1880",
                    "Starting vLLM API server 0 on http://0.0.0.0:8000");
            out.write("(APIServer pid=158) INFO:     Started server process [158]\n");
            out.write("(APIServer pid=158) INFO:     Application startup complete.\n");
            // Interleave access lines, preemption warnings and stat lines in time order.
            List<long[]> preemptions = new ArrayList<>();
            for (Request r : run.requests) {
                for (long t : r.preemptedAtNs) {
                    preemptions.add(new long[]{t, r.id});
                }
            }
            preemptions.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            List<Request> byFinish = new ArrayList<>(run.requests);
            byFinish.sort((a, b) -> a.finishNs != b.finishNs ? Long.compare(a.finishNs, b.finishNs)
                    : Integer.compare(a.id, b.id));
            int fi = 0;
            int pi = 0;
            int cumulative = 0;
            for (StatLine st : stats) {
                while (pi < preemptions.size() && preemptions.get(pi)[0] <= st.atNs()) {
                    cumulative++;
                    if (cumulative % 50 == 1) {
                        Request r = run.requests.get((int) preemptions.get(pi)[1]);
                        line(out, ENGINE, "WARNING", preemptions.get(pi)[0], "scheduler.py:1555", "Sequence group "
                                + r.requestId() + " is preempted by PreemptionMode.RECOMPUTE mode because there is"
                                + " not enough KV cache space. This can affect the end-to-end performance. Increase"
                                + " gpu_memory_utilization or tensor_parallel_size to provide more KV cache memory."
                                + " total_num_cumulative_preemption=" + cumulative);
                    }
                    pi++;
                }
                while (fi < byFinish.size() && byFinish.get(fi).finishNs <= st.atNs()) {
                    Request r = byFinish.get(fi++);
                    out.write(API + "INFO:     10.0.3." + (11 + r.id % 40) + ":" + (40_000 + r.id * 37 % 20_000)
                            + " - \"POST /v1/completions HTTP/1.1\" 200 OK\n");
                }
                line(out, API, "INFO", st.atNs(), "loggers.py:123", String.format(Locale.ROOT,
                        "Engine 000: Avg prompt throughput: %s tokens/s, Avg generation throughput: %s tokens/s,"
                                + " Running: %d reqs, Waiting: %d reqs, GPU KV cache usage: %s%%, Prefix cache hit"
                                + " rate: %s%%", Decimals.fixed(st.promptThroughput(), 1),
                        Decimals.fixed(st.generationThroughput(), 1), st.running(), st.waiting(),
                        Decimals.fixed(st.kvUsagePercent(), 1), Decimals.fixed(st.prefixHitRatePercent(), 1)));
            }
        }
        return stats;
    }

    private static void line(BufferedWriter out, String prefix, String level, long simNs, String where, String msg)
            throws IOException {
        out.write(prefix + level + " " + ts(simNs) + " [" + where + "] " + msg + "\n");
    }
}
