package dev.parallax.model.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

class CatalogTest {
    private final Catalog catalog = Catalog.builtIn();

    @Test
    void builtInCatalogHasTheRequiredIds() {
        assertThat(catalog.hardware().keySet()).contains("a100-40gb-sxm", "a100-80gb-sxm", "h100-sxm", "h100-pcie",
                "h200-sxm", "b200", "mi300x", "l40s");
        assertThat(catalog.models().keySet()).contains("llama-2-7b", "llama-2-13b", "llama-2-70b", "llama-3.1-8b",
                "llama-3.1-70b", "llama-3.1-405b", "mistral-7b", "mixtral-8x7b", "qwen2.5-7b", "qwen2.5-72b",
                "yi-34b-200k", "gpt3-175b", "deepseek-v3");
        for (Hardware h : catalog.hardware().values()) {
            assertThat(h.sources()).as(h.id() + " sources").isNotEmpty();
            assertThat(h.peakFlops(Dtype.BF16)).as(h.id()).isGreaterThan(1e14);
        }
    }

    @Test
    void hardwareFiguresMatchTheDatasheets() {
        Hardware a100 = catalog.hardware("a100-80gb-sxm");
        assertThat(a100.peakFlops(Dtype.BF16)).isEqualTo(312e12);
        assertThat(a100.hbmBandwidth()).isEqualTo(2039e9);
        assertThat(a100.hbmBytes()).isEqualTo(80.0 * (1L << 30));
        assertThat(a100.hostLinkBandwidth()).isEqualTo(32e9);
        assertThatThrownBy(() -> a100.peakFlops(Dtype.FP8)).hasMessageContaining("fp8");
        Hardware h100 = catalog.hardware("H100-SXM");
        assertThat(h100.peakFlops(Dtype.FP8)).isEqualTo(1978.9e12);
        assertThat(h100.ridgePoint(Dtype.BF16)).isCloseTo(989.4e12 / 3350e9, within(1e-9));
        assertThat(catalog.hardware("h200-sxm").hbmBandwidth()).isEqualTo(4800e9);
    }

    /** Parameter counts as the model cards publish them. */
    @Test
    void parameterCountsMatchPublishedSizes() {
        // Llama 2 paper / model card: 7B = 6.74B, 70B = 68.98B parameters (HF model size)
        assertThat(catalog.model("llama-2-7b").parameterCount(true)).isCloseTo(6.74e9, withinPercentage(0.2));
        assertThat(catalog.model("llama-2-70b").parameterCount(true)).isCloseTo(68.98e9, withinPercentage(0.2));
        assertThat(catalog.model("llama-3.1-8b").parameterCount(true)).isCloseTo(8.03e9, withinPercentage(0.2));
        assertThat(catalog.model("llama-3.1-405b").parameterCount(true)).isCloseTo(405.9e9, withinPercentage(0.5));
        // Mixtral of Experts (Jiang et al. 2024): 46.7B total, 12.9B active
        ModelArchitecture mixtral = catalog.model("mixtral-8x7b");
        assertThat(mixtral.parameterCount(true)).isCloseTo(46.7e9, withinPercentage(0.3));
        assertThat(mixtral.activeParameterCount(true)).isCloseTo(12.9e9, withinPercentage(0.5));
        // DeepSeek-V3 technical report: 671B total, 37B activated per token
        ModelArchitecture ds = catalog.model("deepseek-v3");
        assertThat(ds.parameterCount(true)).isCloseTo(671e9, withinPercentage(0.3));
        assertThat(ds.activeParameterCount(true)).isCloseTo(37e9, withinPercentage(2));
        // Qwen2.5 technical report: 7.61B and 72.7B
        assertThat(catalog.model("qwen2.5-7b").parameterCount(true)).isCloseTo(7.61e9, withinPercentage(0.3));
        assertThat(catalog.model("qwen2.5-72b").parameterCount(true)).isCloseTo(72.7e9, withinPercentage(0.3));
        // Brown et al. 2020, Table 2.1: 175.0B
        assertThat(catalog.model("gpt3-175b").parameterCount(true)).isCloseTo(175e9, withinPercentage(0.5));
    }

