package dev.parallax.analysis.classify;

import dev.parallax.analysis.gpu.TestTraces;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TrackKind;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TraceClassesTest {

    private static Map<String, Integer> codesByName(Trace t, TraceClasses c) {
        Map<String, Integer> out = new HashMap<>();
        for (SliceTrack s : t.sliceTracks()) {
            for (int r = 0; r < s.size(); r++) {
                out.put(t.string(s.name(r)) + "@" + s.start(r), c.code(s.id(), r));
            }
        }
        return out;
    }

    @Test
    void classifiesEveryRowOnceIntoPackedCodes() {
        Trace t = new TestTraces("t")
                .kernel(7, "gemm", 100, 50)
                .kernel(7, "gemm", 200, 50)
                .kernel(9, "ncclDevKernel_AllReduce_Sum_f32", 120, 40)
                .event(7, "Memcpy DtoD (Device -> Device)", "gpu_memcpy", 300, 10, 0)
                .gpuAnnotation(7, "my_region", 90, 300)
                .build();
        TraceClasses c = TraceClasses.classify(t, RuleSet.defaults());
        Map<String, Integer> m = codesByName(t, c);
        assertThat(TraceClasses.kernelClass(m.get("gemm@100"))).isEqualTo(KernelClass.COMPUTE);
        assertThat(TraceClasses.isDeviceWork(m.get("gemm@200"))).isTrue();
        int nccl = m.get("ncclDevKernel_AllReduce_Sum_f32@120");
        assertThat(TraceClasses.kernelClass(nccl)).isEqualTo(KernelClass.COMMUNICATION);
        assertThat(TraceClasses.collective(nccl)).isEqualTo(CollectiveType.ALL_REDUCE);
        assertThat(TraceClasses.kernelClass(m.get("Memcpy DtoD (Device -> Device)@300"))).isEqualTo(KernelClass.MEMORY);
        int ann = m.get("my_region@90");
        assertThat(TraceClasses.isGpu(ann)).isTrue();
        assertThat(TraceClasses.kernelClass(ann)).isEqualTo(KernelClass.ANNOTATION);
        assertThat(TraceClasses.isDeviceWork(ann)).isFalse();
        int launch = m.get("cudaLaunchKernel@0");
        assertThat(TraceClasses.isGpu(launch)).isFalse();
        assertThat(TraceClasses.kernelClass(launch)).isEqualTo(KernelClass.LAUNCH);
    }

    @Test
    void htaCountsOnlyEventsWithAStreamArgumentAsDeviceEvents() {
        Trace t = new TestTraces("t").kernel(7, "gemm", 100, 50).gpuAnnotation(7, "gpu_region", 90, 100).build();
        TraceClasses c = TraceClasses.classify(t, RuleSet.preset("hta"));
        Map<String, Integer> m = codesByName(t, c);
        assertThat(TraceClasses.isGpu(m.get("gemm@100"))).isTrue();
        assertThat(TraceClasses.isGpu(m.get("gpu_region@90"))).isFalse();
        assertThat(t.tracks(TrackKind.GPU_STREAM)).hasSize(1);
    }

    @Test
    void htaDropsDeviceWorkLaunchedFromTheLastProfilerStepWhenTwoOrMoreStepsExist() {
        TestTraces b = new TestTraces("t")
                .step("ProfilerStep#1", 0, 1_000_000)
                .step("ProfilerStep#2", 1_000_000, 1_000_000)
                .kernel(7, "a", 500_000, 100_000, 10_000)      // launched in step 1: kept
                .kernel(7, "b", 1_500_000, 100_000, 999_000)    // launched just before step 2 starts: kept
                .kernel(7, "c", 1_700_000, 100_000, 1_000_000)   // launched at step 2's start: dropped
                .kernel(7, "d", 2_500_000, 100_000, 1_900_000)   // launched in step 2: dropped
                .kernel(0, "e", 600_000, 10_000, 20_000);      // stream 0 (ROCm's default): kept, HTA keeps stream >= 0
        Trace t = b.build();
        TraceClasses hta = TraceClasses.classify(t, RuleSet.preset("hta"));
        Map<String, Integer> m = codesByName(t, hta);
        assertThat(TraceClasses.isExcluded(m.get("a@500000"))).isFalse();
        assertThat(TraceClasses.isExcluded(m.get("b@1500000"))).isFalse();
        assertThat(TraceClasses.isExcluded(m.get("c@1700000"))).isTrue();
        assertThat(TraceClasses.isExcluded(m.get("d@2500000"))).isTrue();
        assertThat(TraceClasses.isExcluded(m.get("e@600000"))).isFalse();
        assertThat(hta.excludedEvents()).isEqualTo(2);
        assertThat(hta.profilerStepNames()).isEqualTo(2);
        TraceClasses def = TraceClasses.classify(t, RuleSet.defaults());
        assertThat(def.excludedEvents()).isZero();
        assertThat(hta.rounded()).isFalse();
    }

    @Test
    void htaRoundsHostTimesToMicrosecondsWhenTheTraceHasFractionalTimes() {
        // 999.5 µs rounds up to 1000 µs, the start of the last step: HTA no longer counts it as before the step
        Trace t = new TestTraces("t")
                .step("ProfilerStep#1", 0, 1_000_000)
                .step("ProfilerStep#2", 1_000_000, 1_000_000)
                .kernel(7, "late", 1_500_250, 100_000, 999_500)
                .kernel(7, "early", 1_200_000, 100_000, 998_000)
                .build();
        TraceClasses hta = TraceClasses.classify(t, RuleSet.preset("hta"));
        assertThat(hta.rounded()).isTrue();
        Map<String, Integer> m = codesByName(t, hta);
        assertThat(TraceClasses.isExcluded(m.get("late@1500250"))).isTrue();
        assertThat(TraceClasses.isExcluded(m.get("early@1200000"))).isFalse();
    }

    @Test
    void htaKeepsEverythingWithASingleProfilerStep() {
        Trace t = new TestTraces("t").step("ProfilerStep#1", 0, 1000).kernel(7, "a", 500, 100, 1500).build();
        TraceClasses hta = TraceClasses.classify(t, RuleSet.preset("hta"));
        assertThat(hta.excludedEvents()).isZero();
        assertThat(hta.profilerStepNames()).isEqualTo(1);
    }
}
