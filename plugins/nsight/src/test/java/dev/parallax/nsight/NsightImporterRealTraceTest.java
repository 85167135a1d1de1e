package dev.parallax.nsight;

import dev.parallax.trace.FlowTable;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TrackKind;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The importer on real Nsight Systems exports (GindaChen/nsys-ai test fixtures). Every expected number
 * below was obtained independently of Parallax, with Python's sqlite3 module on the same files, e.g.
 * {@code SELECT count(*) FROM CUPTI_ACTIVITY_KIND_KERNEL WHERE end >= start},
 * {@code SELECT count(*) FROM NVTX_EVENTS WHERE eventType IN (59,60,70,71,34,65)} (ranges and marks),
 * per process {@code (globalPid >> 24) & 0xFFFFFF}, and for flows the number of distinct
 * (process, correlationId) pairs of kernel/memcpy/memset rows that a CUDA runtime row shares.
 */
class NsightImporterRealTraceTest {
    private final NsightImporter importer = new NsightImporter();

    static Path fixture(String name) {
        String root = System.getProperty("parallax.shared.traces");
        assumeTrue(root != null, "parallax.shared.traces not set: real-trace tests skipped");
        Path p = Paths.get(root, "GindaChen--nsys-ai", "tests", "fixtures", name);
        assumeTrue(Files.isRegularFile(p), p + " absent: real-trace test skipped");
        return p;
    }

    static Map<String, Long> slicesByCategory(Trace t) {
        Map<String, Long> counts = new HashMap<>();
        for (SliceTrack track : t.sliceTracks()) {
            for (int r = 0; r < track.size(); r++) {
                counts.merge(t.string(track.category(r)), 1L, Long::sum);
            }
        }
        return counts;
    }

    @Test
    void h100TwoProcessExportAsOneTrace() throws Exception {
        Path f = fixture("h100_2gpu_1s.sqlite");
        assertThat(importer.sniff(f, Files.readAllBytes(f))).isGreaterThanOrEqualTo(90);
        Trace t = importer.load(f, Progress.none());

        Map<String, Long> counts = slicesByCategory(t);
        assertThat(counts).containsEntry("kernel", 3442L).containsEntry("gpu_memcpy", 904L)
                .containsEntry("gpu_memset", 22L).containsEntry("cuda_runtime", 5796L)
                .containsEntry("user_annotation", 16782L);
        assertThat(t.flows().size()).isEqualTo(2092);
        // built as slices and flows, not as Chrome events: no phase letters are made up for it
        assertThat(t.eventsByPhase()).isEmpty();
        assertThat(t.metadata().format()).isEqualTo("nsight-sqlite");
        assertThat(t.metadata().other()).containsEntry("export_product_version", "2026.2.1.210");

        // GPU tracks: one stream per device (sqlite: SELECT deviceId, streamId, count(*) ... GROUP BY 1,2)
        List<SliceTrack> gpu = t.tracks(TrackKind.GPU_STREAM);
        Map<String, Integer> kernelsPerStream = new HashMap<>();
        int kernel = t.strings().find("kernel");
        for (SliceTrack s : gpu) {
            int n = 0;
            for (int r = 0; r < s.size(); r++) {
                n += s.category(r) == kernel ? 1 : 0;
            }
            kernelsPerStream.put(s.info().device() + "/" + s.info().stream(), n);
        }
        assertThat(kernelsPerStream).containsEntry("0/7", 1721).containsEntry("1/15", 1721);

        // Times: session UTC start (TARGET_INFO_SESSION_START_TIME.utcEpochNs = 1779630014975716426) plus
        // the export's ns; first kernel start 155360295935, total kernel time 44829522 ns.
        long base = 1779630014975716426L;
        assertThat(t.metadata().baseTimeNanoseconds()).isEqualTo(base);
        long first = Long.MAX_VALUE;
        long total = 0;
        for (SliceTrack s : gpu) {
            for (int r = 0; r < s.size(); r++) {
                if (s.category(r) == kernel) {
                    first = Math.min(first, s.start(r));
                    total += s.duration(r);
                }
            }
        }
        assertThat(first).isEqualTo(base + 155360295935L);
        assertThat(total).isEqualTo(44829522L);

        // Runtime names lose CUPTI's version suffix (3346 rows named cudaLaunchKernel*)
        long launches = 0;
        for (SliceTrack s : t.tracks(TrackKind.CPU_THREAD)) {
            for (int r = 0; r < s.size(); r++) {
                String name = t.string(s.name(r));
                assertThat(name).doesNotMatch(".*_v\\d+$");
                launches += name.startsWith("cudaLaunchKernel") ? 1 : 0;
            }
        }
        assertThat(launches).isEqualTo(3346);

        // Every flow goes from a runtime call to GPU work with the same correlation id.
        FlowTable flows = t.flows();
        int corrKey = t.strings().find("correlation");
        for (int i = 0; i < flows.size(); i++) {
            SliceTrack from = t.sliceTrack(flows.fromTrack(i));
            SliceTrack to = t.sliceTrack(flows.toTrack(i));
            assertThat(t.string(from.category(flows.fromRow(i)))).isEqualTo("cuda_runtime");
            assertThat(to.info().kind()).isEqualTo(TrackKind.GPU_STREAM);
            long a = t.args().getLong(from.args(flows.fromRow(i)), corrKey, t.strings(), -1);
            long b = t.args().getLong(to.args(flows.toRow(i)), corrKey, t.strings(), -2);
            assertThat(a).isEqualTo(b);
            assertThat(t.string(flows.category(i))).isEqualTo("ac2g");
        }

        // Absent tables are named in the diagnostics.
        assertThat(String.join("\n", t.diagnostics().lines())).contains("MPI_RANKS").contains("GPU_METRICS")
                .contains("TARGET_INFO_GPU");
        // ... and so are the event tables it holds but Parallax does not read (sqlite: SELECT count(*) FROM ...)
        assertThat(String.join("\n", t.diagnostics().lines()))
                .contains("CUPTI_ACTIVITY_KIND_SYNCHRONIZATION (244 rows)");
    }

