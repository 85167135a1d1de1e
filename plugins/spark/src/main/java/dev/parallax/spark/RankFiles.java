package dev.parallax.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists a job's trace files on any Hadoop file system: each argument is a file, a folder (its files, not
 * hidden ones or job results) or a glob ({@code hdfs://nn/job/rank-*.json.gz}). Paths without a scheme are on
 * the default file system ({@code fs.defaultFS}: the local disk unless the cluster says otherwise).
 */
public final class RankFiles {
    private RankFiles() {
    }

    /** The listed files, and a note for each argument that matched nothing. */
    public record Listing(List<RankFile> files, List<String> notes) {
    }

    public static Listing list(List<String> args, Configuration conf) throws IOException {
        Map<String, Boolean> found = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (String arg : args) {
            Path p = new Path(arg);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(p);
            if (matches == null || matches.length == 0) {
                notes.add(arg + ": no such file or folder");
                continue;
            }
            for (FileStatus m : matches) {
                if (m.isDirectory()) {
                    int before = found.size();
                    for (FileStatus f : fs.listStatus(m.getPath())) {
                        if (f.isFile() && keep(f.getPath().getName())) {
                            found.putIfAbsent(f.getPath().toString(), true);
                        }
                    }
                    if (found.size() == before) {
                        notes.add(arg + ": folder holds no files");
                    }
                } else {
                    found.put(m.getPath().toString(), false);
                }
            }
        }
        List<String> sorted = new ArrayList<>(found.keySet());
        sorted.sort(null);
        List<RankFile> files = new ArrayList<>();
        for (String uri : sorted) {
            files.add(new RankFile(files.size(), uri, found.get(uri)));
        }
        return new Listing(files, notes);
    }

    private static boolean keep(String name) {
        return !name.startsWith(".") && !name.startsWith("_") && !name.endsWith(".parallax.json")
                && !name.endsWith(".crc");
    }
}
