package dev.parallax.trace.io;

import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.RankSource;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.CancelledException;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceSetLoaderTest {
    @TempDir
    Path dir;

    private final TraceSetLoader loader = new TraceSetLoader(TraceLoader.discover(), 2);

    private static String trace(Integer rank, long base, int ts) {
        String info = rank == null ? "" : "\"distributedInfo\":{\"rank\":" + rank + ",\"world_size\":8},";
        return "{" + info + "\"baseTimeNanoseconds\":" + base + ",\"traceEvents\":[{\"ph\":\"X\",\"cat\":\"kernel\","
                + "\"name\":\"k\",\"pid\":0,\"tid\":7,\"ts\":" + ts + ",\"dur\":10}]}";
    }

    @Test
    void htaTraceFilterIsTwoRanksFromDistributedInfo() throws IOException {
        Path folder = TraceFiles.sharedTraces().resolve("hta/trace_filter");
        TraceSetLoader.Outcome o = loader.load(List.of(folder), Progress.none());
        TraceSet set = o.traceSet();
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.members()).extracting(TraceSet.Member::rank).containsExactly(0, 1);
        assertThat(set.members()).extracting(TraceSet.Member::rankSource)
                .containsOnly(RankSource.DISTRIBUTED_INFO);
        assertThat(set.member(1).trace().source()).endsWith("sampled_rank-1.json.gz");
        assertThat(set.minTime()).isEqualTo(Math.min(set.member(0).trace().minTime(), set.member(1).trace().minTime()));
        assertThat(o.failures()).isEmpty();
    }

    @Test
    void ranksComeFromDistributedInfoThenFileNameThenLoadOrder() throws IOException {
        TraceFiles.write(dir, "a_worker3.json", trace(null, 0, 1));
        TraceFiles.write(dir, "b-rank_5.pt.trace.json", trace(null, 0, 1));
        TraceFiles.write(dir, "c.json", trace(null, 0, 1));
        TraceFiles.write(dir, "d-rank-9.json", trace(1, 0, 1));
        TraceFiles.write(dir, "notes.txt", "hello");
        // a large JSON result file beside the ranks: sniffed as a possible trace, loaded, then left out
        TraceFiles.write(dir, "job.expected.json", "{\"ranks\":[" + "1,".repeat(40_000) + "1]}");
        TraceSetLoader.Outcome o = loader.load(List.of(dir), Progress.none());
        TraceSet set = o.traceSet();
        assertThat(set.members()).extracting(m -> Path.of(m.trace().source()).getFileName().toString() + "=" + m.rank()
                + "/" + m.rankSource()).containsExactly("c.json=0/LOAD_ORDER", "d-rank-9.json=1/DISTRIBUTED_INFO",
                "a_worker3.json=3/FILE_NAME", "b-rank_5.pt.trace.json=5/FILE_NAME");
        assertThat(o.notes()).anyMatch(n -> n.contains("notes.txt") && n.contains("skipped"));
        assertThat(o.notes()).noneMatch(n -> n.contains("duplicate") || n.contains("already taken"));
        assertThat(o.notes()).anyMatch(n -> n.contains("job.expected.json") && n.contains("without trace events"));
    }

    @Test
    void duplicateRanksKeepTheFirstAndMoveTheOtherWithANote() throws IOException {
        Path a = TraceFiles.write(dir, "a.json", trace(2, 0, 1));
        Path b = TraceFiles.write(dir, "b.json", trace(2, 0, 1));
        TraceSetLoader.Outcome o = loader.load(List.of(a, b), Progress.none());
        assertThat(o.traceSet().byRank(2).trace().source()).isEqualTo(a.toString());
        assertThat(o.traceSet().byRank(0).trace().source()).isEqualTo(b.toString());
        assertThat(o.traceSet().byRank(0).rankSource()).isEqualTo(RankSource.LOAD_ORDER);
        assertThat(o.notes()).anyMatch(n -> n.contains(b.toString()) && n.contains("rank 2")
                && n.contains("already taken"));
    }

    @Test
    void alignsRanksOnBaseTimePlusTs() throws IOException {
        Path a = TraceFiles.write(dir, "rank0.json", trace(0, 1_000_000_000L, 5));
        Path b = TraceFiles.write(dir, "rank1.json", trace(1, 2_000_000_000L, 1));
        TraceSet set = loader.load(List.of(a, b), Progress.none()).traceSet();
        assertThat(set.byRank(0).trace().minTime()).isEqualTo(1_000_005_000L);
        assertThat(set.byRank(1).trace().minTime()).isEqualTo(2_000_001_000L);
        assertThat(set.minTime()).isEqualTo(1_000_005_000L);
        assertThat(set.maxTime()).isEqualTo(2_000_011_000L);
    }

    @Test
    void reportsFilesThatFailAndProgressOverAllFiles() throws IOException {
        Path good = TraceFiles.write(dir, "rank0.json", trace(0, 0, 1));
        Path missing = dir.resolve("nope.json");
        AtomicLong last = new AtomicLong();
        AtomicLong total = new AtomicLong();
        TraceSetLoader.Outcome o = loader.load(List.of(good, missing), new Progress() {
            @Override
            public void update(long done, long t, String message) {
                last.set(done);
                total.set(t);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        });
        assertThat(o.traceSet().size()).isEqualTo(1);
        assertThat(o.failures()).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo(missing);
            assertThat(f.message()).startsWith(missing.toString()).contains("no such file");
        });
        assertThat(total.get()).isEqualTo(Files.size(good));
        assertThat(last.get()).isEqualTo(total.get());
        assertThatThrownBy(() -> loader.load(List.of(missing), Progress.none())).isInstanceOf(IOException.class)
                .hasMessageContaining("no trace could be loaded").hasMessageContaining("nope.json");
    }

    @Test
    void cancellationStopsTheLoad() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 40_000; i++) {
            sb.append("{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":").append(i).append(",\"dur\":1},");
        }
        Path a = TraceFiles.write(dir, "rank0.json", sb.toString());
        Path b = TraceFiles.write(dir, "rank1.json", sb.toString());
        Progress cancelled = new Progress() {
            @Override
            public void update(long done, long total, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> loader.load(List.of(a, b), cancelled)).isInstanceOf(CancelledException.class);
    }

    @Test
    void fileNameRanks() {
        assertThat(RankFromFileName.rank(Path.of("rank-12.Apr_03.pt.trace.json")).getAsInt()).isEqualTo(12);
        assertThat(RankFromFileName.rank(Path.of("x/sampled_rank_3.json.gz")).getAsInt()).isEqualTo(3);
        assertThat(RankFromFileName.rank(Path.of("worker7.1623.pt.trace.json")).getAsInt()).isEqualTo(7);
        assertThat(RankFromFileName.rank(Path.of("Rank5.json")).getAsInt()).isEqualTo(5);
        assertThat(RankFromFileName.rank(Path.of("franks3.json"))).isEmpty();
        assertThat(RankFromFileName.rank(Path.of("trace.json"))).isEmpty();
    }
}
