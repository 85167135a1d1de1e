package dev.parallax.model.catalog;

import java.util.Objects;

/**
 * A decoder-only transformer's shape, as a Hugging Face {@code config.json} describes it. Parameter counts are
 * derived from these fields (linear weights, biases where the family has them, norms, embeddings).
 *
 * @param id               catalog id ({@code llama-2-7b})
 * @param name             display name
 * @param layers           L, {@code num_hidden_layers}
 * @param hidden           d, {@code hidden_size}
 * @param heads            query heads, {@code num_attention_heads}
 * @param kvHeads          key/value heads, {@code num_key_value_heads} (= heads for MHA)
 * @param headDim          d_h, {@code head_dim} (default d / heads)
 * @param intermediate     dense FFN width, {@code intermediate_size}
 * @param vocab            V, {@code vocab_size}
 * @param maxContext       {@code max_position_embeddings}
 * @param gatedMlp         SwiGLU/GeGLU MLP with three matrices (Llama) rather than two (GPT)
 * @param tiedEmbeddings   output layer shares the input embedding ({@code tie_word_embeddings})
 * @param attentionBias    q/k/v projections carry biases (Qwen2, GPT)
 * @param learnedPositions rows of a learned absolute position embedding (GPT-3: 2048), 0 for RoPE
 * @param layerNormBias    norms have a bias (LayerNorm, GPT) rather than RMSNorm's scale only
 * @param moe              mixture-of-experts fields, or null for a dense model
 * @param mla              multi-head latent attention fields, or null
 * @param source           where the figures come from
 */
public record ModelArchitecture(String id, String name, int layers, int hidden, int heads, int kvHeads, int headDim,
                                int intermediate, int vocab, int maxContext, boolean gatedMlp,
                                boolean tiedEmbeddings, boolean attentionBias, int learnedPositions,
                                boolean layerNormBias, MoeConfig moe, MlaConfig mla, String source) {

    public ModelArchitecture {
        Objects.requireNonNull(id, "id");
        if (layers <= 0 || hidden <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0 || vocab <= 0) {
            throw new IllegalArgumentException("model '" + id + "': layers, hidden size, heads, kv heads, head dim"
                    + " and vocabulary must be positive");
        }
    }

    /** True when the model routes tokens to experts. */
    public boolean isMoe() {
        return moe != null;
    }

    /** Width of the attention output (query heads × head dim; MLA: heads × v head dim). */
    public int attentionWidth() {
        return mla != null ? heads * mla.vHeadDim() : heads * headDim;
    }

    /**
     * Elements of KV cache per token per layer: 2 · n_kv · d_h (K and V), or for MLA the compressed latent plus
     * the RoPE key (kv_lora_rank + qk_rope_head_dim).
     */
    public long kvElementsPerTokenPerLayer() {
        if (mla != null) {
            return (long) mla.kvLoraRank() + mla.qkRopeHeadDim();
        }
        return 2L * kvHeads * headDim;
    }

    /** Parameters of one layer's attention block (projections and their biases). */
    public double attentionParametersPerLayer() {
        double d = hidden;
        if (mla != null) {
            double qk = mla.qkNopeHeadDim() + mla.qkRopeHeadDim();
            double q = mla.qLoraRank() > 0
                    ? d * mla.qLoraRank() + mla.qLoraRank() + (double) mla.qLoraRank() * heads * qk
                    : d * heads * qk;
            double kv = d * (mla.kvLoraRank() + mla.qkRopeHeadDim()) + mla.kvLoraRank()
                    + (double) mla.kvLoraRank() * heads * (mla.qkNopeHeadDim() + mla.vHeadDim());
            double o = (double) heads * mla.vHeadDim() * d;
            return q + kv + o;
        }
        double q = d * heads * headDim;
        double kv = 2.0 * d * kvHeads * headDim;
        double o = (double) heads * headDim * d;
        double bias = attentionBias ? (double) heads * headDim + 2.0 * kvHeads * headDim : 0;
        if (attentionBias && !gatedMlp) {
            bias += d; // GPT-style output projection bias
        }
        return q + kv + o + bias;
    }

    /** Parameters of one MLP with the given width (3 matrices if gated, else 2 with biases as GPT has). */
    public double mlpParameters(int width) {
        if (gatedMlp) {
            return 3.0 * hidden * width;
        }
        double w = 2.0 * hidden * width;
        return attentionBias ? w + width + hidden : w;
    }

    /** Norm parameters of one layer (two norms). */
    public double normParametersPerLayer() {
        return (layerNormBias ? 4.0 : 2.0) * hidden;
    }

    /** Number of layers whose FFN is a mixture of experts. */
    public int moeLayers() {
        return moe == null ? 0 : Math.max(0, layers - moe.firstDenseLayers());
    }

    /** Parameters in the FFNs of all layers: total when {@code activeOnly} is false, per token otherwise. */
    public double ffnParameters(boolean activeOnly) {
        if (moe == null) {
            return layers * mlpParameters(intermediate);
        }
        int moeLayers = moeLayers();
        int denseLayers = layers - moeLayers;
        double expert = mlpParameters(moe.expertIntermediate());
        double routed = activeOnly ? moe.expertsPerToken() : moe.experts();
        double perMoeLayer = (routed + moe.sharedExperts()) * expert + (double) hidden * moe.experts();
        return denseLayers * mlpParameters(intermediate) + moeLayers * perMoeLayer;
    }

    /** Embedding parameters: input table, output layer unless tied, learned positions. */
    public double embeddingParameters() {
        double table = (double) vocab * hidden;
        return table * (tiedEmbeddings ? 1 : 2) + (double) learnedPositions * hidden;
    }

    /** Total parameter count N (all experts), with or without the embeddings. */
    public double parameterCount(boolean includeEmbeddings) {
        double body = layers * (attentionParametersPerLayer() + normParametersPerLayer())
                + ffnParameters(false) + (layerNormBias ? 2.0 : 1.0) * hidden;
        return body + (includeEmbeddings ? embeddingParameters() : 0);
    }

    /** Parameters used per token (routed top-k plus shared experts for MoE; = total for dense models). */
    public double activeParameterCount(boolean includeEmbeddings) {
        double body = layers * (attentionParametersPerLayer() + normParametersPerLayer())
                + ffnParameters(true) + (layerNormBias ? 2.0 : 1.0) * hidden;
        return body + (includeEmbeddings ? embeddingParameters() : 0);
    }
}