    @Test
    void kvCacheElementsUseGqaAndMla() {
        assertThat(catalog.model("llama-2-70b").kvElementsPerTokenPerLayer()).isEqualTo(2L * 8 * 128);
        assertThat(catalog.model("llama-2-7b").kvElementsPerTokenPerLayer()).isEqualTo(2L * 32 * 128);
        assertThat(catalog.model("deepseek-v3").kvElementsPerTokenPerLayer()).isEqualTo(512 + 64);
    }

    @Test
    void huggingFaceConfigLoadsFromFileAndFolder(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("My-Model"));
        Files.writeString(folder.resolve("config.json"), "{\"model_type\":\"mistral\",\"num_hidden_layers\":4,"
                + "\"hidden_size\":256,\"num_attention_heads\":8,\"num_key_value_heads\":2,\"intermediate_size\":512,"
                + "\"vocab_size\":1000,\"max_position_embeddings\":2048,\"tie_word_embeddings\":false}");
        ModelArchitecture m = catalog.model(folder.toString());
        assertThat(m.id()).isEqualTo("my-model");
        assertThat(m.kvHeads()).isEqualTo(2);
        assertThat(m.headDim()).isEqualTo(32);
        double expected = 4 * (256.0 * 256 * 2 + 2 * 256.0 * 64 + 3 * 256.0 * 512 + 2 * 256) + 256 + 2 * 1000.0 * 256;
        assertThat(m.parameterCount(true)).isEqualTo(expected);

        Catalog withUser = Catalog.load(dir.resolve("home-without-catalog"), List.of(folder.resolve("config.json")));
        assertThat(withUser.models()).containsKey("my-model");
    }

    @Test
    void userCatalogFolderAddsAndReplacesEntries(@TempDir Path home) throws IOException {
        Path dir = Files.createDirectories(home.resolve(".parallax/catalog"));
        Files.writeString(dir.resolve("lab.json"), "{\"hardware\":[{\"id\":\"lab-gpu\",\"name\":\"Lab GPU\","
                + "\"dense_tflops\":{\"bf16\":100},\"hbm_gb\":24,\"hbm_gb_per_s\":1000,"
                + "\"host_link_gb_per_s_per_direction\":16,\"sources\":{\"all\":\"measured\"}}]}");
        Catalog c = Catalog.load(home, List.of());
        Hardware h = c.hardware("lab-gpu");
        assertThat(h.hbmBytes()).isEqualTo(24e9);
        assertThat(h.peakFlops(Dtype.BF16)).isEqualTo(100e12);
        assertThat(h.interconnectBandwidth()).isZero();
        assertThat(c.hardware()).containsKey("h100-sxm");
    }

    @Test
    void badFilesNameTheFileAndPosition(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\n  \"hardware\": [ {\"id\": \"x\",,} ]\n}");
        assertThatThrownBy(() -> Catalog.load(null, List.of(broken)))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("broken.json").hasMessageContaining("line 2");
        Path missing = dir.resolve("missing.json");
        Files.writeString(missing, "{\"hardware\":[{\"id\":\"x\",\"dense_tflops\":{\"bf16\":1},\"hbm_gb\":1}]}");
        assertThatThrownBy(() -> Catalog.load(null, List.of(missing)))
                .hasMessageContaining("missing.json: hardware[0] ('x')").hasMessageContaining("hbm_gb_per_s");
        Path notAConfig = dir.resolve("other.json");
        Files.writeString(notAConfig, "{\"foo\": 1}");
        assertThatThrownBy(() -> Catalog.load(null, List.of(notAConfig))).hasMessageContaining("other.json");
        assertThatThrownBy(() -> catalog.model("no-such-model")).hasMessageContaining("llama-2-7b");
    }
}
