package dev.parallax.nsight;

import dev.parallax.trace.Trace;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The importer never changes the user's file, copes with other schemas and refuses non-Nsight databases. */
class NsightImporterSafetyTest {
    private final NsightImporter importer = new NsightImporter();

    @Test
    void loadingLeavesAWritableFileByteForByteUnchanged(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("report.sqlite");
        Files.copy(NsightImporterRealTraceTest.fixture("mock.sqlite"), copy);
        copy.toFile().setWritable(true);
        Files.setLastModifiedTime(copy, FileTime.fromMillis(1_600_000_000_000L));
        String before = sha256(copy);

        Trace t = importer.load(copy, Progress.none());
        importer.loadRanks(copy, Progress.none());
        importer.sniff(copy, Files.readAllBytes(copy));

        assertThat(t.sliceCount()).isEqualTo(12);
        assertThat(sha256(copy)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(copy).toMillis()).isEqualTo(1_600_000_000_000L);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(copy); // no -journal, -wal or -shm left beside it
        }
    }

    /**
     * An export from another release: only StringIds, a kernel table with a minimal set of columns, an
     * extra unknown column, and NVTX ranges one of which is never closed. Built here with sqlite-jdbc.
     */
    @Test
    void readsColumnsByNameAndNamesWhatIsAbsent(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("old.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE StringIds (value TEXT, id INTEGER)");
            st.execute("INSERT INTO StringIds VALUES ('gemm_kernel', 1), ('relu', 2)");
            st.execute("CREATE TABLE CUPTI_ACTIVITY_KIND_KERNEL (futureColumn TEXT, end INTEGER, shortName INTEGER,"
                    + " start INTEGER, deviceId INTEGER, streamId INTEGER)");
            st.execute("INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES ('x', 2000, 1, 1000, 0, 7),"
                    + " ('y', 2500, 2, 2100, 0, 7), ('z', 100, 2, 900, 0, 7)");
            st.execute("CREATE TABLE NVTX_EVENTS (start INTEGER, end INTEGER, eventType INTEGER, text TEXT,"
                    + " globalTid INTEGER)");
            long gtid = (42L << 24) | 43L;
            st.execute("INSERT INTO NVTX_EVENTS VALUES (500, 3000, 59, 'step', " + gtid + "),"
                    + " (600, NULL, 59, 'open forever', " + gtid + ")");
        }
        byte[] head = Files.readAllBytes(f);
        assertThat(importer.sniff(f, head)).isGreaterThanOrEqualTo(90);

        Trace t = importer.load(f, Progress.none());
        assertThat(NsightImporterRealTraceTest.slicesByCategory(t)).containsEntry("kernel", 2L)
                .containsEntry("user_annotation", 2L);
        assertThat(t.sliceTracks().stream().flatMap(s -> {
            java.util.List<String> names = new java.util.ArrayList<>();
            for (int r = 0; r < s.size(); r++) {
                names.add(t.string(s.name(r)));
            }
            return names.stream();
        })).contains("gemm_kernel", "relu", "step", "open forever");
        String diag = String.join("\n", t.diagnostics().lines());
        assertThat(diag).contains("CUPTI_ACTIVITY_KIND_RUNTIME").contains("CUPTI_ACTIVITY_KIND_KERNEL.correlationId")
                .contains("ending before they start").contains("without end");
    }

    /** Text in a time column and a stream id past the 64-bit range are reported, never read as 0 or Long.MAX. */
    @Test
    void implausibleColumnValuesAreReportedNotReadAsZeroOrTheLargestLong(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("odd.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE StringIds (value TEXT, id INTEGER)");
            st.execute("INSERT INTO StringIds VALUES ('gemm_kernel', 1)");
            st.execute("CREATE TABLE CUPTI_ACTIVITY_KIND_KERNEL (start, end INTEGER, shortName INTEGER,"
                    + " deviceId INTEGER, streamId)");
            st.execute("INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES (1000, 2000, 1, 0, 7),"
                    + " ('soon', 2500, 1, 0, 7), (3000, 3500, 1, 0, 1e300), (0, 10, 1, 0, '7'), ('4000', 4100, 1, 0, 7)");
        }
        Trace t = importer.load(f, Progress.none());
        long kernels = t.sliceTracks().stream().mapToLong(s -> s.size()).sum();
        assertThat(kernels).isEqualTo(4); // the row with text in start is dropped, "4000" is an integer
        assertThat(t.sliceTracks()).allSatisfy(s -> {
            for (int r = 0; r < s.size(); r++) {
                assertThat(s.start(r)).isNotEqualTo(Long.MAX_VALUE);
            }
            assertThat(s.info().stream()).isNotEqualTo(Long.MAX_VALUE);
        });
        assertThat(t.diagnostics().count("nsight-bad-value")).isEqualTo(2);
        String diag = String.join("\n", t.diagnostics().lines());
        assertThat(diag).contains("CUPTI_ACTIVITY_KIND_KERNEL.start: 1 value (soon)")
                .contains("CUPTI_ACTIVITY_KIND_KERNEL.streamId: 1 value (1.0E300)");
    }

    @Test
    void otherSqliteDatabasesAndOtherFilesAreNotClaimed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("notes.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE notes (id INTEGER, text TEXT)");
        }
        assertThat(importer.sniff(f, Files.readAllBytes(f))).isLessThan(20);
        assertThatThrownBy(() -> importer.load(f, Progress.none())).isInstanceOf(IOException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("not an Nsight Systems export");

        Path json = dir.resolve("trace.json");
        Files.writeString(json, "{\"traceEvents\": []}");
        assertThat(importer.sniff(json, Files.readAllBytes(json))).isZero();

        Path junk = dir.resolve("junk.sqlite");
        Files.write(junk, "SQLite format 3\0 but then garbage".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> importer.load(junk, Progress.none())).isInstanceOf(IOException.class)
                .hasMessageContaining(junk.toString());
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
