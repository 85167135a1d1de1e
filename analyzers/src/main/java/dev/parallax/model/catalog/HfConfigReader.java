package dev.parallax.model.catalog;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Set;

/**
 * Reads a Hugging Face {@code config.json} (dense, GQA, MoE and MLA fields) into a {@link ModelArchitecture}.
 * Field names follow the transformers library's config classes (LlamaConfig, MistralConfig, MixtralConfig,
 * Qwen2Config, DeepseekV3Config, GPT2Config); where a field is absent the library's default is used.
 */
public final class HfConfigReader {
    private static final Set<String> UNGATED_FAMILIES = Set.of("gpt2", "gpt3", "gpt_neox", "gptj", "opt", "bloom",
            "falcon", "phi", "gpt_bigcode");
    private static final Set<String> QKV_BIAS_FAMILIES = Set.of("qwen2", "qwen2_moe", "gpt2", "gpt3", "gpt_bigcode");

    private HfConfigReader() {
    }

    /**
     * Builds an architecture from a config tree.
     *
     * @param id     catalog id to give it
     * @param name   display name
     * @param source where it came from (file path or publication), kept with the model
     * @param where  the file and position to name in error messages
     */
    public static ModelArchitecture read(String id, String name, String source, JsonNode config, String where) {
        JsonNode c = config;
        if (!c.has("num_hidden_layers") && !c.has("n_layer") && c.has("text_config")) {
            c = c.get("text_config");
        }
        String family = text(c, "model_type", "").toLowerCase(Locale.ROOT);
        int layers = requiredInt(c, where, "num_hidden_layers", "n_layer", "num_layers");
        int hidden = requiredInt(c, where, "hidden_size", "n_embd", "d_model");
        int heads = requiredInt(c, where, "num_attention_heads", "n_head");
        int kvHeads = optionalInt(c, where, heads, "num_key_value_heads", "n_head_kv", "num_kv_heads");
        if (c.path("multi_query").asBoolean(false)) {
            kvHeads = 1;
        }
        MlaConfig mla = null;
        if (c.hasNonNull("kv_lora_rank")) {
            mla = new MlaConfig(optionalInt(c, where, 0, "q_lora_rank"), c.get("kv_lora_rank").asInt(),
                    requiredInt(c, where, "qk_nope_head_dim"), requiredInt(c, where, "qk_rope_head_dim"),
                    requiredInt(c, where, "v_head_dim"));
        }
        int headDim = mla != null ? mla.qkNopeHeadDim() + mla.qkRopeHeadDim()
                : optionalInt(c, where, hidden / heads, "head_dim");
        int intermediate = optionalInt(c, where, 4 * hidden, "intermediate_size", "ffn_dim", "n_inner");
        int vocab = requiredInt(c, where, "vocab_size");
        int maxContext = optionalInt(c, where, 0, "max_position_embeddings", "n_positions", "max_sequence_length",
                "seq_length", "n_ctx");
        boolean gated = c.has("gated_mlp") ? c.get("gated_mlp").asBoolean() : !UNGATED_FAMILIES.contains(family);
        boolean tied = c.path("tie_word_embeddings").asBoolean(true);
        boolean bias = c.has("attention_bias") ? c.get("attention_bias").asBoolean()
                : c.has("qkv_bias") ? c.get("qkv_bias").asBoolean() : QKV_BIAS_FAMILIES.contains(family);
        boolean learned = c.has("learned_position_embeddings") ? c.get("learned_position_embeddings").asBoolean()
                : family.equals("gpt2") || family.equals("gpt3");
        int learnedPositions = learned ? maxContext : 0;
        boolean layerNormBias = c.has("layer_norm_bias") ? c.get("layer_norm_bias").asBoolean()
                : !gated;
        MoeConfig moe = null;
        int experts = optionalInt(c, where, 0, "num_local_experts", "n_routed_experts", "num_experts");
        if (experts > 1) {
            moe = new MoeConfig(experts, requiredInt(c, where, "num_experts_per_tok"),
                    optionalInt(c, where, intermediate, "moe_intermediate_size"),
                    optionalInt(c, where, 0, "n_shared_experts"), optionalInt(c, where, 0, "first_k_dense_replace"));
        }
        if (heads % kvHeads != 0) {
            throw new CatalogException(where + ": num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        return new ModelArchitecture(id, name, layers, hidden, heads, kvHeads, headDim, intermediate, vocab,
                maxContext, gated, tied, bias, learnedPositions, layerNormBias, moe, mla, source);
    }

    private static String text(JsonNode c, String field, String fallback) {
        JsonNode n = c.get(field);
        return n == null || n.isNull() ? fallback : n.asText();
    }

    private static int requiredInt(JsonNode c, String where, String... names) {
        for (String n : names) {
            JsonNode v = c.get(n);
            if (v != null && !v.isNull()) {
                return asInt(v, where, n);
            }
        }
        throw new CatalogException(where + ": missing field '" + names[0] + "'"
                + (names.length > 1 ? " (or " + String.join(", ", java.util.Arrays.copyOfRange(names, 1, names.length)) + ")" : ""));
    }

    private static int optionalInt(JsonNode c, String where, int fallback, String... names) {
        for (String n : names) {
            JsonNode v = c.get(n);
            if (v != null && !v.isNull()) {
                return asInt(v, where, n);
            }
        }
        return fallback;
    }

    private static int asInt(JsonNode v, String where, String name) {
        if (!v.canConvertToInt() || !v.isNumber()) {
            throw new CatalogException(where + ": field '" + name + "' must be an integer, found " + v);
        }
        return v.asInt();
    }
}
