package dev.parallax.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code parallax plugins}: lists the built-in importers and the plugins of a folder, and disables one. */
class PluginsCommandTest {
    @TempDir
    Path home;
    private String previousHome;

    @BeforeEach
    void isolateHome() {
        previousHome = System.getProperty("parallax.home");
        System.setProperty("parallax.home", home.toString());
    }

    @AfterEach
    void restoreHome() {
        if (previousHome == null) {
            System.clearProperty("parallax.home");
        } else {
            System.setProperty("parallax.home", previousHome);
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ParallaxCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A jar whose service registration names a class it does not contain: it cannot load. */
    private static void brokenJar(Path jar) throws Exception {
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o)) {
            j.putNextEntry(new JarEntry("META-INF/services/dev.parallax.analysis.Analysis"));
            j.write("com.example.Missing\n".getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
    }

    @Test
    void listsBuiltInsAndPluginsAsJsonAndDisablesOne() throws Exception {
        Path dir = Files.createDirectories(home.resolve("extra"));
        brokenJar(dir.resolve("broken-tool.jar"));

        Run r = run("--plugins", dir.toString(), "plugins", "--json");
        assertThat(r.code()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        JsonNode builtIn = root.get("plugins").get(0);
        assertThat(builtIn.get("id").asText()).isEqualTo("built-in");
        assertThat(builtIn.get("built_in").asBoolean()).isTrue();
        assertThat(builtIn.get("contributions").findValuesAsText("id")).contains("nsight-sqlite");
        JsonNode broken = root.get("plugins").get(1);
        assertThat(broken.get("id").asText()).isEqualTo("broken-tool");
        assertThat(broken.get("state").asText()).isEqualTo("failed");
        assertThat(broken.get("problem").asText()).contains("broken-tool").contains("com.example.Missing");
        assertThat(broken.get("location").asText()).isEqualTo(dir.resolve("broken-tool.jar").toString());
        assertThat(root.get("plugin_dirs").get(1).asText()).isEqualTo(dir.toString());
        assertThat(r.err()).isEmpty(); // problems go to stderr of the real process, not the picocli writer

        Run off = run("plugins", "--plugins", dir.toString(), "--disable", "broken-tool");
        assertThat(off.code()).isZero();
        assertThat(off.out()).contains("broken-tool").contains("[disabled]");
        assertThat(Files.readString(home.resolve("plugins.json"))).contains("broken-tool");

        Run bad = run("plugins", "--disable", "no-such-plugin");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("no-such-plugin");
    }
}
