package dev.parallax.analysis.classify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleSetTest {
    private final RuleSet parallax = RuleSet.defaults();
    private final RuleSet hta = RuleSet.preset("hta");

    private KernelClass gpu(RuleSet r, String name, String cat) {
        return r.classify(true, name, cat);
    }

    private CollectiveType coll(RuleSet r, String name) {
        return r.collectiveOf(r.ruleFor(true, name, "kernel"), name);
    }

    @Test
    void defaultRulesRecogniseCommunicationBeyondNcclKernel() {
        assertThat(gpu(parallax, "ncclKernel_AllReduce_RING_LL_Sum_float(ncclDevComm*)", "kernel"))
                .isEqualTo(KernelClass.COMMUNICATION);
        assertThat(gpu(parallax, "ncclDevKernel_AllGather_RING_LL(ncclDevKernelArgsStorage<4096ul>)", "kernel"))
                .isEqualTo(KernelClass.COMMUNICATION);
        assertThat(gpu(parallax, "void deep_ep::intranode::dispatch<8, 768>(int4*, float*)", "kernel"))
                .isEqualTo(KernelClass.COMMUNICATION);
        assertThat(gpu(parallax, "void vllm::cross_device_reduce_2stage<__nv_bfloat16, 8>(...)", "kernel"))
                .isEqualTo(KernelClass.COMMUNICATION);
        assertThat(gpu(parallax, "multimem_all_reduce_kernel", "kernel")).isEqualTo(KernelClass.COMMUNICATION);
        assertThat(gpu(parallax, "rcclKernel_AllReduce", "kernel")).isEqualTo(KernelClass.COMMUNICATION);
        assertThat(gpu(parallax, "ampere_sgemm_128x64_tn", "kernel")).isEqualTo(KernelClass.COMPUTE);
        assertThat(gpu(parallax, "Memcpy DtoH (Device -> Pinned)", "gpu_memcpy")).isEqualTo(KernelClass.MEMORY);
        assertThat(gpu(parallax, "Memset (Device)", "gpu_memset")).isEqualTo(KernelClass.MEMORY);
        assertThat(gpu(parallax, "nccl:all_reduce", "gpu_user_annotation")).isEqualTo(KernelClass.ANNOTATION);
        assertThat(parallax.classify(false, "cudaLaunchKernel", "cuda_runtime")).isEqualTo(KernelClass.LAUNCH);
        assertThat(parallax.classify(false, "cudaStreamSynchronize", "cuda_runtime")).isEqualTo(KernelClass.SYNC);
        assertThat(parallax.classify(false, "aten::mm", "cpu_op")).isEqualTo(KernelClass.OTHER);
    }

    @Test
    void collectiveTypesAreToldFromNames() {
        assertThat(coll(parallax, "ncclKernel_AllReduce_RING_LL_Sum_float")).isEqualTo(CollectiveType.ALL_REDUCE);
        assertThat(coll(parallax, "ncclDevKernel_ReduceScatter_Sum_bf16_RING_LL")).isEqualTo(CollectiveType.REDUCE_SCATTER);
        assertThat(coll(parallax, "ncclDevKernel_AllGather_RING_LL")).isEqualTo(CollectiveType.ALL_GATHER);
        assertThat(coll(parallax, "ncclKernel_SendRecv_RING_SIMPLE_Sum_int8_t")).isEqualTo(CollectiveType.SEND_RECV);
        assertThat(coll(parallax, "ncclKernel_Broadcast_RING_LL_Sum_int8_t")).isEqualTo(CollectiveType.BROADCAST);
        assertThat(coll(parallax, "void deep_ep::intranode::combine<bf16>(...)")).isEqualTo(CollectiveType.EP_COMBINE);
        assertThat(coll(parallax, "void deep_ep::internode_ll::dispatch<true>(...)")).isEqualTo(CollectiveType.EP_DISPATCH);
        assertThat(coll(parallax, "cross_device_reduce_1stage")).isEqualTo(CollectiveType.ALL_REDUCE);
        assertThat(coll(parallax, "ncclDevKernel_Generic")).isEqualTo(CollectiveType.OTHER);
    }

    @Test
    void htaPresetUsesHtaPatternsOnly() {
        assertThat(gpu(hta, "ncclKernel_AllReduce_RING_LL_Sum_float", "kernel")).isEqualTo(KernelClass.COMMUNICATION);
        assertThat(gpu(hta, "ncclDevKernel_AllGather_RING_LL", "kernel")).isEqualTo(KernelClass.COMMUNICATION);
        assertThat(gpu(hta, "void deep_ep::intranode::dispatch<8>", "kernel")).isEqualTo(KernelClass.COMPUTE);
        assertThat(gpu(hta, "cross_device_reduce_2stage", "kernel")).isEqualTo(KernelClass.COMPUTE);
        assertThat(gpu(hta, "hipMemcpyWithStream", "kernel")).isEqualTo(KernelClass.COMMUNICATION);
        assertThat(gpu(hta, "Memcpy HtoD (Pageable -> Device)", "gpu_memcpy")).isEqualTo(KernelClass.MEMORY);
        assertThat(gpu(hta, "dma_copy", "kernel")).isEqualTo(KernelClass.MEMORY);
        assertThat(hta.gpuEvents()).isEqualTo(RuleSet.GpuEvents.STREAM_ARG);
        assertThat(hta.dropLastProfilerStep()).isTrue();
        assertThat(hta.roundToMicroseconds()).isTrue();
        assertThat(parallax.dropLastProfilerStep()).isFalse();
    }

    @Test
    void loadsUserRulesAndNamesTheFileAndRuleOnErrors(@TempDir Path dir) throws IOException {
        Path ok = dir.resolve("rules.json");
        Files.writeString(ok, """
                {"name": "mine", "rules": [
                  {"id": "my-comm", "scope": "gpu", "name": "^myAllReduce", "class": "communication", "collective": "all_reduce"},
                  {"id": "copies", "scope": "gpu", "name": "Copy", "class": "memory"}],
                 "collectives": []}""");
        RuleSet mine = RuleSet.load(ok);
        assertThat(mine.name()).isEqualTo("mine");
        assertThat(gpu(mine, "myAllReduceKernel", "kernel")).isEqualTo(KernelClass.COMMUNICATION);
        assertThat(coll(mine, "myAllReduceKernel")).isEqualTo(CollectiveType.ALL_REDUCE);
        assertThat(gpu(mine, "bigCopy", "kernel")).isEqualTo(KernelClass.MEMORY);
        assertThat(gpu(mine, "ncclKernel_AllReduce", "kernel")).isEqualTo(KernelClass.COMPUTE);

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"rules\": [{\"id\": \"broken\", \"name\": \"([\", \"class\": \"compute\"}]}");
        assertThatThrownBy(() -> RuleSet.load(bad)).isInstanceOf(IOException.class)
                .hasMessageContaining("bad.json").hasMessageContaining("broken").hasMessageContaining("regex");
        Path badClass = dir.resolve("class.json");
        Files.writeString(badClass, "{\"rules\": [{\"name\": \"x\", \"class\": \"gpu-magic\"}]}");
        assertThatThrownBy(() -> RuleSet.load(badClass)).hasMessageContaining("class.json")
                .hasMessageContaining("gpu-magic");
        assertThatThrownBy(() -> RuleSet.preset("nope")).hasMessageContaining("nope");
    }
}