    @Test
    void h100ExportSplitsIntoOneTracePerProcess() throws Exception {
        List<Trace> ranks = importer.loadRanks(fixture("h100_2gpu_1s.sqlite"), Progress.none());
        assertThat(ranks).hasSize(2);
        // sqlite: per (globalPid >> 24) & 0xFFFFFF: pid 111 and 112 each 1721 kernels, 2898 runtime, 8391 NVTX
        assertThat(ranks.get(0).metadata().other()).containsEntry("pids", "111");
        assertThat(ranks.get(1).metadata().other()).containsEntry("pids", "112");
        for (Trace t : ranks) {
            assertThat(slicesByCategory(t)).containsEntry("kernel", 1721L).containsEntry("cuda_runtime", 2898L)
                    .containsEntry("user_annotation", 8391L);
            assertThat(t.metadata().rank()).isNull();
            assertThat(t.tracks(TrackKind.GPU_STREAM)).extracting(s -> s.info().device()).containsOnly(
                    ranks.indexOf(t));
        }
        // The two ranks' flows add up to the whole file's.
        assertThat(ranks.get(0).flows().size() + ranks.get(1).flows().size()).isEqualTo(2092);
    }

    @Test
    void reducedSchemaExportWithDeviceTable() throws Exception {
        // healthy_1pct: a reduced schema (kernel table without globalPid/contextId, no NVTX, no session time)
        Trace t = importer.load(fixture("healthy_1pct.sqlite"), Progress.none());
        assertThat(slicesByCategory(t)).containsEntry("kernel", 400L).containsEntry("cuda_runtime", 400L)
                .doesNotContainKey("gpu_memcpy");
        assertThat(t.flows().size()).isEqualTo(400);
        assertThat(t.metadata().devices()).hasSize(1);
        assertThat(t.metadata().devices().get(0).name()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(t.metadata().baseTimeNanoseconds()).isNull();
        String diag = String.join("\n", t.diagnostics().lines());
        assertThat(diag).contains("CUPTI_ACTIVITY_KIND_KERNEL.globalPid").contains("NVTX_EVENTS");
        // the one process keeps everything in one trace when split
        assertThat(importer.loadRanks(fixture("healthy_1pct.sqlite"), Progress.none())).hasSize(1);
    }

    @Test
    void mockExportCarriesDevicePropertiesAndKinetoArgs() throws Exception {
        Trace t = importer.load(fixture("mock.sqlite"), Progress.none());
        assertThat(slicesByCategory(t)).containsEntry("kernel", 2L).containsEntry("gpu_memcpy", 1L)
                .containsEntry("cuda_runtime", 9L);
        assertThat(t.flows().size()).isEqualTo(3);
        // sqlite: SELECT name, totalMemory, smCount, computeMajor, computeMinor FROM TARGET_INFO_GPU
        var dev = t.metadata().devices().get(0);
        assertThat(dev.name()).isEqualTo("NVIDIA GeForce RTX 3080");
        assertThat(dev.totalGlobalMem()).isEqualTo(10736893952L);
        assertThat(dev.numSms()).isEqualTo(68);
        assertThat(dev.computeMajor()).isEqualTo(8);
        SliceTrack gpu = t.tracks(TrackKind.GPU_STREAM).stream()
                .filter(s -> t.string(s.category(0)).equals("kernel") || s.size() > 1).findFirst().orElseThrow();
        int kernelRow = -1;
        for (int r = 0; r < gpu.size(); r++) {
            if (t.string(gpu.category(r)).equals("kernel")) {
                kernelRow = r;
            }
        }
        assertThat(kernelRow).isGreaterThanOrEqualTo(0);
        Map<String, Object> args = t.args().decode(gpu.args(kernelRow), t.strings());
        assertThat(args).containsKeys("device", "stream", "correlation", "grid", "block");
    }
}
