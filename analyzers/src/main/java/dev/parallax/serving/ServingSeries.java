package dev.parallax.serving;

/**
 * Names of the serving counter series on the common timeline. The importers of vLLM logs and Prometheus
 * scrapes write these names (Prometheus names where vLLM exports one), and the serving analysis reads
 * them, also from Chrome-format traces that use them. KV usage is a fraction 0–1.
 */
public final class ServingSeries {
    public static final String RUNNING = "vllm:num_requests_running";
    public static final String WAITING = "vllm:num_requests_waiting";
    public static final String SWAPPED = "vllm:num_requests_swapped";
    /** GPU KV-cache usage, 0–1 (vLLM ≥ 0.10; earlier {@link #KV_USAGE_OLD}). */
    public static final String KV_USAGE = "vllm:kv_cache_usage_perc";
    public static final String KV_USAGE_OLD = "vllm:gpu_cache_usage_perc";
    public static final String CPU_KV_USAGE = "vllm:cpu_cache_usage_perc";
    /** Cumulative preemptions (a counter: each increase is a preemption). */
    public static final String PREEMPTIONS = "vllm:num_preemptions_total";
    public static final String PROMPT_THROUGHPUT = "vllm:avg_prompt_throughput_toks_per_s";
    public static final String GENERATION_THROUGHPUT = "vllm:avg_generation_throughput_toks_per_s";
    public static final String PREFIX_CACHE_HIT_RATE = "vllm:prefix_cache_hit_rate";
    public static final String PROMPT_TOKENS = "vllm:prompt_tokens_total";
    public static final String GENERATION_TOKENS = "vllm:generation_tokens_total";

    /** Histograms exported by vLLM (seconds). */
    public static final String TTFT_HISTOGRAM = "vllm:time_to_first_token_seconds";
    public static final String TPOT_HISTOGRAM = "vllm:time_per_output_token_seconds";
    public static final String E2E_HISTOGRAM = "vllm:e2e_request_latency_seconds";

    /** Trace-metadata keys (TraceMetadata.other) holding the start-up capacity a vLLM log printed. */
    public static final String META_GPU_BLOCKS = "vllm.gpu_blocks";
    public static final String META_KV_CACHE_TOKENS = "vllm.gpu_kv_cache_tokens";
    public static final String META_MAX_CONCURRENCY = "vllm.max_concurrency";
    public static final String META_MAX_CONCURRENCY_TOKENS = "vllm.max_concurrency_tokens_per_request";
    public static final String META_KV_CACHE_GIB = "vllm.kv_cache_memory_gib";
    public static final String META_WEIGHTS_GIB = "vllm.weights_gib";
    public static final String META_CPU_BLOCKS = "vllm.cpu_blocks";
    public static final String META_BLOCK_SIZE = "vllm.block_size";

    private ServingSeries() {
    }

    /**
     * The capacity key ({@link #META_GPU_BLOCKS}, {@link #META_BLOCK_SIZE}, {@link #META_KV_CACHE_TOKENS},
     * {@link #META_CPU_BLOCKS}) a trace-metadata key declares, or null. The key's last dotted segment is what
     * counts, so a top-level {@code num_gpu_blocks} and a writer's {@code otherData.num_gpu_blocks} both
     * name the engine's GPU block count (vLLM's {@code CacheConfig} names).
     */
    public static String capacityKeyOf(String metadataKey) {
        String last = metadataKey.substring(metadataKey.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        return switch (last) {
            case "num_gpu_blocks", "gpu_blocks" -> META_GPU_BLOCKS;
            case "num_cpu_blocks", "cpu_blocks" -> META_CPU_BLOCKS;
            case "block_size" -> META_BLOCK_SIZE;
            case "kv_capacity_tokens", "gpu_kv_cache_tokens", "kv_cache_tokens" -> META_KV_CACHE_TOKENS;
            default -> null;
        };
    }

    /**
     * Whether a KV-usage series holds percent (0–100) rather than a fraction: vLLM's own series are fractions;
     * a name saying {@code percent} or {@code %} is percent; otherwise values above 1 are.
     */
    public static boolean isPercent(String name, double maxValue) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.equals(KV_USAGE) || n.equals(KV_USAGE_OLD)) {
            return false;
        }
        if (n.contains("percent") || n.contains("%") || n.endsWith(" pct")) {
            return true;
        }
        return maxValue > 1.0 + 1e-9;
    }

    /** Whether a counter track name is a GPU KV-usage series (vLLM names or a Chrome counter about KV usage). */
    public static boolean isKvUsage(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.equals(KV_USAGE) || n.equals(KV_USAGE_OLD)) {
            return true;
        }
        return (n.contains("kv") && (n.contains("usage") || n.contains("util") || n.contains("occupancy")))
                && !n.contains("cpu");
    }
}
