package dev.parallax.spark;

import dev.parallax.cluster.JobOptions;
import dev.parallax.cluster.RankAnalyzer;
import dev.parallax.cluster.RankRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The work of one task: analyses the rank files of its partition (one file per partition) with the same
 * analyses as the desktop. A file on the local file system is read in place; a file on another file system
 * (HDFS, S3) is streamed to the executor's local disk first, since importers such as Nsight's SQLite need a
 * file, then read and deleted. Any failure becomes an error in the rank's record.
 */
final class RankTask implements FlatMapFunction<Iterator<RankFile>, RankRecord> {
    private static final long serialVersionUID = 1L;

    private final JobOptions options;
    private final SerializableConfiguration hadoop;

    RankTask(JobOptions options, Configuration hadoop) {
        this.options = options;
        this.hadoop = new SerializableConfiguration(hadoop);
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
        Path path = new Path(f.uri());
        java.nio.file.Path local = null;
        boolean copied = false;
        try {
            FileSystem fs = path.getFileSystem(hadoop.value());
            if ("file".equals(fs.getUri().getScheme())) {
                local = java.nio.file.Path.of(path.toUri().getPath());
            } else {
                String name = path.getName();
                local = Files.createTempFile("parallax-rank-", "-" + name.replaceAll("[^A-Za-z0-9._-]", "_"));
                copied = true;
                try (InputStream in = fs.open(path)) {
                    Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return analyzer.analyzeFile(local, f.uri(), f.index(), f.fromFolder());
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            return RankRecord.failed(f.index(), "file_order", f.uri(), "unknown", 0, f.uri() + ": cannot be read ("
                    + m + ")");
        } finally {
            if (copied) {
                try {
                    Files.deleteIfExists(local);
                } catch (IOException e) {
                    // the executor's temporary folder is cleaned with it
                }
            }
        }
    }
}
