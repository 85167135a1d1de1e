package dev.parallax.analysis.diff;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KernelNamesTest {
    @Test
    void foldsTemplatesArgumentsAndVendorPrefixes() {
        assertEquals("at::native::vectorized_elementwise_kernel", KernelNames.normalise(
                "void at::native::vectorized_elementwise_kernel<4, at::native::FillFunctor<float>, "
                        + "at::detail::Array<char*, 1> >(int, at::native::FillFunctor<float>, at::detail::Array<char*, 1>)"));
        assertEquals("xmma_gemm_f16f16_f16f32_f32_tn_n_tilesize128x128x32", KernelNames.normalise(
                "sm90_xmma_gemm_f16f16_f16f32_f32_tn_n_tilesize128x128x32"));
        assertEquals("sgemm_128x64_nn", KernelNames.normalise("ampere_sgemm_128x64_nn"));
        assertEquals("at::native::CatArrayBatchedCopy", KernelNames.normalise(
                "void at::native::(anonymous namespace)::CatArrayBatchedCopy<float, unsigned int, 3, 128, 1>("
                        + "float*, at::native::(anonymous namespace)::CatArrInputTensorMetadata<float, unsigned int, "
                        + "128, 1>, int, int, int)"));
        assertEquals("Memcpy HtoD", KernelNames.normalise("Memcpy HtoD (Pinned -> Device)"));
        assertEquals("ncclDevKernel_AllReduce_Sum_f32_RING_LL", KernelNames.normalise(
                "ncclDevKernel_AllReduce_Sum_f32_RING_LL(ncclDevKernelArgsStorage<4096ul>)"));
        assertEquals("(unnamed)", KernelNames.normalise(" "));
    }
}
