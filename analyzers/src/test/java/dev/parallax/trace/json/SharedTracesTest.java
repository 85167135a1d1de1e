package dev.parallax.trace.json;

import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.Severity;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TrackKind;
import dev.parallax.trace.io.TraceLoader;
import dev.parallax.trace.io.UnreadableTraceException;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real traces of other projects in {@code ../shared/traces}. Expected counts were obtained
 * independently with Python's json module on the decompressed files: events per {@code ph}; CPU tracks =
 * distinct (pid, tid) of X/B/i events that are not GPU events; GPU tracks = distinct (pid, tid) of GPU events
 * (cat kernel/gpu_memcpy/gpu_memset/gpu_user_annotation/Kernel/Memcpy/Memset, or an integer
 * args.stream/args.device on an event whose category is not host-side: cpu_op, user_annotation,
 * python_function, *_runtime, *_driver); flows = (cat, id) groups holding both an "s" and an "f".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedTracesTest {
    private final TraceLoader loader = TraceLoader.discover();
    /** Each file is loaded once for all tests of this class (the suite must stay fast). */
    private final Map<Path, Trace> loaded = new HashMap<>();

    private Trace load(Path file) throws IOException {
        Trace t = loaded.get(file);
        if (t == null) {
            t = loader.load(file, Progress.none());
            loaded.put(file, t);
        }
        return t;
    }

    private Trace load(String relative) throws IOException {
        return load(TraceFiles.sharedTraces().resolve(relative));
    }

    private static void assertCounts(Trace t, Map<String, Long> phases, int cpu, int gpu, int flows) {
        assertThat(t.eventsByPhase()).isEqualTo(phases);
        assertThat(t.tracks(TrackKind.CPU_THREAD)).hasSize(cpu);
        assertThat(t.tracks(TrackKind.GPU_STREAM)).hasSize(gpu);
        assertThat(t.flows().size()).isEqualTo(flows);
        assertThat(t.diagnostics().hasErrors()).as(t.diagnostics().lines().toString()).isFalse();
        assertThat(t.diagnostics().truncated()).isFalse();
    }

    @Test
    void everyJsonTraceLoadsOrIsRefusedWithAClearMessage() throws IOException {
        Path root = TraceFiles.sharedTraces();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile)
                    .filter(f -> !f.toString().endsWith(".sqlite") && !f.toString().endsWith(".md")
                            && !f.toString().endsWith(".tsv"))
                    .sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(30);
        int loaded = 0;
        int records = 0;
        for (Path f : files) {
            if (f.getFileName().toString().equals("execution_details.json")) {
                // TraceLens's list of captures: a JSON array of plain objects, not trace events
                assertThatThrownBy(() -> loader.load(f, Progress.none()))
                        .isInstanceOf(UnreadableTraceException.class)
                        .hasMessageStartingWith(f.toString())
                        .hasMessageContaining("no importer reads this file")
                        .hasMessageContaining("JSON array of objects without trace-event fields (no \"ph\")")
                        .hasMessageContaining("file, batch_size, mode");
                records++;
                continue;
            }
            if (f.endsWith(Path.of("memory_analysis", "memory_timeline.raw.gz"))) {
                assertThatThrownBy(() -> loader.load(f, Progress.none()))
                        .isInstanceOf(UnreadableTraceException.class)
                        .hasMessageStartingWith(f.toString())
                        .hasMessageContaining("no importer reads this file")
                        .hasMessageContaining("JSON array of arrays of numbers")
                        .hasMessageContaining("memory-timeline");
                continue;
            }
            Trace t = load(f);
            assertThat(t.sliceCount()).as(f.toString()).isPositive();
            assertThat(t.maxTime()).as(f.toString()).isGreaterThanOrEqualTo(t.minTime());
            assertThat(t.diagnostics().items()).as(f.toString())
                    .noneMatch(d -> d.severity() == Severity.ERROR);
            assertThat(t.metadata().format()).as(f.toString()).isIn("kineto", "chrome-json");
            loaded++;
        }
        assertThat(loaded).isEqualTo(files.size() - 1 - records);
    }

    @Test
    void htaTraceFilterRank0() throws IOException {
        Trace t = load("hta/trace_filter/sampled_rank-0.json.gz");
        assertCounts(t, Map.of("X", 4811L, "M", 44L), 3, 5, 0);
        assertThat(t.metadata().rank()).isZero();
        assertThat(t.metadata().worldSize()).isEqualTo(128);
        assertThat(t.metadata().backend()).isEqualTo("nccl");
    }

    @Test
    void htaNanosecondResolutionTrace() throws IOException {
        Trace t = load("hta/ns_resolution_trace/rank-0.Apr_03_18_51_38.1102.pt.trace.json.gz");
        assertCounts(t, Map.of("X", 45420L, "f", 15928L, "s", 7306L, "M", 36L, "i", 2L), 5, 1, 7000);
        assertThat(t.sliceCount()).isEqualTo(45422);
        // every duration is exact: no sub-µs slice may come out negative
        t.sliceTracks().forEach(tr -> {
            for (int r = 0; r < tr.size(); r++) {
                assertThat(tr.duration(r)).isNotNegative();
            }
        });
    }

    @Test
    void kinetoResnet2021WithCapitalisedCategories() throws IOException {
        Trace t = load("pytorch--kineto/tb_plugin/samples/resnet50_num_workers_0/worker0.1623143089861.pt.trace.json.gz");
        assertCounts(t, Map.of("X", 44666L, "i", 12840L, "f", 9096L, "s", 9096L, "M", 20L), 4, 1, 9096);
        assertThat(t.sliceCount()).isEqualTo(57506);
        assertThat(t.metadata().devices()).hasSize(4);
        assertThat(t.metadata().devices().get(0).name()).isEqualTo("Tesla V100-DGXS-32GB");
        assertThat(t.tracks(TrackKind.GPU_STREAM).get(0).info().stream()).isEqualTo(7);
    }

    @Test
    void chromeTraceViewerSampleWithBeginEndAndCounters() throws IOException {
        Trace t = load("pytorch--kineto/profiler/plugin/trace_viewer/tf_trace_viewer/data/trace.json");
        assertCounts(t, Map.of("C", 5L, "B", 8L, "I", 6L, "E", 8L, "X", 4L, "P", 3L, "M", 3L), 4, 0, 0);
        assertThat(t.sliceCount()).isEqualTo(18);
        assertThat(t.counterTracks()).hasSize(1);
        assertThat(t.counterSampleCount()).isEqualTo(5);
        assertThat(t.metadata().format()).isEqualTo("chrome-json");
    }

    @Test
    void sglangDecodeOnRocm() throws IOException {
        Trace t = load("AMD-AGI--TraceLens/tests/traces/inference/sglang_decode/sglang_Qwen3-8B_decode.json.gz");
        assertCounts(t, Map.of("X", 1471L, "s", 14L, "f", 573L), 1, 2, 14);
    }

    @Test
    void mtiaInferenceKeepsHostRuntimeCallsOnTheirThreads() throws IOException {
        // python: 619 (cat, id) groups with s and f; GPU tracks = distinct (pid, tid) of mtia_ccp_events etc.
        Trace t = load("hta/mtia_inference_trace/mtia_inference_rank_0.json.gz");
        assertCounts(t, Map.of("X", 14179L, "M", 176L, "i", 2L, "f", 1166L, "s", 635L), 49, 12, 619);
    }

    @Test
    void ncclDataParallelRank() throws IOException {
        Trace t = load("hta/nccl_parser_config/nccl_data.json.gz");
        assertCounts(t, Map.of("X", 26933L, "f", 9195L, "s", 4405L, "M", 38L, "i", 2L), 5, 2, 4317);
    }
}
