package dev.parallax.installer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Starts the launcher of the packaged app-image ({@code app-image/parallax/bin/parallax}) as a user would,
 * with the bundled runtime, and checks its output. Skipped, with a message, where the image was not built
 * (no jpackage on this machine, or not a {@code -Pinstaller} build).
 */
class PackagedCliIT {
    private static Path launcher() {
        String image = System.getProperty("parallax.app.image");
        assumeTrue(image != null, "parallax.app.image not set: run `mvn -Pinstaller package`");
        Path bin = Paths.get(image, "bin", "parallax");
        assumeTrue(Files.isExecutable(bin), bin + " absent: jpackage unavailable, packaged-CLI test skipped");
        return bin;
    }

    private record Output(int code, String out, String err) {
    }

    private static Output run(Path home, String... args) throws IOException, InterruptedException {
        return run(launcher(), home, "", args);
    }

    private static Output run(Path launcher, Path home, String jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Dparallax.home=" + home + " -Djava.awt.headless=true " + jvmOptions);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("launcher finished in 2 minutes").isTrue();
        return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Path realTrace(String... parts) {
        String root = System.getProperty("parallax.shared.traces");
        assumeTrue(root != null, "parallax.shared.traces not set: skipped");
        Path p = Paths.get(root, parts);
        assumeTrue(Files.isRegularFile(p), p + " absent: skipped");
        return p;
    }

    @Test
    void imageBundlesARuntimeAndTheLauncherRunsTheCli() throws Exception {
        Path bin = launcher();
        Path image = bin.getParent().getParent();
        assertThat(image.resolve("lib/runtime/lib/modules")).isRegularFile();
        assertThat(image.resolve("lib/app/parallax.jar")).isRegularFile();
        Path home = Files.createTempDirectory("parallax-home");
        Output help = run(home, "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: parallax").contains("plugins");
        Output plugins = run(home, "plugins", "--json");
        assertThat(plugins.code()).as(plugins.err()).isZero();
        assertThat(plugins.out()).contains("\"nsight-sqlite\"").contains("\"built_in\" : true");
    }

    @Test
    void classDataLauncherWritesTheArchiveThatTheLauncherThenLoadsItsClassesFrom() throws Exception {
        Path bin = launcher();
        Path app = bin.getParent().getParent().resolve("lib/app");
        Path archive = app.resolve("parallax.jsa");
        Files.deleteIfExists(archive);
        Path home = Files.createTempDirectory("parallax-home");
        Path trace = app.resolve("class-data/rank-0.pt.trace.json.gz");
        Output without = run(bin, home, "", "summary", "--json", trace.toString());
        assertThat(without.code()).as("runs without an archive: " + without.err()).isZero();
        Output made = run(bin.resolveSibling("parallax-class-data"), home, "", "summary", "--json", trace.toString());
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(archive).isRegularFile();
        Path log = home.resolve("classes.txt");
        Output with = run(bin, home, "-Xlog:class+load:file=" + log, "summary", "--json", trace.toString());
        assertThat(with.code()).as(with.err()).isZero();
        assertThat(withoutTimes(with.out())).isEqualTo(withoutTimes(without.out()));
        assertThat(with.err()).doesNotContain("cds").doesNotContain("CDS");
        // the app's own classes (the tokenizer among them) come from the archive written above
        assertThat(Files.readAllLines(log)).anyMatch(l -> l.contains("dev.parallax.trace.json.JsonTokenizer ")
                && l.contains("shared objects file (top)"));
    }

    /** The summary without its load-time lines (the one part that differs from run to run). */
    private static String withoutTimes(String json) {
        return json.lines().filter(l -> !l.contains("\"load_seconds\"") && !l.contains("\"megabytes_per_second\""))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void packagedSummaryOfARealTrace() throws Exception {
        Path home = Files.createTempDirectory("parallax-home");
        Output help = run(home, "--help");
        assumeTrue(help.out().contains("summary"), "this build's CLI has no summary command yet: skipped");
        Path trace = realTrace("GindaChen--nsys-ai", "tests", "fixtures", "h100_2gpu_1s.sqlite");
        Output r = run(home, "summary", trace.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // Two processes, 1721 kernels each (sqlite3: SELECT (globalPid >> 24) & 0xFFFFFF, count(*) FROM
        // CUPTI_ACTIVITY_KIND_KERNEL GROUP BY 1), opened as two ranks by the built-in Nsight importer.
        assertThat(r.out()).contains("h100_2gpu_1s.sqlite [process 111]").contains("h100_2gpu_1s.sqlite [process 112]")
                .contains("nsight-sqlite").contains("kernel 1721");
    }

    @Test
    void debianPackageDeclaresGtkAndTheFileAssociations() throws Exception {
        String dir = System.getProperty("parallax.installer.dir");
        assumeTrue(dir != null && Files.isDirectory(Paths.get(dir)), "no native package built: skipped");
        Path deb;
        try (Stream<Path> s = Files.list(Paths.get(dir))) {
            deb = s.filter(p -> p.toString().endsWith(".deb")).findFirst().orElse(null);
        }
        assumeTrue(deb != null, "no .deb built (not Linux): skipped");
        Process p = new ProcessBuilder("dpkg-deb", "--info", deb.toString()).redirectErrorStream(true).start();
        String info = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(info).contains("Package: parallax").contains("libgtk-3-0");
        Process c = new ProcessBuilder("dpkg-deb", "--contents", deb.toString()).redirectErrorStream(true).start();
        String contents = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(c.waitFor()).isZero();
        assertThat(contents).contains("/opt/parallax/bin/parallax").contains("parallax-parallax-MimeInfo.xml")
                .contains("/opt/parallax/bin/parallax-class-data").contains("/opt/parallax/lib/app/class-data/rank-0.pt.trace.json.gz")
                .contains("/opt/parallax/lib/runtime/lib/server/classes.jsa");
        Path x = Files.createTempDirectory("deb");
        Process e = new ProcessBuilder("dpkg-deb", "-x", deb.toString(), x.toString()).redirectErrorStream(true).start();
        e.getInputStream().readAllBytes();
        assertThat(e.waitFor()).isZero();
        // the desktop entry passes the opened files (%F) and lists the four trace types
        String desktop = Files.readString(x.resolve("opt/parallax/lib/parallax-parallax.desktop"));
        assertThat(desktop).contains("Exec=/opt/parallax/bin/parallax %F").contains("application/vnd.sqlite3")
                .contains("application/x-pytorch-trace").contains("application/x-parallax-trace-gzip")
                .contains("application/json");
        String mime = Files.readString(x.resolve("opt/parallax/lib/parallax-parallax-MimeInfo.xml"));
        assertThat(mime).contains("*.json.gz").contains("*.pt.trace.json").contains("*.sqlite");
        Process ctl = new ProcessBuilder("sh", "-c", "dpkg-deb --ctrl-tarfile '" + deb + "' | tar -xO ./postinst")
                .redirectErrorStream(true).start();
        String postinst = new String(ctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ctl.waitFor()).isZero();
        assertThat(postinst).contains("xdg-mime install").contains("ln -sf /opt/parallax/bin/parallax /usr/bin/parallax")
                .contains("/opt/parallax/bin/parallax-class-data summary --json /opt/parallax/lib/app/class-data/");
        Process rm = new ProcessBuilder("sh", "-c", "dpkg-deb --ctrl-tarfile '" + deb + "' | tar -xO ./prerm")
                .redirectErrorStream(true).start();
        String prerm = new String(rm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(rm.waitFor()).isZero();
        assertThat(prerm).contains("rm -f /opt/parallax/lib/app/parallax.jsa").doesNotContain("DESKTOP_COMMANDS_UNINSTALL");
    }
}
