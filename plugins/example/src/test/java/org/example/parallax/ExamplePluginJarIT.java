package org.example.parallax;

import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.plugin.PluginInfo;
import dev.parallax.plugin.PluginRegistry;
import dev.parallax.trace.RankSource;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.MultiRankImporter;
import dev.parallax.trace.io.TraceImporter;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The built plugin jar, dropped into a plugins folder and loaded by {@link PluginRegistry} in its own class
 * loader (this test runs after {@code package}, without the plugin's classes on its class path), then run on
 * a real Nsight Systems export (2 processes on 2 H100s). Expected numbers from Python's sqlite3 on the file:
 * {@code SELECT count(*), sum((k.end-k.start) < (r.end-r.start)) FROM CUPTI_ACTIVITY_KIND_KERNEL k JOIN
 * CUPTI_ACTIVITY_KIND_RUNTIME r ON k.correlationId = r.correlationId AND process(k.globalPid) =
 * process(r.globalTid)} gives 1632 kernels with a launch in the file, 1354 of them shorter than it.
 */
class ExamplePluginJarIT {

    @Test
    void theBuiltJarLoadsAsAPluginAndFindsShortKernels(@TempDir Path home) throws Exception {
        Path jar = Paths.get(System.getProperty("example.plugin.jar", "target/none.jar"));
        assumeTrue(Files.isRegularFile(jar), jar + " not built: run `mvn package` first");
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.example.parallax.LaunchOverheadAnalysis"),
                "the plugin's classes must not be on the test class path");
        String root = System.getProperty("parallax.shared.traces");
        assumeTrue(root != null, "parallax.shared.traces not set: skipped");
        Path export = Paths.get(root, "GindaChen--nsys-ai", "tests", "fixtures", "h100_2gpu_1s.sqlite");
        assumeTrue(Files.isRegularFile(export), export + " absent: skipped");

        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        try (PluginRegistry registry = PluginRegistry.load(new PluginRegistry.Config(
                ExamplePluginJarIT.class.getClassLoader(), List.of(plugins), home.resolve("plugins.json")))) {
            PluginInfo info = registry.plugins().stream().filter(p -> !p.builtIn()).findFirst().orElseThrow();
            assertThat(info.state()).isEqualTo(PluginInfo.State.ENABLED);
            assertThat(info.name()).isEqualTo("Launch overhead (example)");
            assertThat(info.location()).endsWith(jar.getFileName().toString());

            byte[] head = Arrays16.head(export);
            TraceImporter importer = registry.importers().stream()
                    .max(Comparator.comparingInt(i -> i.sniff(export, head))).orElseThrow();
            assertThat(importer.id()).isEqualTo("nsight-sqlite");
            List<Trace> ranks = ((MultiRankImporter) importer).loadRanks(export, Progress.none());
            List<TraceSet.Member> members = new ArrayList<>();
            for (int i = 0; i < ranks.size(); i++) {
                members.add(new TraceSet.Member(ranks.get(i), i, RankSource.LOAD_ORDER));
            }
            Analysis a = registry.analyses().byId("launch-overhead").orElseThrow();
            assertThat(registry.pluginOf(a)).isEqualTo(info.id());
            Result r = a.run(new TraceSet("h100", members), ParameterValues.defaults(), Progress.none());
            assertThat(r.metrics()).containsEntry("kernels_checked", 1632L)
                    .containsEntry("kernels_shorter_than_launch", 1354L);
            assertThat(r.table("short_kernels").rows()).isNotEmpty();
            assertThat(r.findings().get(0).summary()).startsWith("1354 of 1632 kernels");
        }
    }

    /** The first bytes of a file, as a loader hands them to {@code sniff}. */
    static final class Arrays16 {
        static byte[] head(Path p) throws java.io.IOException {
            try (var in = Files.newInputStream(p)) {
                return in.readNBytes(4096);
            }
        }
    }
}
