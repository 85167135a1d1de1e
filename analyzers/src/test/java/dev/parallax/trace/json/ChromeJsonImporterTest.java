package dev.parallax.trace.json;

import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.ArgStore;
import dev.parallax.trace.CounterTrack;
import dev.parallax.trace.FlowTable;
import dev.parallax.trace.ProcessGroup;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TrackKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.parallax.testing.TraceFiles.load;
import static org.assertj.core.api.Assertions.assertThat;

class ChromeJsonImporterTest {
    @TempDir
    Path dir;

    private static SliceTrack only(Trace t, TrackKind kind) {
        List<SliceTrack> tracks = t.tracks(kind);
        assertThat(tracks).hasSize(1);
        return tracks.get(0);
    }

    @Test
    void readsBareArrayAndObjectFormsAlike() {
        String events = "{\"ph\":\"X\",\"name\":\"a\",\"cat\":\"c\",\"pid\":1,\"tid\":2,\"ts\":10,\"dur\":5},"
                + "{\"name\":\"b\",\"ts\":11,\"dur\":1,\"tid\":2,\"ph\":\"X\",\"pid\":1}";
        Trace bare = load(dir, "[" + events + "]");
        Trace object = load(dir, "{\"traceEvents\":[" + events + "],\"displayTimeUnit\":\"ns\"}");
        for (Trace t : List.of(bare, object)) {
            SliceTrack s = only(t, TrackKind.CPU_THREAD);
            assertThat(s.size()).isEqualTo(2);
            assertThat(s.start(0)).isEqualTo(10_000);
            assertThat(s.duration(0)).isEqualTo(5_000);
            assertThat(t.string(s.name(1))).isEqualTo("b");
            assertThat(s.depth(1)).isEqualTo(1);
            assertThat(t.diagnostics().isEmpty()).as(t.diagnostics().lines().toString()).isTrue();
        }
        assertThat(bare.metadata().format()).isEqualTo("chrome-json");
        assertThat(object.metadata().other()).containsEntry("displayTimeUnit", "ns");
    }

