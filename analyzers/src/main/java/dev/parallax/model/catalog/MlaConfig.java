package dev.parallax.model.catalog;

/**
 * Multi-head latent attention fields (DeepSeek-V2/V3 configs). The KV cache holds one compressed latent of
 * {@code kvLoraRank} plus the decoupled RoPE key of {@code qkRopeHeadDim} per token per layer
 * (DeepSeek-V2, arXiv 2405.04434, §2.1).
 */
public record MlaConfig(int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {
}
