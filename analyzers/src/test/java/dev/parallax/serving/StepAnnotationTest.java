package dev.parallax.serving;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StepAnnotationTest {
    @Test
    void readsVllmModelRunnerAnnotations() {
        StepAnnotation d = StepAnnotation.parse("execute_32_context_0(sq0sk0sqsq0sqsk0)_generation_32(sq32sk55086sqsq32sqsk55086)");
        assertThat(d.phase()).isEqualTo(StepPhase.DECODE);
        assertThat(d.decodeRequests()).isEqualTo(32);
        assertThat(d.decodeContextTokens()).isEqualTo(55086);
        StepAnnotation m = StepAnnotation.parse(
                "execute_8192_context_9(sq8155sk8430sqsq7475785sqsk7671310)_generation_37(sq37sk34489sqsq37sqsk34489)");
        assertThat(m.phase()).isEqualTo(StepPhase.MIXED);
        assertThat(m.prefillRequests()).isEqualTo(9);
        assertThat(m.prefillTokens()).isEqualTo(8155);
        assertThat(m.tokens()).isEqualTo(8192);
        StepAnnotation p = StepAnnotation.parse(
                "execute_15360_context_15(sq15360sk15360sqsq15728640sqsk15728640)_generation_0(sq0sk0sqsq0sqsk0)");
        assertThat(p.phase()).isEqualTo(StepPhase.PREFILL);
    }

    @Test
    void readsSglangStepAnnotationsAndProfilerSteps() {
        assertThat(StepAnnotation.parse("step[DECODE bs=32]").decodeRequests()).isEqualTo(32);
        StepAnnotation e = StepAnnotation.parse("step[EXTEND bs=15 toks=15360]");
        assertThat(e.phase()).isEqualTo(StepPhase.PREFILL);
        assertThat(e.prefillTokens()).isEqualTo(15360);
        assertThat(StepAnnotation.parse("ProfilerStep#6").phase()).isEqualTo(StepPhase.UNKNOWN);
        assertThat(StepAnnotation.parse("aten::mm")).isNull();
    }

    @Test
    void kernelNamesTellDecodeFromPrefill() {
        assertThat(KernelPhase.of("void paged_attention_ll4mi_QKV_mfma16_kernel<0, __hip_bfloat16>")).isEqualTo(1);
        assertThat(KernelPhase.of("_ZN7ck_tile6kentryILi2ENS_38FmhaBatchPrefillWithPagedKVCacheKernel")).isEqualTo(2);
        assertThat(KernelPhase.of("flash_fwd_splitkv_kernel")).isEqualTo(1);
        assertThat(KernelPhase.of("attn_fwd")).isEqualTo(2);
        assertThat(KernelPhase.of("kernel_unified_attention_2d")).isZero();
        assertThat(KernelPhase.of("Cijk_Alik_Bljk_BBS_BH_Bias_HA_S_SAV_UserArgs_MT32x32x256")).isZero();
    }
}
