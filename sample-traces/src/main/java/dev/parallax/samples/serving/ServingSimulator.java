package dev.parallax.samples.serving;

import dev.parallax.samples.core.SeededRandom;
import dev.parallax.samples.serving.ServingRun.Request;
import dev.parallax.samples.serving.ServingRun.Step;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A deterministic simulation of a continuous-batching LLM server with a paged KV cache, after vLLM's V1
 * scheduler (Kwon et al., "Efficient Memory Management for Large Language Model Serving with PagedAttention",
 * SOSP 2023). Each engine step first serves running requests in admission order (a decode needs one token, a
 * prefill up to the step's token budget: chunked prefill); when a request needs a KV block and none is free, the
 * most recently admitted running request is preempted (its blocks freed, it goes back to the front of the
 * waiting queue and is recomputed later). New requests are admitted first-come-first-served while blocks, the
 * token budget and {@code max_num_seqs} allow, and not in a step that preempted. Blocks are allocated as tokens
 * enter the cache, so usage can never exceed the capacity.
 *
 * <p>Workload: Poisson arrivals with log-normal prompt and output lengths, part of them sharing a system prompt
 * (prefix-cache hits), plus a burst of long-context requests that saturates the cache. Step time: a fixed cost
 * plus per-prefill-token, per-decode-request and per-context-token costs (a 70B model on four H100-class GPUs).
 */
public final class ServingSimulator {
    private static final long STEP_FIXED_NS = 22_000_000;
    private static final long PER_PREFILL_TOKEN_NS = 35_000;
    private static final long PER_DECODE_REQUEST_NS = 150_000;
    private static final double PER_CONTEXT_TOKEN_NS = 1.0;
    private static final long SCHEDULER_GAP_NS = 350_000;

    private final ServingOptions o;

    /** A simulator for the given options. */
    public ServingSimulator(ServingOptions options) {
        options.validate();
        this.o = options;
    }

    /** Generates the workload (arrival order). */
    List<Request> workload() {
        SeededRandom rng = SeededRandom.derive(o.seed, 0xA771L);
        List<long[]> raw = new ArrayList<>();
        double t = rng.exponential(1.0 / o.arrivalRatePerS);
        while (t < o.durationS) {
            int prompt = clamp((int) Math.round(rng.logNormal(o.promptMedian, 0.8)), 16, 4_000);
            int output = clamp((int) Math.round(rng.logNormal(o.outputMedian, 0.6)), 4, 1_500);
            boolean shared = rng.nextDouble() < o.sharedPrefixShare;
            if (shared) {
                prompt = Math.max(prompt, o.sharedPrefixTokens + 16);
            }
            raw.add(new long[]{Math.round(t * 1e9), prompt, output, 0, shared ? 1 : 0});
            t += rng.exponential(1.0 / o.arrivalRatePerS);
        }
        SeededRandom burst = SeededRandom.derive(o.seed, 0xB0857L);
        for (int i = 0; i < o.burstRequests; i++) {
            double at = o.burstStartS + burst.uniform(0, o.burstLengthS);
            int prompt = burst.between(o.burstPromptMin, o.burstPromptMax);
            int output = burst.between(200, 800);
            raw.add(new long[]{Math.round(at * 1e9), prompt, output, 1, 0});
        }
        raw.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[3], b[3]));
        List<Request> out = new ArrayList<>();
        for (long[] r : raw) {
            out.add(new Request(out.size(), r[0], (int) r[1], (int) r[2], r[3] == 1, r[4] == 1));
        }
        return out;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private int blocksFor(int tokens) {
        return (tokens + o.blockSize - 1) / o.blockSize;
    }

    /** Runs the simulation until every request has finished. */
    public ServingRun run() {
        List<Request> requests = workload();
        List<Step> steps = new ArrayList<>();
        Deque<Request> waiting = new ArrayDeque<>();
        List<Request> running = new ArrayList<>();
        int next = 0;
        int free = o.gpuBlocks;
        boolean prefixCached = false;
        long now = 0;
        int finished = 0;
        while (finished < requests.size()) {
            while (next < requests.size() && requests.get(next).arrivalNs <= now) {
                waiting.addLast(requests.get(next++));
            }
            if (running.isEmpty() && waiting.isEmpty()) {
                now = requests.get(next).arrivalNs;
                continue;
            }
            int budget = o.maxBatchedTokens;
            List<Request> scheduled = new ArrayList<>();
            List<Integer> scheduledTokens = new ArrayList<>();
            int preemptions = 0;
            // 1. Running requests, in admission order.
            for (int i = 0; i < running.size() && budget > 0; i++) {
                Request r = running.get(i);
                int target = r.promptTokens + r.generated;
                int n = Math.min(target - r.computed, budget);
                int need = blocksFor(r.computed + n) - r.blocks;
                boolean selfPreempted = false;
                while (need > free) {
                    Request victim = running.get(running.size() - 1);
                    free += preempt(victim, now);
                    running.remove(running.size() - 1);
                    waiting.addFirst(victim);
                    preemptions++;
                    int at = scheduled.indexOf(victim);
                    if (at >= 0) {
                        budget += scheduledTokens.get(at);
                        scheduled.remove(at);
                        scheduledTokens.remove(at);
                    }
                    if (victim == r) {
                        selfPreempted = true;
                        break;
                    }
                }
                if (selfPreempted) {
                    break;
                }
                r.blocks += need;
                free -= need;
                scheduled.add(r);
                scheduledTokens.add(n);
                budget -= n;
            }
            // 2. Waiting requests, first come first served, unless this step preempted.
            int hitTokens = 0;
            int queryTokens = 0;
            while (preemptions == 0 && !waiting.isEmpty() && running.size() < o.maxNumSeqs && budget > 0) {
                Request r = waiting.peekFirst();
                int hit = 0;
                if (r.computed == 0 && r.generated == 0 && r.sharedPrefix && prefixCached) {
                    hit = o.sharedPrefixTokens;
                }
                int target = r.promptTokens + r.generated;
                int n = Math.min(target - hit, budget);
                int need = blocksFor(hit + n);
                if (need > free) {
                    break;
                }
                waiting.pollFirst();
                if (r.firstScheduledNs < 0) {
                    r.firstScheduledNs = now;
                }
                if (!r.prefixCounted) {
                    queryTokens += r.promptTokens;
                    hitTokens += hit;
                    r.prefixCounted = true;
                }
                r.computed = hit;
                r.blocks = need;
                free -= need;
                running.add(r);
                scheduled.add(r);
                scheduledTokens.add(n);
                budget -= n;
            }
            // 3. Execute.
            int prefillTokens = 0;
            int prefillRequests = 0;
            int decodeRequests = 0;
            long context = 0;
            for (int i = 0; i < scheduled.size(); i++) {
                Request r = scheduled.get(i);
                int n = scheduledTokens.get(i);
                if (!isDecode(r)) {
                    prefillTokens += n;
                    prefillRequests++;
                } else {
                    decodeRequests++;
                }
                context += r.computed + n;
            }
            long dur = STEP_FIXED_NS + PER_PREFILL_TOKEN_NS * prefillTokens + PER_DECODE_REQUEST_NS * decodeRequests
                    + Math.round(PER_CONTEXT_TOKEN_NS * context);
            long start = now;
            long end = start + dur;
            int generated = 0;
            for (int i = 0; i < scheduled.size(); i++) {
                Request r = scheduled.get(i);
                int n = scheduledTokens.get(i);
                int target = r.promptTokens + r.generated;
                r.computed += n;
                if (r.computed == target) {
                    r.generated++;
                    generated++;
                    if (r.firstTokenNs < 0) {
                        r.firstTokenNs = end;
                    }
                    if (r.sharedPrefix) {
                        prefixCached = true;
                    }
                }
                if (r.generated == r.outputTokens) {
                    r.finishNs = end;
                    free += r.blocks;
                    r.blocks = 0;
                    running.remove(r);
                    finished++;
                }
            }
            steps.add(new Step(start, end, prefillTokens, prefillRequests, decodeRequests, context, running.size(),
                    waiting.size(), o.gpuBlocks - free, generated, hitTokens, queryTokens, preemptions));
            now = end + SCHEDULER_GAP_NS;
        }
        return new ServingRun(o, requests, steps);
    }

    /**
     * A decode feeds the last sampled token (the only one not yet in the cache); anything else that computes
     * tokens (a new prompt, a chunk of one, or the recomputation of a preempted request) is a prefill.
     */
    private static boolean isDecode(Request r) {
        return r.generated > 0 && r.computed == r.promptTokens + r.generated - 1;
    }

    private int preempt(Request r, long now) {
        int freed = r.blocks;
        r.blocks = 0;
        r.computed = 0;
        r.preemptions++;
        r.preemptedAtNs.add(now);
        return freed;
    }
}