    @Test
    void keepsScalarMembersOfTopLevelObjectsSuchAsOtherData() {
        Trace t = load(dir, "{\"otherData\":{\"num_gpu_blocks\":2048,\"model\":\"llama\",\"nested\":{\"x\":1},"
                + "\"list\":[1,2],\"block_size\":16},\"stackFrames\":{\"1\":{\"name\":\"f\"}},"
                + "\"traceEvents\":[{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":1}],"
                + "\"samples\":[{\"ts\":1}]}");
        assertThat(t.metadata().other()).containsEntry("otherData.num_gpu_blocks", "2048")
                .containsEntry("otherData.model", "llama").containsEntry("otherData.block_size", "16")
                .doesNotContainKeys("otherData.nested", "otherData.nested.x", "otherData.list", "stackFrames.1");
        assertThat(only(t, TrackKind.CPU_THREAD).size()).isEqualTo(1);
        assertThat(t.diagnostics().isEmpty()).as(t.diagnostics().lines().toString()).isTrue();
    }

    @Test
    void keepsOnlyTheFirstThousandScalarsOfOneTopLevelObjectAndSaysSo() {
        StringBuilder big = new StringBuilder("{\"otherData\":{");
        for (int i = 0; i < 1005; i++) {
            big.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        big.append("},\"traceEvents\":[]}");
        Trace t = load(dir, big.toString());
        assertThat(t.metadata().other()).containsEntry("otherData.k999", "999").doesNotContainKey("otherData.k1000");
        assertThat(t.diagnostics().lines().toString()).contains("otherData").contains("skipped 5 more");
    }

    @Test
    void appliesBaseTimeNanosecondsEvenWhenItComesAfterTheEvents() {
        Trace t = load(dir, "{\"traceEvents\":[{\"ph\":\"X\",\"name\":\"k\",\"pid\":1,\"tid\":1,\"ts\":1.5,"
                + "\"dur\":0.001}],\"baseTimeNanoseconds\":1700000000000000000}");
        SliceTrack s = only(t, TrackKind.CPU_THREAD);
        assertThat(s.start(0)).isEqualTo(1700000000000001500L);
        assertThat(s.duration(0)).isEqualTo(1);
        assertThat(t.metadata().baseTimeNanoseconds()).isEqualTo(1700000000000000000L);
        assertThat(t.metadata().format()).isEqualTo("kineto");
    }

    @Test
    void detectsGzipByMagicBytesNotByName() {
        byte[] json = "[{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":1}]"
                .getBytes(StandardCharsets.UTF_8);
        Trace zippedNoSuffix = TraceFiles.load(TraceFiles.write(dir, "trace.json", TraceFiles.gzip(json)));
        Trace plainWithGzSuffix = TraceFiles.load(TraceFiles.write(dir, "trace.json.gz", json));
        assertThat(zippedNoSuffix.sliceCount()).isEqualTo(1);
        assertThat(plainWithGzSuffix.sliceCount()).isEqualTo(1);
        assertThat(zippedNoSuffix.loadStats().decodedBytes()).isEqualTo(json.length);
        assertThat(zippedNoSuffix.loadStats().fileBytes()).isLessThan(json.length + 30L);
    }

    @Test
    void matchesBeginEndPerThreadAndNestsThem() {
        Trace t = load(dir, "[{\"ph\":\"B\",\"name\":\"outer\",\"pid\":1,\"tid\":1,\"ts\":0},"
                + "{\"ph\":\"B\",\"name\":\"other\",\"pid\":1,\"tid\":2,\"ts\":1},"
                + "{\"ph\":\"B\",\"name\":\"inner\",\"pid\":1,\"tid\":1,\"ts\":2},"
                + "{\"ph\":\"E\",\"pid\":1,\"tid\":1,\"ts\":3},"
                + "{\"ph\":\"E\",\"pid\":1,\"tid\":2,\"ts\":4},"
                + "{\"ph\":\"E\",\"pid\":1,\"tid\":1,\"ts\":10}]");
        List<SliceTrack> cpu = t.tracks(TrackKind.CPU_THREAD);
        assertThat(cpu).hasSize(2);
        SliceTrack t1 = cpu.get(0);
        assertThat(t.string(t1.name(0))).isEqualTo("outer");
        assertThat(t1.duration(0)).isEqualTo(10_000);
        assertThat(t.string(t1.name(1))).isEqualTo("inner");
        assertThat(t1.start(1)).isEqualTo(2_000);
        assertThat(t1.duration(1)).isEqualTo(1_000);
        assertThat(t1.depth(1)).isEqualTo(1);
        assertThat(cpu.get(1).duration(0)).isEqualTo(3_000);
        assertThat(t.eventsByPhase()).containsEntry("B", 3L).containsEntry("E", 3L);
    }

    @Test
    void instantsGoToTheirScopesTrack() {
        Trace t = load(dir, "[{\"ph\":\"i\",\"name\":\"t\",\"pid\":1,\"tid\":1,\"ts\":1},"
                + "{\"ph\":\"I\",\"name\":\"t2\",\"pid\":1,\"tid\":1,\"ts\":2,\"s\":\"t\"},"
                + "{\"ph\":\"i\",\"name\":\"p\",\"pid\":1,\"tid\":1,\"ts\":3,\"s\":\"p\"},"
                + "{\"ph\":\"i\",\"name\":\"g\",\"pid\":1,\"tid\":1,\"ts\":4,\"s\":\"g\"}]");
        List<SliceTrack> cpu = t.tracks(TrackKind.CPU_THREAD);
        assertThat(cpu).hasSize(3);
        assertThat(cpu.get(0).size()).isEqualTo(2);
        assertThat(cpu.get(0).duration(0)).isZero();
        assertThat(cpu.get(1).info().threadName()).isEqualTo("process instants");
        assertThat(cpu.get(2).info().threadName()).isEqualTo("global instants");
    }

    @Test
    void eachCounterArgumentIsOneSeries() {
        Trace t = load(dir, "[{\"ph\":\"C\",\"name\":\"mem\",\"pid\":1,\"ts\":1,\"args\":{\"alloc\":10,\"free\":2.5}},"
                + "{\"ph\":\"C\",\"name\":\"mem\",\"pid\":1,\"ts\":2,\"args\":{\"alloc\":12,\"free\":\"3\"}},"
                + "{\"ph\":\"C\",\"name\":\"kv\",\"pid\":1,\"ts\":2,\"args\":{\"value\":0.5}}]");
        assertThat(t.counterTracks()).extracting(CounterTrack::name).containsExactly("mem alloc", "mem free", "kv");
        CounterTrack free = t.counterTracks().get(1);
        assertThat(free.size()).isEqualTo(2);
        assertThat(free.value(0)).isEqualTo(2.5);
        assertThat(free.value(1)).isEqualTo(3.0);
        assertThat(free.time(1)).isEqualTo(2_000);
    }

    @Test
    void aCounterKeyThatIsAlreadyAWordOfTheNameIsNotRepeated() {
        Trace t = load(dir, "[{\"ph\":\"C\",\"name\":\"Running requests\",\"pid\":1,\"ts\":1,\"args\":{\"requests\":3}},"
                + "{\"ph\":\"C\",\"name\":\"KV cache usage\",\"pid\":1,\"ts\":1,\"args\":{\"percent\":40}}]");
        assertThat(t.counterTracks()).extracting(CounterTrack::name)
                .containsExactly("Running requests", "KV cache usage percent");
    }

    @Test
    void matchesAsyncEventsByCategoryAndId() {
        Trace t = load(dir, "[{\"ph\":\"b\",\"cat\":\"req\",\"id\":\"0x1\",\"name\":\"request\",\"pid\":1,\"tid\":9,\"ts\":0},"
                + "{\"ph\":\"b\",\"cat\":\"other\",\"id\":\"0x1\",\"name\":\"request\",\"pid\":1,\"tid\":9,\"ts\":1},"
                + "{\"ph\":\"n\",\"cat\":\"req\",\"id\":\"0x1\",\"name\":\"first token\",\"pid\":1,\"tid\":9,\"ts\":2},"
                + "{\"ph\":\"e\",\"cat\":\"other\",\"id\":\"0x1\",\"name\":\"request\",\"pid\":1,\"tid\":8,\"ts\":3},"
                + "{\"ph\":\"e\",\"cat\":\"req\",\"id\":\"0x1\",\"name\":\"request\",\"pid\":1,\"tid\":7,\"ts\":5},"
                + "{\"ph\":\"b\",\"cat\":\"req\",\"id2\":{\"local\":\"0x2\"},\"name\":\"request\",\"pid\":1,\"ts\":6},"
                + "{\"ph\":\"e\",\"cat\":\"req\",\"id2\":{\"local\":\"0x2\"},\"pid\":1,\"ts\":8}]");
        SliceTrack a = only(t, TrackKind.ASYNC);
        assertThat(a.info().label()).isEqualTo("request");
        assertThat(a.size()).isEqualTo(4);
        assertThat(a.start(0)).isZero();
        assertThat(a.duration(0)).isEqualTo(5_000);
        assertThat(a.duration(1)).isEqualTo(2_000);
        assertThat(t.string(a.name(2))).isEqualTo("first token");
        assertThat(a.duration(2)).isZero();
        assertThat(a.start(3)).isEqualTo(6_000);
        assertThat(a.duration(3)).isEqualTo(2_000);
        assertThat(t.diagnostics().isEmpty()).as(t.diagnostics().lines().toString()).isTrue();
    }

    @Test
    void bindsFlowsToSlicesWithEnclosingBindingPoint() {
        Trace t = load(dir, "[{\"ph\":\"X\",\"cat\":\"cuda_runtime\",\"name\":\"cudaLaunchKernel\",\"pid\":1,\"tid\":1,\"ts\":10,\"dur\":5},"
                + "{\"ph\":\"f\",\"cat\":\"ac2g\",\"id\":7,\"pid\":0,\"tid\":7,\"ts\":20,\"bp\":\"e\"},"
                + "{\"ph\":\"s\",\"cat\":\"ac2g\",\"id\":7,\"pid\":1,\"tid\":1,\"ts\":10},"
                + "{\"ph\":\"X\",\"cat\":\"kernel\",\"name\":\"gemm\",\"pid\":0,\"tid\":7,\"ts\":20,\"dur\":3,"
                + "\"args\":{\"device\":0,\"stream\":7,\"correlation\":7}},"
                + "{\"ph\":\"X\",\"name\":\"later\",\"pid\":1,\"tid\":1,\"ts\":40,\"dur\":1},"
                + "{\"ph\":\"s\",\"cat\":\"x\",\"id\":\"a\",\"pid\":1,\"tid\":1,\"ts\":12},"
                + "{\"ph\":\"t\",\"cat\":\"x\",\"id\":\"a\",\"pid\":1,\"tid\":1,\"ts\":13},"
                + "{\"ph\":\"f\",\"cat\":\"x\",\"id\":\"a\",\"pid\":1,\"tid\":1,\"ts\":30}]");
        FlowTable f = t.flows();
        assertThat(f.size()).isEqualTo(3);
        SliceTrack gpu = only(t, TrackKind.GPU_STREAM);
        int launch = f.outgoing(t.tracks(TrackKind.CPU_THREAD).get(0).id(), 0)[0];
        assertThat(f.toTrack(launch)).isEqualTo(gpu.id());
        assertThat(f.toRow(launch)).isZero();
        assertThat(f.flowId(launch)).isEqualTo(7);
        // the "x" flow ends with default binding: the next slice starting at or after 30 ("later")
        SliceTrack cpu = t.tracks(TrackKind.CPU_THREAD).get(0);
        int[] in = f.incoming(cpu.id(), 1);
        assertThat(in).hasSize(1);
        assertThat(t.string(cpu.name(1))).isEqualTo("later");
    }

    @Test
    void namesAndSortsProcessesAndThreadsFromMetadataEvents() {
        Trace t = load(dir, "[{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":5,\"args\":{\"name\":\"trainer\"}},"
                + "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":5,\"tid\":\"6\",\"args\":{\"name\":\"main\"}},"
                + "{\"ph\":\"M\",\"name\":\"process_sort_index\",\"pid\":5,\"args\":{\"sort_index\":3}},"
                + "{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":5,\"tid\":6,\"args\":{\"sort_index\":-2}},"
                + "{\"ph\":\"X\",\"name\":\"op\",\"pid\":\"5\",\"tid\":6,\"ts\":1,\"dur\":1},"
                + "{\"ph\":\"X\",\"name\":\"op\",\"pid\":5,\"tid\":\"6\",\"ts\":3,\"dur\":1}]");
        SliceTrack s = only(t, TrackKind.CPU_THREAD);
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.info().processName()).isEqualTo("trainer");
        assertThat(s.info().threadName()).isEqualTo("main");
        assertThat(s.info().processSortIndex()).isEqualTo(3);
        assertThat(s.info().threadSortIndex()).isEqualTo(-2);
    }

    @Test
    void countsSkippedAndUnknownPhases() {
        Trace t = load(dir, "[{\"ph\":\"P\",\"name\":\"s\",\"pid\":1,\"tid\":1,\"ts\":1},"
                + "{\"ph\":\"O\",\"name\":\"o\",\"id\":1,\"pid\":1,\"ts\":1},{\"ph\":\"N\",\"name\":\"o\",\"id\":1,\"pid\":1,\"ts\":1},"
                + "{\"ph\":\"D\",\"name\":\"o\",\"id\":1,\"pid\":1,\"ts\":2},{\"ph\":\"Q\",\"name\":\"?\",\"pid\":1,\"ts\":2},"
                + "{\"ph\":\"X\",\"name\":\"x\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":1}]");
        assertThat(t.eventsByPhase()).containsEntry("P", 1L).containsEntry("O", 1L).containsEntry("N", 1L)
                .containsEntry("D", 1L).containsEntry("Q", 1L).containsEntry("X", 1L);
        assertThat(t.sliceCount()).isEqualTo(1);
        assertThat(t.diagnostics().count("unknown-phase")).isEqualTo(1);
        assertThat(t.diagnostics().lines().get(0)).contains("unknown phase \"Q\"").contains("at byte");
    }

    @Test
    void readsKinetoDistributedInfoProcessGroupsAndDevices() {
        Trace t = load(dir, "{\"schemaVersion\":1,\"deviceProperties\":[{\"id\":0,\"name\":\"NVIDIA H100\","
                + "\"totalGlobalMem\":85029158912,\"computeMajor\":9,\"computeMinor\":0,\"numSms\":132,\"warpSize\":32}],"
                + "\"distributedInfo\":{\"backend\":\"nccl\",\"rank\":3,\"world_size\":8,\"pg_count\":2,"
                + "\"pg_config\":[{\"pg_name\":\"0\",\"pg_desc\":\"default_pg\",\"backend_config\":\"cuda:nccl\","
                + "\"pg_size\":8,\"ranks\":[0,1,2,3,4,5,6,7]},{\"pg_name\":\"1\",\"pg_desc\":\"tp\",\"pg_size\":2,"
                + "\"ranks\":\"[2, 3]\"}],\"nccl_version\":\"2.21.5\"},\"traceEvents\":[]}");
        assertThat(t.metadata().rank()).isEqualTo(3);
        assertThat(t.metadata().worldSize()).isEqualTo(8);
        assertThat(t.metadata().backend()).isEqualTo("nccl");
        assertThat(t.metadata().processGroups()).containsExactly(
                new ProcessGroup("0", "default_pg", "cuda:nccl", 8, List.of(0, 1, 2, 3, 4, 5, 6, 7)),
                new ProcessGroup("1", "tp", null, 2, List.of(2, 3)));
        assertThat(t.metadata().devices()).hasSize(1);
        assertThat(t.metadata().devices().get(0).numSms()).isEqualTo(132);
        assertThat(t.metadata().devices().get(0).totalGlobalMem()).isEqualTo(85029158912L);
        assertThat(t.metadata().devices().get(0).other()).containsEntry("warpSize", "32");
        assertThat(t.metadata().other()).containsEntry("distributedInfo.nccl_version", "2.21.5");
    }

    @Test
    void putsGpuActivityOnStreamTracks() {
        Trace t = load(dir, "[{\"ph\":\"X\",\"cat\":\"kernel\",\"name\":\"k\",\"pid\":0,\"tid\":7,\"ts\":1,\"dur\":1},"
                + "{\"ph\":\"X\",\"cat\":\"Memcpy\",\"name\":\"m\",\"pid\":1,\"tid\":\"stream 9\",\"ts\":1,\"dur\":1},"
                + "{\"ph\":\"X\",\"cat\":\"whatever\",\"name\":\"w\",\"pid\":2,\"tid\":3,\"ts\":1,\"dur\":1,"
                + "\"args\":{\"device\":4,\"stream\":30}},"
                + "{\"ph\":\"X\",\"cat\":\"cpu_op\",\"name\":\"op\",\"pid\":0,\"tid\":7,\"ts\":1,\"dur\":1},"
                + "{\"ph\":\"X\",\"cat\":\"mtia_runtime\",\"name\":\"launch\",\"pid\":0,\"tid\":7,\"ts\":3,\"dur\":1,"
                + "\"args\":{\"device\":0,\"stream\":1}}]");
        List<SliceTrack> gpu = t.tracks(TrackKind.GPU_STREAM);
        assertThat(gpu).hasSize(3);
        assertThat(gpu.get(0).info().device()).isZero();
        assertThat(gpu.get(0).info().stream()).isEqualTo(7);
        assertThat(gpu.get(1).info().device()).isEqualTo(1);
        assertThat(gpu.get(1).info().stream()).isEqualTo(9);
        assertThat(gpu.get(2).info().device()).isEqualTo(4);
        assertThat(gpu.get(2).info().stream()).isEqualTo(30);
        assertThat(t.tracks(TrackKind.CPU_THREAD)).hasSize(1);
        // a host-side runtime call naming its device stays on its CPU thread
        assertThat(t.tracks(TrackKind.CPU_THREAD).get(0).size()).isEqualTo(2);
    }

    @Test
    void keepsArgumentsTyped() {
        Trace t = load(dir, "[{\"ph\":\"X\",\"name\":\"op\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":1,\"args\":{"
                + "\"n\":42,\"x\":1.25,\"s\":\"text\",\"dims\":[[1, 2], []],\"o\":{\"a\":\"q\\\"\",\"b\":null},"
                + "\"big\":10159970886766084423,\"flag\":true,\"nothing\":null}}]");
        SliceTrack s = only(t, TrackKind.CPU_THREAD);
        Map<String, Object> args = t.args().decode(s.args(0), t.strings());
        assertThat(args).containsEntry("n", 42L).containsEntry("x", 1.25).containsEntry("s", "text")
                .containsEntry("dims", "[[1,2],[]]").containsEntry("o", "{\"a\":\"q\\\"\",\"b\":null}")
                .containsEntry("big", "10159970886766084423").containsEntry("flag", true).containsEntry("nothing", null);
        int handle = s.args(0);
        assertThat(t.args().type(handle, t.args().indexOf(handle, t.strings().find("dims")))).isEqualTo(ArgStore.JSON);
        assertThat(t.args().getLong(handle, t.strings().find("n"), t.strings(), -1)).isEqualTo(42);
    }

    @Test
    void displayTimeUnitDoesNotChangeTheUnitOfTs() {
        Trace ms = load(dir, "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,"
                + "\"tid\":1,\"ts\":2,\"dur\":3}]}");
        assertThat(ms.sliceTrack(0).start(0)).isEqualTo(2_000);
        assertThat(ms.sliceTrack(0).duration(0)).isEqualTo(3_000);
    }

    @Test
    void acceptsTrailingCommasAndTheSpecsMissingClosingBracket() {
        Trace t = load(dir, "[{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":1,},\n"
                + "{\"ph\":\"X\",\"name\":\"b\",\"pid\":1,\"tid\":1,\"ts\":3,\"dur\":1},\n");
        assertThat(t.sliceCount()).isEqualTo(2);
        assertThat(t.diagnostics().truncated()).isFalse();
        assertThat(t.diagnostics().count("unclosed-array")).isEqualTo(1);
    }
}
