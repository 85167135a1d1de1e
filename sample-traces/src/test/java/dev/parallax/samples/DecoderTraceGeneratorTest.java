package dev.parallax.samples;

import dev.parallax.samples.decoder.DecoderOptions;
import dev.parallax.samples.decoder.DecoderTraceGenerator;
import dev.parallax.samples.decoder.DecoderTraceGenerator.Step;
import dev.parallax.samples.decoder.DecoderTraceGenerator.TracedContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.parallax.samples.MiniJson.list;
import static dev.parallax.samples.MiniJson.num;
import static dev.parallax.samples.MiniJson.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DecoderTraceGeneratorTest {
    @TempDir
    Path dir;

    private static DecoderOptions small() {
        DecoderOptions o = new DecoderOptions();
        o.layers = 2;
        o.contexts = new int[]{1024, 8192};
        o.decodeSteps = 2;
        return o;
    }

    @Test
    void sameOptionsGiveTheSameBytes() throws Exception {
        new DecoderTraceGenerator(small()).generate(dir.resolve("a"), "decoder");
        new DecoderTraceGenerator(small()).generate(dir.resolve("b"), "decoder");
        for (String f : List.of("decoder-1024.pt.trace.json", "decoder-8192.pt.trace.json", "decoder.expected.json")) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(f)))
                    .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(f)));
        }
    }

    @Test
    void kernelTimesFollowTheRooflineOfTheShapes() throws Exception {
        DecoderOptions o = small();
        o.noise = 0;
        o.kernelLatencyUs = 0;
        List<TracedContext> traced = new DecoderTraceGenerator(o).generate(dir, "decoder");
        Step shortPrefill = traced.get(0).steps().get(0);
        Step longPrefill = traced.get(1).steps().get(0);
        assertThat(shortPrefill.phase()).isEqualTo("prefill");
        // 18 ops per layer, embedding, final norm, LM head, argmax
        assertThat(shortPrefill.kernels()).isEqualTo(2 * 18 + 4);
        // GEMMs at M = 1024 and 8192 tokens are compute-bound: 8x the time
        assertThat((double) longPrefill.gemmNs() / shortPrefill.gemmNs()).isCloseTo(8.0, within(0.05));
        // causal attention is quadratic in T: 64x
        assertThat((double) longPrefill.attentionNs() / shortPrefill.attentionNs()).isCloseTo(64.0, within(0.05));
        // one layer's causal attention at T = 1024: 4·32·1024²·128/2 FLOPs at 989.4 TFLOP/s and 60 %
        double attentionNs = 4.0 * 32 * 1024 * 1024 * 128 * 0.5 / 989.4e12 / 0.6 * 1e9;
        assertThat((double) shortPrefill.attentionNs()).isCloseTo(2 * attentionNs, within(2.0));
        // decode attention reads the KV cache: linear in T; GEMMs (M = 8) do not change
        Step shortDecode = traced.get(0).steps().get(1);
        Step longDecode = traced.get(1).steps().get(1);
        assertThat(shortDecode.queryTokens()).isEqualTo(1);
        assertThat((double) longDecode.gemmNs() / shortDecode.gemmNs()).isCloseTo(1.0, within(1e-6));
        assertThat((double) longDecode.attentionNs() / shortDecode.attentionNs()).isCloseTo(7.9, within(0.15));

        Map<String, Object> expected = MiniJson.read(dir.resolve("decoder.expected.json"));
        Map<String, Object> first = obj(list(obj(list(expected.get("traces")).get(0)).get("steps")).get(0));
        assertThat(num(first.get("kernel_ns"))).isEqualTo(shortPrefill.kernelNs());
        String trace = Files.readString(dir.resolve("decoder-1024.pt.trace.json"));
        assertThat(trace).contains("\"name\": \"aten::scaled_dot_product_attention\"")
                .contains("\"Input Dims\": [[1, 32, 1024, 128], [1, 8, 1024, 128], [1, 8, 1024, 128], [], [], [], [], []]")
                .contains("\"Concrete Inputs\": [\"\", \"\", \"\", \"\", \"0.\", \"True\", \"\", \"True\"]");
    }
}
