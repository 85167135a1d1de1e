package dev.parallax.analysis.longctx;

import dev.parallax.analysis.roofline.OpShapes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AttentionGeometryTest {
    private static final String BF16 = "c10::BFloat16";

    private static OpShapes op(String name, Object... args) {
        List<OpShapes.Input> in = new ArrayList<>();
        for (int i = 0; i < args.length; i += 3) {
            long[] dims = (long[]) args[i];
            in.add(new OpShapes.Input(List.of(dims), (String) args[i + 1], (String) args[i + 2]));
        }
        return new OpShapes(name, in);
    }

    @Test
    void sdpaIsBatchHeadsTokensDim() {
        AttentionGeometry g = AttentionGeometry.of(op("aten::scaled_dot_product_attention",
                new long[]{2, 32, 1, 128}, BF16, "", new long[]{2, 8, 4096, 128}, BF16, "",
                new long[]{2, 8, 4096, 128}, BF16, "", new long[0], "", "", new long[0], "Scalar", "0.",
                new long[0], "Scalar", "False"));
        assertThat(g).isEqualTo(new AttentionGeometry(2, 32, 8, 1, 4096, 128, false, BF16));
        assertThat(StepShape.of(g).prefill()).isFalse();
        assertThat(StepShape.of(g).context()).isEqualTo(4096);
    }

    @Test
    void flashForwardIsBatchTokensHeadsDim() {
        // aten::_flash_attention_forward(q[B,N,H,d], k, v, cum_q, cum_k, max_q, max_k, dropout, is_causal, ...)
        AttentionGeometry g = AttentionGeometry.of(op("aten::_flash_attention_forward",
                new long[]{1, 2048, 32, 128}, BF16, "", new long[]{1, 2048, 8, 128}, BF16, "",
                new long[]{1, 2048, 8, 128}, BF16, "", new long[0], "", "", new long[0], "", "",
                new long[0], "Scalar", "2048", new long[0], "Scalar", "2048", new long[0], "Scalar", "0.",
                new long[0], "Scalar", "True"));
        assertThat(g).isEqualTo(new AttentionGeometry(1, 32, 8, 2048, 2048, 128, true, BF16));
        assertThat(g.canonical().inputs().get(0).dims()).containsExactly(1, 32, 2048, 128);
    }

    @Test
    void packedVariableLengthTakesTheSequencesFromCuSeqlens() {
        // SGLang's aiter::mha_batch_prefill: q[15360,32,128], a paged KV pool, cu_seqlens of 15 sequences
        AttentionGeometry g = AttentionGeometry.of(op("aiter::mha_batch_prefill",
                new long[]{15360, 32, 128}, BF16, "", new long[]{835874, 8, 128}, BF16, "",
                new long[]{835874, 8, 128}, BF16, "", new long[]{16}, "int", "", new long[]{16}, "int", ""));
        assertThat(g).isEqualTo(new AttentionGeometry(15, 32, 8, 1024, 1024, 128, true, BF16));
        assertThat(AttentionGeometry.isAttention("sgl_kernel::rotary_embedding")).isFalse();
        assertThat(AttentionGeometry.isAttention("aten::_scaled_dot_product_flash_attention_backward")).isFalse();
    }
}
