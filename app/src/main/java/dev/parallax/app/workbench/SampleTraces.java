package dev.parallax.app.workbench;

import dev.parallax.samples.BundledSamples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample traces bundled with the app, copied out of the jar into a folder so that they open like any
 * user file. Only the trace files of each sample are returned (not its ground-truth sidecar or logs).
 */
public final class SampleTraces {
    private SampleTraces() {
    }

    /** Extracts every bundled sample under {@code dir}; one list of trace files per sample. */
    public static List<List<Path>> extractAll(Path dir) throws IOException {
        List<List<Path>> out = new ArrayList<>();
        for (BundledSamples.Sample s : BundledSamples.list()) {
            BundledSamples.extract(s, dir);
            List<Path> files = new ArrayList<>();
            for (String f : s.files()) {
                if ((f.endsWith(".json") || f.endsWith(".json.gz")) && !f.endsWith(".expected.json")) {
                    files.add(dir.resolve(f));
                }
            }
            if (!files.isEmpty()) {
                out.add(files);
            }
        }
        return out;
    }
}
