package dev.parallax.model.catalog;

/**
 * Mixture-of-experts fields of a Hugging Face config (Mixtral: {@code num_local_experts},
 * {@code num_experts_per_tok}; DeepSeek: {@code n_routed_experts}, {@code n_shared_experts},
 * {@code moe_intermediate_size}, {@code first_k_dense_replace}).
 *
 * @param experts            routed experts per MoE layer
 * @param expertsPerToken    routed experts each token is sent to (top-k)
 * @param expertIntermediate FFN width of one expert
 * @param sharedExperts      always-active shared experts per MoE layer
 * @param firstDenseLayers   leading layers that use a dense FFN (width = the model's intermediate size)
 */
public record MoeConfig(int experts, int expertsPerToken, int expertIntermediate, int sharedExperts,
                        int firstDenseLayers) {
}
