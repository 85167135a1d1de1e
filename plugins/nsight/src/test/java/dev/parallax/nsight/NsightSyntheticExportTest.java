package dev.parallax.nsight;

import dev.parallax.trace.CounterTrack;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TrackKind;
import dev.parallax.util.CancelledException;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tables the real fixtures lack (MPI_RANKS, GPU_METRICS, NVTX domains, marks and start/end ranges, memsets),
 * in a small export written here with sqlite-jdbc using Nsight's table and column names (schema 3.x):
 * two MPI ranks (processes 100 and 200, ranks 1 and 0), a launcher process 300 outside any rank, and a
 * GPU-metrics series of two metrics.
 */
class NsightSyntheticExportTest {
    static long gtid(long pid, long tid) {
        return (1L << 56) | (pid << 24) | tid;
    }

    static long gpid(long pid) {
        return (1L << 56) | (pid << 24);
    }

    static Path export(Path dir) throws Exception {
        Path f = dir.resolve("mpi.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE StringIds (id INTEGER PRIMARY KEY, value TEXT)");
            st.execute("INSERT INTO StringIds VALUES (1, 'cudaLaunchKernel_v7000'), (2, 'gemm'), (3, 'python'),"
                    + " (4, 'cudaMemsetAsync_v3020')");
            st.execute("CREATE TABLE PROCESSES (globalPid INTEGER, pid INTEGER, name TEXT)");
            st.execute("INSERT INTO PROCESSES VALUES (" + gpid(100) + ", 100, 'trainer'), (" + gpid(200)
                    + ", 200, 'trainer'), (" + gpid(300) + ", 300, 'mpirun')");
            st.execute("CREATE TABLE MPI_RANKS (globalTid INTEGER, rank INTEGER)");
            st.execute("INSERT INTO MPI_RANKS VALUES (" + gtid(100, 100) + ", 1), (" + gtid(200, 200) + ", 0)");
            st.execute("CREATE TABLE CUPTI_ACTIVITY_KIND_RUNTIME (start INTEGER, end INTEGER, eventClass INTEGER,"
                    + " globalTid INTEGER, correlationId INTEGER, nameId INTEGER, returnValue INTEGER)");
            st.execute("CREATE TABLE CUPTI_ACTIVITY_KIND_KERNEL (start INTEGER, end INTEGER, deviceId INTEGER,"
                    + " streamId INTEGER, correlationId INTEGER, globalPid INTEGER, demangledName INTEGER,"
                    + " shortName INTEGER, gridX INTEGER, gridY INTEGER, gridZ INTEGER, blockX INTEGER,"
                    + " blockY INTEGER, blockZ INTEGER)");
            st.execute("CREATE TABLE CUPTI_ACTIVITY_KIND_MEMSET (start INTEGER, end INTEGER, deviceId INTEGER,"
                    + " streamId INTEGER, correlationId INTEGER, globalPid INTEGER, value INTEGER, bytes INTEGER,"
                    + " memKind INTEGER)");
            for (long pid : new long[] {100, 200}) {
                int dev = pid == 100 ? 1 : 0;
                for (int i = 0; i < 3; i++) {
                    long t = 1_000_000L * (i + 1);
                    long corr = 10 + i;
                    st.execute("INSERT INTO CUPTI_ACTIVITY_KIND_RUNTIME VALUES (" + t + ", " + (t + 5000) + ", 0, "
                            + gtid(pid, pid) + ", " + corr + ", 1, 0)");
                    st.execute("INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES (" + (t + 20_000) + ", " + (t + 80_000)
                            + ", " + dev + ", 7, " + corr + ", " + gpid(pid) + ", 2, 2, 128, 1, 1, 256, 1, 1)");
                }
                st.execute("INSERT INTO CUPTI_ACTIVITY_KIND_RUNTIME VALUES (5000000, 5001000, 0, " + gtid(pid, pid)
                        + ", 99, 4, 0)");
                st.execute("INSERT INTO CUPTI_ACTIVITY_KIND_MEMSET VALUES (5010000, 5011000, " + dev + ", 7, 99, "
                        + gpid(pid) + ", 0, 4096, 2)");
            }
            st.execute("CREATE TABLE NVTX_EVENTS (start INTEGER, end INTEGER, eventType INTEGER, rangeId INTEGER,"
                    + " category INTEGER, color INTEGER, text TEXT, globalTid INTEGER, endGlobalTid INTEGER,"
                    + " textId INTEGER, domainId INTEGER)");
            st.execute("INSERT INTO NVTX_EVENTS VALUES (500000, NULL, 75, NULL, NULL, NULL, 'Megatron', "
                    + gtid(100, 100) + ", NULL, NULL, 5)");
            st.execute("INSERT INTO NVTX_EVENTS VALUES (900000, 4000000, 59, NULL, NULL, NULL, 'forward', "
                    + gtid(100, 100) + ", NULL, NULL, 5)");
            st.execute("INSERT INTO NVTX_EVENTS VALUES (950000, NULL, 34, NULL, NULL, NULL, 'checkpoint', "
                    + gtid(100, 100) + ", NULL, NULL, 0)");
            st.execute("INSERT INTO NVTX_EVENTS VALUES (900000, 6000000, 60, 1, NULL, NULL, 'step 1', "
                    + gtid(100, 100) + ", " + gtid(100, 101) + ", NULL, 0)");
            st.execute("INSERT INTO NVTX_EVENTS VALUES (100, 200, 59, NULL, NULL, NULL, 'launch', "
                    + gtid(300, 300) + ", NULL, NULL, 0)");
            st.execute("CREATE TABLE TARGET_INFO_GPU_METRICS (typeId INTEGER, sourceId INTEGER, typeName TEXT,"
                    + " metricId INTEGER, metricName TEXT)");
            st.execute("INSERT INTO TARGET_INFO_GPU_METRICS VALUES (65536, 0, 'GA100 (GPU 0)', 1, 'SM Active'),"
                    + " (65536, 0, 'GA100 (GPU 0)', 2, 'DRAM Bandwidth')");
            st.execute("CREATE TABLE GPU_METRICS (rawTimestamp INTEGER, timestamp INTEGER, typeId INTEGER,"
                    + " metricId INTEGER, value INTEGER)");
            for (int i = 0; i < 4; i++) {
                st.execute("INSERT INTO GPU_METRICS VALUES (0, " + (1_000_000 * i) + ", 65536, 1, " + (10 * i) + ")");
                st.execute("INSERT INTO GPU_METRICS VALUES (0, " + (1_000_000 * i) + ", 65536, 2, " + (5 * i) + ")");
            }
        }
        return f;
    }

    private static List<String> names(Trace t, TrackKind kind) {
        List<String> out = new ArrayList<>();
        for (SliceTrack s : t.tracks(kind)) {
            for (int r = 0; r < s.size(); r++) {
                out.add(t.string(s.name(r)));
            }
        }
        return out;
    }

    @Test
    void mpiRanksSplitTheExportAndGpuMetricsBecomeCounters(@TempDir Path dir) throws Exception {
        List<Trace> ranks = new NsightImporter().loadRanks(export(dir), Progress.none());
        assertThat(ranks).hasSize(2);
        Trace r0 = ranks.get(0);
        Trace r1 = ranks.get(1);
        assertThat(r0.metadata().rank()).isZero();
        assertThat(r0.metadata().worldSize()).isEqualTo(2);
        assertThat(r0.metadata().other()).containsEntry("pids", "200");
        assertThat(r1.metadata().rank()).isEqualTo(1);
        assertThat(r1.metadata().other()).containsEntry("pids", "100");

        // rank 1 = process 100: 4 runtime calls (names without _vNNNN), 3 kernels + 1 memset on GPU 1
        assertThat(names(r1, TrackKind.CPU_THREAD)).contains("cudaLaunchKernel", "cudaMemsetAsync", "forward",
                "checkpoint").doesNotContain("launch");
        assertThat(names(r1, TrackKind.GPU_STREAM)).containsExactly("gemm", "gemm", "gemm", "Memset (Device)");
        assertThat(names(r1, TrackKind.ASYNC)).containsExactly("step 1");
        assertThat(r1.tracks(TrackKind.GPU_STREAM).get(0).info().device()).isEqualTo(1);
        assertThat(r1.flows().size()).isEqualTo(4); // 3 launches + the memset
        SliceTrack cpu = r1.tracks(TrackKind.CPU_THREAD).get(0);
        int forward = -1;
        for (int r = 0; r < cpu.size(); r++) {
            if (r1.string(cpu.name(r)).equals("forward")) {
                forward = r;
            }
        }
        assertThat(r1.args().decode(cpu.args(forward), r1.strings())).containsEntry("domain", "Megatron");
        assertThat(r1.diagnostics().lines()).anyMatch(l -> l.contains("mpirun 300") && l.contains("no rank"));

        for (Trace t : ranks) {
            assertThat(t.counterTracks()).extracting(CounterTrack::name)
                    .containsExactlyInAnyOrder("SM Active", "DRAM Bandwidth");
            CounterTrack sm = t.counterTracks().stream().filter(c -> c.name().equals("SM Active")).findFirst()
                    .orElseThrow();
            assertThat(sm.size()).isEqualTo(4);
            assertThat(sm.maxValue()).isEqualTo(30.0);
        }

        // opened as one trace, the launcher's range is kept too
        Trace whole = new NsightImporter().load(export(java.nio.file.Files.createDirectories(dir.resolve("whole"))),
                Progress.none());
        assertThat(names(whole, TrackKind.CPU_THREAD)).contains("launch");
        assertThat(whole.metadata().rank()).isNull();
    }

    @Test
    void rowsWithBadTimesAreDroppedAndTheDiagnosticNamesTheirTable(@TempDir Path dir) throws Exception {
        Path f = export(dir);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            st.execute("INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES (9000, 8000, 0, 7, 50, " + gpid(200)
                    + ", 2, 2, 1, 1, 1, 1, 1, 1)");
            st.execute("INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES (NULL, 8000, 0, 7, 51, " + gpid(200)
                    + ", 2, 2, 1, 1, 1, 1, 1, 1)");
            st.execute("INSERT INTO GPU_METRICS VALUES (0, NULL, 65536, 1, 3)");
        }
        Trace t = new NsightImporter().load(f, Progress.none());
        assertThat(names(t, TrackKind.GPU_STREAM)).filteredOn("gemm"::equals).hasSize(6);
        assertThat(t.diagnostics().lines()).anyMatch(l -> l.contains("CUPTI_ACTIVITY_KIND_KERNEL: 2 rows (first: "
                + "start 9000, end 8000)") && l.contains("GPU_METRICS: 1 row (timestamp missing, value 3.0)"));
    }

    @Test
    void cancellationStopsTheImport(@TempDir Path dir) throws Exception {
        Path f = export(dir);
        Progress cancelled = new Progress() {
            @Override
            public void update(long done, long total, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> new NsightImporter().load(f, cancelled)).isInstanceOf(CancelledException.class);
    }
}
