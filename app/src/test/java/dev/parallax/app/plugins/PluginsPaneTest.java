package dev.parallax.app.plugins;

import dev.parallax.plugin.PluginInfo;
import dev.parallax.plugin.PluginRegistry;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Plugins dialog's content, headless (Monocle): rows, details, and disabling a plugin. */
class PluginsPaneTest {
    @BeforeAll
    static void startFx() throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            Platform.startup(() -> started.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            started.complete(null);
        }
        started.get(30, TimeUnit.SECONDS);
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void listsPluginsAndDisablesTheSelectedOne(@TempDir Path home) throws Exception {
        Path dir = Files.createDirectories(home.resolve("plugins"));
        try (OutputStream o = Files.newOutputStream(dir.resolve("broken.jar")); JarOutputStream j = new JarOutputStream(o)) {
            j.putNextEntry(new JarEntry("META-INF/services/dev.parallax.analysis.Analysis"));
            j.write("com.example.Missing\n".getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        PluginRegistry registry = PluginRegistry.load(new PluginRegistry.Config(getClass().getClassLoader(),
                List.of(dir), home.resolve("plugins.json")));

        PluginsPane pane = onFx(() -> new PluginsPane(registry));
        assertThat(onFx(() -> pane.table().getItems().stream().map(PluginInfo::id).toList()))
                .containsExactly("built-in", "broken");
        String builtInContributes = onFx(() -> PluginsPane.contributesText(pane.table().getItems().get(0)));
        assertThat(builtInContributes).containsPattern("\\d+ importers");
        // built-in selected first: it cannot be disabled
        Button toggle = (Button) pane.lookup("#plugins-toggle");
        assertThat(onFx(toggle::isDisabled)).isTrue();

        onFx(() -> {
            pane.table().getSelectionModel().select(1);
            return null;
        });
        TextArea details = (TextArea) pane.lookup("#plugins-details");
        String text = onFx(details::getText);
        assertThat(text).contains("failed").contains("com.example.Missing");
        assertThat(onFx(toggle::isDisabled)).isFalse();
        onFx(() -> {
            toggle.fire();
            return null;
        });
        assertThat(Files.readString(home.resolve("plugins.json"))).contains("\"broken\"");
        assertThat(onFx(() -> pane.registry().plugin("broken").orElseThrow().state()))
                .isEqualTo(PluginInfo.State.DISABLED_BY_USER);
        String state = onFx(() -> PluginsPane.stateText(pane.table().getItems().get(1)));
        assertThat(state).isEqualTo("disabled");
        String label = onFx(toggle::getText);
        assertThat(label).isEqualTo("Enable");
        assertThat(pane.registry()).isNotSameAs(registry);
    }
}
