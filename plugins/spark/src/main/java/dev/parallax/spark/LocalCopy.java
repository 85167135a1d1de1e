package dev.parallax.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

/**
 * A trace file on the executor's disk: a {@code file:} path as it is, a file on another Hadoop file system
 * (HDFS, S3) streamed to a temporary file, deleted on {@link #close}.
 */
record LocalCopy(java.nio.file.Path path, boolean temporary) implements AutoCloseable {

    static LocalCopy of(String uri, Configuration conf) throws IOException {
        Path p = new Path(uri);
        FileSystem fs = p.getFileSystem(conf);
        if ("file".equals(fs.getUri().getScheme())) {
            return new LocalCopy(java.nio.file.Path.of(p.toUri().getPath()), false);
        }
        java.nio.file.Path tmp = Files.createTempFile("parallax-rank-", "-" + p.getName()
                .replaceAll("[^A-Za-z0-9._-]", "_"));
        try (InputStream in = fs.open(p)) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return new LocalCopy(tmp, true);
    }

    @Override
    public void close() {
        if (temporary) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // the executor's temporary folder is cleaned with it
            }
        }
    }
}
