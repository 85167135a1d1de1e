package dev.parallax.spark;

import dev.parallax.cluster.JobOptions;
import dev.parallax.cluster.RankAnalyzer;
import dev.parallax.cluster.RankRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.FlatMapFunction;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The work of one task: analyses the rank files of its partition (one file per partition) with the same
 * analyses as the desktop. A file on the local file system is read in place; a file on another file system
 * (HDFS, S3) is streamed to the executor's local disk first, since importers such as Nsight's SQLite need a
 * file, then read and deleted. Any failure becomes an error in the rank's record.
 */
final class RankTask extends JobTask implements FlatMapFunction<Iterator<RankFile>, RankRecord> {
    private static final long serialVersionUID = 1L;


    RankTask(JobOptions options, Configuration hadoop) {
        super(options, hadoop);
    }

    @Override
    public Iterator<RankRecord> call(Iterator<RankFile> files) {
        RankAnalyzer analyzer = RankAnalyzer.withDefaults(options);
        List<RankRecord> out = new ArrayList<>();
        while (files.hasNext()) {
            out.add(analyze(analyzer, files.next()));
        }
        return out.iterator();
    }

    RankRecord analyze(RankAnalyzer analyzer, RankFile f) {
        LocalCopy local = null;
        try {
            local = LocalCopy.of(f.uri(), hadoop());
            return analyzer.analyzeFile(local.path(), f.uri(), f.index(), f.fromFolder());
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            return RankRecord.failed(f.index(), "file_order", f.uri(), "unknown", 0, f.uri() + ": cannot be read ("
                    + m + ")");
        } finally {
            if (local != null) {
                local.close();
            }
        }
    }
}
