package dev.parallax.plugin;

import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.trace.Severity;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceImporter;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginRegistryTest {
    private static final String SERVICES = "META-INF/services/";

    /** A plugin with one of each extension; {@code mode} makes one of them misbehave. */
    private static Map<String, String> toySources(String pkg, String analysisId, String failing) {
        String throwIn = "if (h() != 0) throw new IllegalStateException(\"toy failure\");";
        return Map.of(
                pkg + ".Toy", "package " + pkg + ";\n"
                        + "public class Toy implements dev.parallax.plugin.ParallaxPlugin {\n"
                        + "  public String name() { return \"Toy " + pkg + "\"; }\n"
                        + "  public String version() { return \"2.1.0\"; }\n"
                        + "  public String description() { return \"toy plugin\"; }\n}\n",
                pkg + ".ToyAnalysis", "package " + pkg + ";\n"
                        + "import dev.parallax.analysis.*;\n"
                        + "public class ToyAnalysis implements Analysis {\n  static int h() { return 1; }\n"
                        + "  public String id() { return \"" + analysisId + "\"; }\n"
                        + "  public String title() { return \"Toy\"; }\n"
                        + "  public String description() { return \"counts traces\"; }\n"
                        + "  public Result run(dev.parallax.trace.TraceSet t, ParameterValues p,"
                        + " dev.parallax.util.Progress g) {\n"
                        + (failing.equals("run") ? "    " + throwIn + "\n" : "")
                        + "    return Result.builder(id(), title()).metric(\"traces\", t.size()).build();\n  }\n}\n",
                pkg + ".ToyImporter", "package " + pkg + ";\n"
                        + "public class ToyImporter implements dev.parallax.trace.io.TraceImporter {\n  static int h() { return 1; }\n"
                        + "  public String id() { return \"toy-" + pkg + "\"; }\n"
                        + "  public String description() { return \"toy files\"; }\n"
                        + "  public int sniff(java.nio.file.Path f, byte[] h) {\n"
                        + (failing.equals("sniff") ? "    " + throwIn + "\n" : "")
                        + "    return h.length > 3 && h[0] == 'T' && h[1] == 'O' && h[2] == 'Y' ? 80 : 0;\n  }\n"
                        + "  public dev.parallax.trace.Trace load(java.nio.file.Path f, dev.parallax.util.Progress p) {\n"
                        + (failing.equals("load") ? "    " + throwIn + "\n" : "")
                        + "    dev.parallax.trace.TraceBuilder b = new dev.parallax.trace.TraceBuilder(f.toString());\n"
                        + "    int t = b.sliceTrack(dev.parallax.trace.TrackKind.CPU_THREAD, \"1\", \"1\");\n"
                        + "    b.addSlice(t, 0, 10, b.intern(\"toy\"), b.intern(\"cpu_op\"), -1);\n"
                        + "    return b.build(0, 0, 0);\n  }\n}\n",
                pkg + ".ToyCatalog", "package " + pkg + ";\n"
                        + "import dev.parallax.plugin.*;\n"
                        + "public class ToyCatalog implements CatalogContribution {\n"
                        + "  public java.util.List<CatalogResource> catalogs() {\n"
                        + "    return java.util.List.of(new CatalogResource(CatalogResource.Kind.HARDWARE, \"toy-gpu\","
                        + " getClass().getResource(\"/toy-gpu.json\")));\n  }\n}\n");
    }

    private static Map<String, String> toyServices(String pkg) {
        return Map.of(
                SERVICES + "dev.parallax.plugin.ParallaxPlugin", pkg + ".Toy\n",
                SERVICES + "dev.parallax.analysis.Analysis", pkg + ".ToyAnalysis\n",
                SERVICES + "dev.parallax.trace.io.TraceImporter", "# importer\n" + pkg + ".ToyImporter\n",
                SERVICES + "dev.parallax.plugin.CatalogContribution", pkg + ".ToyCatalog\n",
                "toy-gpu.json", "{\"name\": \"toy-gpu\", \"peak_tflops\": 1}");
    }

    private static PluginRegistry.Config config(Path home, Path... dirs) {
        return new PluginRegistry.Config(PluginRegistryTest.class.getClassLoader(), List.of(dirs),
                home.resolve("plugins.json"));
    }

    private static Trace tinyTrace() {
        TraceBuilder b = new TraceBuilder("tiny");
        int t = b.sliceTrack(dev.parallax.trace.TrackKind.CPU_THREAD, "1", "1");
        b.addSlice(t, 0, 5, b.intern("x"), b.intern("cpu_op"), -1);
        return b.build(0, 0, 0);
    }

    @Test
    void loadsAPluginJarInItsOwnClassLoaderWithEveryExtension(@TempDir Path home) throws Exception {
        Path dir = Files.createDirectories(home.resolve("plugins"));
        Path jar = PluginJars.build(home, "toy.jar", toySources("toy.good", "toy-count", ""), toyServices("toy.good"));
        Files.move(jar, dir.resolve("toy.jar"));

        try (PluginRegistry r = PluginRegistry.load(config(home, dir))) {
            assertThat(r.plugins()).extracting(PluginInfo::id).containsExactly(PluginRegistry.BUILT_IN, "toy");
            PluginInfo toy = r.plugin("toy").orElseThrow();
            assertThat(toy.state()).isEqualTo(PluginInfo.State.ENABLED);
            assertThat(toy.name()).isEqualTo("Toy toy.good");
            assertThat(toy.version()).isEqualTo("2.1.0");
            assertThat(toy.location()).isEqualTo(dir.resolve("toy.jar").toString());
            assertThat(toy.contributions()).extracting(Contribution::kind, Contribution::id).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(Contribution.Kind.IMPORTER, "toy-toy.good"),
                    org.assertj.core.groups.Tuple.tuple(Contribution.Kind.ANALYSIS, "toy-count"),
                    org.assertj.core.groups.Tuple.tuple(Contribution.Kind.CATALOG, "toy-gpu"));

            Analysis a = r.analyses().byId("toy-count").orElseThrow();
            assertThat(r.pluginOf(a)).isEqualTo("toy");
            Result res = a.run(TraceSet.single(tinyTrace()), ParameterValues.defaults(), Progress.none());
            assertThat(res.metrics()).containsEntry("traces", 1);

            TraceImporter imp = r.importers().stream().filter(i -> i.id().equals("toy-toy.good")).findFirst()
                    .orElseThrow();
            Path f = home.resolve("x.toy");
            Files.writeString(f, "TOY file");
            assertThat(imp.sniff(f, Files.readAllBytes(f))).isEqualTo(80);
            assertThat(imp.load(f, Progress.none()).sliceCount()).isEqualTo(1);

            assertThat(r.catalogs()).hasSize(1);
            try (InputStream in = r.catalogs().get(0).url().openStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("peak_tflops");
            }
            // the resource (and the class that found it) came from the plugin's own jar
            assertThat(r.catalogs().get(0).url().toString()).startsWith("jar:file:").contains("toy.jar!/toy-gpu.json");
            assertThatThrownBy(() -> Class.forName("toy.good.Toy")).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void aJarThatFailsToLoadIsDisabledByNameAndTheRestWorks(@TempDir Path home) throws Exception {
        Path dir = Files.createDirectories(home.resolve("plugins"));
        Files.move(PluginJars.build(home, "good.jar", toySources("toy.ok", "ok-count", ""), toyServices("toy.ok")),
                dir.resolve("good.jar"));
        Files.move(PluginJars.build(home, "broken.jar", Map.of(),
                Map.of(SERVICES + "dev.parallax.analysis.Analysis", "com.example.Missing\n")), dir.resolve("broken.jar"));
        Files.writeString(dir.resolve("notajar.jar"), "this is not a zip file");

        try (PluginRegistry r = PluginRegistry.load(config(home, dir))) {
            PluginInfo broken = r.plugin("broken").orElseThrow();
            assertThat(broken.state()).isEqualTo(PluginInfo.State.FAILED);
            assertThat(broken.problem()).contains("broken").contains("com.example.Missing");
            assertThat(r.plugin("notajar").orElseThrow().state()).isEqualTo(PluginInfo.State.FAILED);
            assertThat(r.plugin("good").orElseThrow().enabled()).isTrue();
            assertThat(r.analyses().ids()).contains("ok-count");
        }
    }

    @Test
    void anAnalysisThatThrowsDisablesItsPluginWithAFindingNamingIt(@TempDir Path home) throws Exception {
        Path dir = Files.createDirectories(home.resolve("plugins"));
        Files.move(PluginJars.build(home, "bad.jar", toySources("toy.bad", "bad-count", "run"), toyServices("toy.bad")),
                dir.resolve("bad.jar"));
        Files.move(PluginJars.build(home, "fine.jar", toySources("toy.fine", "fine-count", ""),
                toyServices("toy.fine")), dir.resolve("fine.jar"));
        try (PluginRegistry r = PluginRegistry.load(config(home, dir))) {
            List<PluginFault> heard = new ArrayList<>();
            r.onFault(heard::add);
            Result res = r.analyses().byId("bad-count").orElseThrow()
                    .run(TraceSet.single(tinyTrace()), ParameterValues.defaults(), Progress.none());
            assertThat(res.worstSeverity()).isEqualTo(Severity.ERROR);
            assertThat(res.findings().get(0).summary()).contains("Toy toy.bad");
            assertThat(res.findings().get(0).explanation()).contains("toy failure").contains("disabled");
            assertThat(heard).hasSize(1);
            assertThat(heard.get(0).phase()).isEqualTo("run");

            PluginInfo bad = r.plugin("bad").orElseThrow();
            assertThat(bad.state()).isEqualTo(PluginInfo.State.FAILED);
            assertThat(r.analyses().ids()).doesNotContain("bad-count").contains("fine-count");
            assertThat(r.importers()).extracting(TraceImporter::id).doesNotContain("toy-toy.bad")
                    .contains("toy-toy.fine");
        }
    }

    @Test
    void importersThatThrowAtSniffOrLoadAreContained(@TempDir Path home) throws Exception {
        Path dir = Files.createDirectories(home.resolve("plugins"));
        Files.move(PluginJars.build(home, "sniffy.jar", toySources("toy.sniffy", "s-count", "sniff"),
                toyServices("toy.sniffy")), dir.resolve("sniffy.jar"));
        Files.move(PluginJars.build(home, "loady.jar", toySources("toy.loady", "l-count", "load"),
                toyServices("toy.loady")), dir.resolve("loady.jar"));
        Path f = home.resolve("x.toy");
        Files.writeString(f, "TOY file");
        try (PluginRegistry r = PluginRegistry.load(config(home, dir))) {
            TraceImporter sniffy = r.importers().stream().filter(i -> i.id().equals("toy-toy.sniffy")).findFirst()
                    .orElseThrow();
            assertThat(sniffy.sniff(f, Files.readAllBytes(f))).isZero();
            assertThat(r.plugin("sniffy").orElseThrow().problem()).contains("sniff").contains("toy failure");

            TraceImporter loady = r.importers().stream().filter(i -> i.id().equals("toy-toy.loady")).findFirst()
                    .orElseThrow();
            assertThat(loady.sniff(f, Files.readAllBytes(f))).isEqualTo(80);
            assertThatThrownBy(() -> loady.load(f, Progress.none())).isInstanceOf(IOException.class)
                    .hasMessageContaining(f.toString()).hasMessageContaining("Toy toy.loady")
                    .hasMessageContaining("toy failure");
            assertThat(r.importers()).extracting(TraceImporter::id).doesNotContain("toy-toy.loady", "toy-toy.sniffy");
            assertThat(loady.sniff(f, Files.readAllBytes(f))).isZero();
        }
    }

    @Test
    void disablingIsPersistedAtomicallyAndSkipsTheJar(@TempDir Path home) throws Exception {
        Path dir = Files.createDirectories(home.resolve("plugins"));
        Files.move(PluginJars.build(home, "toy.jar", toySources("toy.p", "p-count", ""), toyServices("toy.p")),
                dir.resolve("toy.jar"));
        PluginRegistry r = PluginRegistry.load(config(home, dir));
        PluginRegistry off = r.setEnabled("toy", false);
        r.close();
        assertThat(Files.readString(home.resolve("plugins.json"))).contains("\"disabled\"").contains("\"toy\"");
        try (java.util.stream.Stream<Path> files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        assertThat(off.plugin("toy").orElseThrow().state()).isEqualTo(PluginInfo.State.DISABLED_BY_USER);
        assertThat(off.plugin("toy").orElseThrow().contributions()).isEmpty();
        assertThat(off.analyses().ids()).doesNotContain("p-count");

        PluginRegistry again = PluginRegistry.load(config(home, dir));
        assertThat(again.plugin("toy").orElseThrow().state()).isEqualTo(PluginInfo.State.DISABLED_BY_USER);
        PluginRegistry on = again.setEnabled("toy", true);
        assertThat(on.analyses().ids()).contains("p-count");
        assertThat(PluginSettings.read(home.resolve("plugins.json")).disabled()).isEmpty();
        assertThatThrownBy(() -> on.setEnabled(PluginRegistry.BUILT_IN, false))
                .isInstanceOf(IllegalArgumentException.class);
        on.close();
        off.close();
        again.close();
    }

    @Test
    void aSecondPluginWithATakenIdIsNotUsedAndANoteSaysWhy(@TempDir Path home) throws Exception {
        Path a = Files.createDirectories(home.resolve("a"));
        Path b = Files.createDirectories(home.resolve("b"));
        Files.move(PluginJars.build(home, "first.jar", toySources("toy.one", "same-id", ""), toyServices("toy.one")),
                a.resolve("first.jar"));
        Files.move(PluginJars.build(home, "second.jar", toySources("toy.two", "same-id", ""), toyServices("toy.two")),
                b.resolve("second.jar"));
        Files.copy(a.resolve("first.jar"), b.resolve("first.jar"));
        try (PluginRegistry r = PluginRegistry.load(config(home, a, b))) {
            assertThat(r.plugin("second").orElseThrow().problem()).contains("same-id").contains("first");
            assertThat(r.pluginOf(r.analyses().byId("same-id").orElseThrow())).isEqualTo("first");
            // the same jar name in a later folder is not loaded twice
            assertThat(r.plugins().stream().filter(p -> p.id().equals("first"))).hasSize(2);
            assertThat(r.plugins()).filteredOn(p -> p.id().equals("first") && !p.enabled())
                    .extracting(PluginInfo::problem).allMatch(s -> s.contains("same file name"));
        }
    }

    @Test
    void anUnreadableSettingsFileIsReportedAndIgnored(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("plugins.json"), "{ not json");
        try (PluginRegistry r = PluginRegistry.load(config(home))) {
            assertThat(r.messages()).singleElement().asString().contains("plugins.json");
            assertThat(r.plugins()).extracting(PluginInfo::id).containsExactly(PluginRegistry.BUILT_IN);
        }
    }

}
