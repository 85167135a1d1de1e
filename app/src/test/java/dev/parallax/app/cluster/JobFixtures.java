package dev.parallax.app.cluster;

import dev.parallax.cluster.CollectiveArrival;
import dev.parallax.cluster.JobReducer;
import dev.parallax.cluster.JobResult;
import dev.parallax.cluster.JobResultJson;
import dev.parallax.cluster.RankRecord;
import dev.parallax.cluster.StepFigures;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small job result for tests: 8 ranks on 2 nodes, rank 5 slow and late, rank 7 unreadable. */
public final class JobFixtures {
    private JobFixtures() {
    }

    public static JobResult job(Path traces) {
        List<RankRecord> out = new ArrayList<>();
        for (int r = 0; r < 7; r++) {
            double step = r == 5 ? 200 : 100;
            List<CollectiveArrival> coll = new ArrayList<>();
            for (int seq = 0; seq < 4; seq++) {
                coll.add(new CollectiveArrival("0", "all_reduce", seq, 1_000_000L * seq + (r == 5 ? 50_000 : r * 1_000L),
                        10_000));
            }
            out.add(new RankRecord(r, "file_name", traces.resolve("rank-" + r + ".json").toString(), "node-" + r / 4,
                    -1, 100, 1, 1, null, List.of(), Map.of("steps.median_us", step, "breakdown.idle_pct", 10.0 + r),
                    List.of(new StepFigures("ProfilerStep#1", step, 10 + r), new StepFigures("ProfilerStep#2", step, 10 + r)),
                    coll, Map.of(), List.of()));
        }
        out.add(RankRecord.failed(7, "file_name", traces.resolve("rank-7.json").toString(), "node-1", 10,
                "rank-7.json: binary data"));
        return JobReducer.reduce(new JobReducer.JobInfo("test job", "spark local[2]", List.of("breakdown"), Map.of(),
                2_000_000_000L), out);
    }

    public static Path write(Path dir) throws IOException {
        Path f = dir.resolve("job.parallax.json");
        JobResultJson.write(job(dir), f);
        return f;
    }
}
