package dev.parallax.samples;

import dev.parallax.samples.TestFiles.Event;
import dev.parallax.samples.training.TrainingOptions;
import dev.parallax.samples.training.TrainingTraceGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Compares the generated Kineto traces with a real PyTorch-profiler trace of a 2-rank NCCL job (from the shared
 * trace folder; skipped where it is absent): same top-level keys, and every args key the real kernels, memory
 * activities and {@code record_param_comms} ops carry is present in ours.
 */
class ShapeMatchesRealKinetoTracesTest {
    private static Path realTrace() {
        String root = System.getProperty("parallax.shared.traces");
        assumeTrue(root != null, "system property parallax.shared.traces is not set; skipping comparison");
        Path p = Path.of(root, "hta", "nccl_parser_config", "nccl_data.json.gz");
        assumeTrue(Files.isRegularFile(p), "real trace " + p + " is absent; skipping comparison");
        return p;
    }

    private static Set<String> argKeys(List<Event> events, Predicate<Event> which) {
        Set<String> keys = new TreeSet<>();
        events.stream().filter(which).forEach(e -> keys.addAll(e.args().keySet()));
        return keys;
    }

    @Test
    void generatedTraceHasTheRealTracesKeys(@TempDir Path tmp) throws Exception {
        Path real = realTrace();
        TrainingOptions o = new TrainingOptions();
        o.steps = 1;
        o.layers = 1;
        o.legacyNccl = true;
        new TrainingTraceGenerator(o).generate(tmp, "t");
        Path ours = tmp.resolve("rank-0.pt.trace.json");

        Set<String> realTop = new TreeSet<>(TestFiles.topLevelKeys(real));
        realTop.remove("INFO");
        assertThat(TestFiles.topLevelKeys(ours)).containsAll(realTop);

        List<Event> r = TestFiles.events(real);
        List<Event> g = TestFiles.events(ours);
        Predicate<Event> computeKernel = e -> "kernel".equals(e.cat()) && !e.name().startsWith("nccl");
        Predicate<Event> ncclKernel = e -> "kernel".equals(e.cat()) && e.name().startsWith("nccl");
        Predicate<Event> memcpy = e -> "gpu_memcpy".equals(e.cat());
        Predicate<Event> memset = e -> "gpu_memset".equals(e.cat());
        Predicate<Event> launch = e -> "cudaLaunchKernel".equals(e.name());
        Predicate<Event> comms = e -> "record_param_comms".equals(e.name());
        for (Predicate<Event> kind : List.of(computeKernel, ncclKernel, memcpy, memset, launch, comms)) {
            Set<String> expected = argKeys(r, kind);
            // Bookkeeping ids of the profiler itself, not of the traced program.
            expected.removeAll(Set.of("Record function id", "Ev Idx"));
            assertThat(expected).isNotEmpty();
            assertThat(argKeys(g, kind)).containsAll(expected);
        }
        Set<String> phases = new TreeSet<>();
        r.forEach(e -> phases.add(e.ph() + "/" + e.cat()));
        Set<String> ourPhases = new TreeSet<>();
        g.forEach(e -> ourPhases.add(e.ph() + "/" + e.cat()));
        assertThat(ourPhases).contains("X/cpu_op", "X/cuda_runtime", "X/kernel", "X/gpu_memcpy", "X/gpu_memset",
                "s/ac2g", "f/ac2g", "s/fwdbwd", "f/fwdbwd", "X/user_annotation", "M/null");
    }
}
