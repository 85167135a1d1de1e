package dev.parallax.samples.serving;

/** Parameters of a simulated LLM serving run (see {@link ServingSimulator}). */
public final class ServingOptions {
    /** Generator seed. */
    public long seed = 1;
    /** Seconds during which ordinary requests arrive. */
    public double durationS = 90;
    /** Mean arrival rate of ordinary requests (Poisson), per second. */
    public double arrivalRatePerS = 1.6;
    /** Median prompt length of ordinary requests (log-normal). */
    public int promptMedian = 500;
    /** Median output length of ordinary requests (log-normal). */
    public int outputMedian = 180;
    /** Start of the long-context burst, seconds. */
    public double burstStartS = 30;
    /** Length of the burst, seconds. */
    public double burstLengthS = 8;
    /** Long-context requests in the burst. */
    public int burstRequests = 10;
    /** Prompt length range of burst requests. */
    public int burstPromptMin = 7_000;
    /** Prompt length range of burst requests. */
    public int burstPromptMax = 12_000;
    /** KV cache block size in tokens (vLLM's default). */
    public int blockSize = 16;
    /** KV cache capacity in blocks. */
    public int gpuBlocks = 3_000;
    /** Maximum running requests ({@code max_num_seqs}). */
    public int maxNumSeqs = 128;
    /** Token budget of one engine step ({@code max_num_batched_tokens}); longer prompts are prefilled in chunks. */
    public int maxBatchedTokens = 8_192;
    /** Maximum model length (for the "Maximum concurrency" start-up line). */
    public int maxModelLen = 16_384;
    /** Share of ordinary requests that start with the shared system prompt. */
    public double sharedPrefixShare = 0.4;
    /** Length of the shared system prompt (prefix-cache hits). */
    public int sharedPrefixTokens = 256;
    /** Seconds between periodic stat log lines. */
    public int logIntervalS = 10;
    /** Write Prometheus scrapes. */
    public boolean prometheus = true;
    /** Gzip the Chrome trace. */
    public boolean gzip;
    /** Served model name (logs and metrics labels). */
    public String model = "meta-llama/Llama-3.1-70B-Instruct";

    /** Checks the values, naming the first bad one. */
    public void validate() {
        if (durationS <= 0 || arrivalRatePerS <= 0) {
            throw new IllegalArgumentException("--duration-s and the arrival rate must be positive");
        }
        if (blockSize < 1 || gpuBlocks < 16) {
            throw new IllegalArgumentException("--blocks must be at least 16, got " + gpuBlocks);
        }
        long largest = (long) burstPromptMax + 1600;
        if (largest > (long) gpuBlocks * blockSize) {
            throw new IllegalArgumentException("KV capacity (" + gpuBlocks * blockSize
                    + " tokens) is smaller than the largest request (" + largest + " tokens): raise --blocks");
        }
    }
}
