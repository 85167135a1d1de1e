package dev.parallax.samples.decoder;

import dev.parallax.samples.core.GpuSpec;

/**
 * Parameters of a synthetic decoder-only inference run traced with shapes (see {@link DecoderTraceGenerator}).
 * The default model has the shape of Llama 3.1 8B (Hugging Face {@code meta-llama/Llama-3.1-8B} config.json).
 */
public final class DecoderOptions {
    /** Generator seed. */
    public long seed = 1;
    /** Context lengths to trace, one file each. */
    public int[] contexts = {2048, 16384};
    /** Sequences prefilled together. */
    public int prefillBatch = 1;
    /** Sequences decoded together. */
    public int decodeBatch = 8;
    /** Decode steps traced after the prefill. */
    public int decodeSteps = 4;
    /** {@code num_hidden_layers}. */
    public int layers = 32;
    /** {@code hidden_size}. */
    public int hidden = 4096;
    /** {@code num_attention_heads}. */
    public int heads = 32;
    /** {@code num_key_value_heads}. */
    public int kvHeads = 8;
    /** {@code head_dim}. */
    public int headDim = 128;
    /** {@code intermediate_size}. */
    public int intermediate = 14336;
    /** {@code vocab_size}. */
    public int vocab = 128256;
    /** Catalog id of the model whose shape this is. */
    public String modelId = "llama-3.1-8b";
    /** GPU the trace pretends to come from. */
    public GpuSpec gpu = GpuSpec.H100;
    /** Achieved fraction of the roofline of GEMMs (all linear layers). */
    public double gemmEfficiency = 0.75;
    /** Achieved fraction of the roofline of attention (prefill flash and decode split-KV kernels). */
    public double attentionEfficiency = 0.6;
    /** Achieved fraction of the roofline of elementwise ops, norms, copies and reductions. */
    public double elementwiseEfficiency = 0.8;
    /** Fixed start-up time of every kernel, µs, added to its roofline time. */
    public double kernelLatencyUs = 1.5;
    /** Relative spread (log-normal sigma) of kernel durations around their nominal time. */
    public double noise = 0.03;
    /** Gzip the traces. */
    public boolean gzip;

    /** Checks the values, naming the first bad one. */
    public void validate() {
        if (contexts.length == 0) {
            throw new IllegalArgumentException("--contexts needs at least one length");
        }
        for (int t : contexts) {
            if (t < 16) {
                throw new IllegalArgumentException("context lengths must be at least 16 tokens, got " + t);
            }
        }
        if (prefillBatch < 1 || decodeBatch < 1 || decodeSteps < 0 || layers < 1) {
            throw new IllegalArgumentException("batches and layers must be at least 1, decode steps at least 0");
        }
        if (heads % kvHeads != 0 || hidden < 1 || headDim < 1 || intermediate < 1 || vocab < 1) {
            throw new IllegalArgumentException("heads must be a multiple of kv heads; sizes must be positive");
        }
        for (double e : new double[]{gemmEfficiency, attentionEfficiency, elementwiseEfficiency}) {
            if (!(e > 0 && e <= 1)) {
                throw new IllegalArgumentException("efficiencies must lie in (0, 1], got " + e);
            }
        }
    }
}
