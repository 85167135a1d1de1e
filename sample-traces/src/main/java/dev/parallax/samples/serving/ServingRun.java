package dev.parallax.samples.serving;

import java.util.List;

/**
 * The outcome of a {@link ServingSimulator} run: every request with its timing, and every engine step with the
 * batch it ran and the state after it. Times are ns since the engine became ready.
 */
public final class ServingRun {
    /** One request's life. {@code firstTokenNs}/{@code finishNs} are absolute sim times. */
    public static final class Request {
        /** Sequential id (0-based, arrival order). */
        public final int id;
        /** Arrival time. */
        public final long arrivalNs;
        /** Prompt tokens. */
        public final int promptTokens;
        /** Output tokens to generate. */
        public final int outputTokens;
        /** Part of the long-context burst. */
        public final boolean burst;
        /** Starts with the shared system prompt. */
        public final boolean sharedPrefix;
        /** Time the first output token was produced (-1 until then). */
        public long firstTokenNs = -1;
        /** Time the last output token was produced (-1 until then). */
        public long finishNs = -1;
        /** Time the request was first scheduled (-1 until then). */
        public long firstScheduledNs = -1;
        /** Times preempted (KV blocks freed, recomputed later). */
        public int preemptions;
        /** Times of the preemptions. */
        public final java.util.ArrayList<Long> preemptedAtNs = new java.util.ArrayList<>();

        int generated;
        int computed;
        int blocks;
        boolean prefixCounted;

        Request(int id, long arrivalNs, int promptTokens, int outputTokens, boolean burst, boolean sharedPrefix) {
            this.id = id;
            this.arrivalNs = arrivalNs;
            this.promptTokens = promptTokens;
            this.outputTokens = outputTokens;
            this.burst = burst;
            this.sharedPrefix = sharedPrefix;
        }

        /** Time to first token. */
        public long ttftNs() {
            return firstTokenNs - arrivalNs;
        }

        /** End-to-end latency. */
        public long e2eNs() {
            return finishNs - arrivalNs;
        }

        /** Mean time per output token after the first (floor ns); -1 when only one token was produced. */
        public long tpotNs() {
            return outputTokens > 1 ? (finishNs - firstTokenNs) / (outputTokens - 1) : -1;
        }

        /** The request id as an OpenAI-style server names it. */
        public String requestId() {
            return String.format(java.util.Locale.ROOT, "cmpl-%08x%04d", 0x5eed0000 + id * 7919, id);
        }
    }

    /** One engine step and the state right after it. */
    public record Step(long startNs, long endNs, int prefillTokens, int prefillRequests, int decodeRequests,
                       long contextTokens, int runningAfter, int waitingAfter, int usedBlocksAfter,
                       int generatedTokens, int prefixHitTokens, int prefixQueryTokens, int preemptions) {
        /** Requests in the batch. */
        public int batchSize() {
            return prefillRequests + decodeRequests;
        }
    }

    /** The options the run used. */
    public final ServingOptions options;
    /** Requests in arrival order. */
    public final List<Request> requests;
    /** Engine steps in time order. */
    public final List<Step> steps;

    ServingRun(ServingOptions options, List<Request> requests, List<Step> steps) {
        this.options = options;
        this.requests = requests;
        this.steps = steps;
    }

    /** KV cache usage after {@code step}, in percent (0–100). */
    public double kvUsagePercent(Step step) {
        return 100.0 * step.usedBlocksAfter() / options.gpuBlocks;
    }
}
