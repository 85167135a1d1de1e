package dev.parallax.gpu.ui;

import dev.parallax.gpu.trace.TracedLaunch;
import javafx.application.Platform;
import javafx.scene.control.ButtonType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launch dialog's fields become TracedLaunch options; bad input keeps OK disabled with a reason. */
class LaunchAndTraceDialogTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void toolkit() {
        try {
            Platform.startup(() -> {
            });
        } catch (IllegalStateException alreadyStarted) {
            // started by another test class
        }
    }

    private static <T> T onFx(Supplier<T> s) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(s.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void fieldsBecomeLaunchOptions() throws Exception {
        TracedLaunch.Options o = onFx(() -> {
            LaunchAndTraceDialog d = new LaunchAndTraceDialog(dir, dir.resolve("out.json"));
            assertThat(d.getDialogPane().lookupButton(ButtonType.OK).isDisabled()).isTrue();
            assertThat(d.problemLabel().getText()).isEqualTo("Enter the command to run.");
            d.commandField().setText("python train.py --steps 3");
            d.environmentField().setText("# devices\nCUDA_VISIBLE_DEVICES=1\nOMP_NUM_THREADS=4");
            assertThat(d.getDialogPane().lookupButton(ButtonType.OK).isDisabled()).isFalse();
            return d.getResultConverter().call(ButtonType.OK);
        });
        assertThat(o.command()).containsExactly("/bin/sh", "-c", "python train.py --steps 3");
        assertThat(o.workingDirectory()).isEqualTo(dir.toAbsolutePath());
        assertThat(o.environment()).isEqualTo(Map.of("CUDA_VISIBLE_DEVICES", "1", "OMP_NUM_THREADS", "4"));
        assertThat(o.output()).isEqualTo(dir.resolve("out.json").toAbsolutePath());
        assertThat(o.sampler()).hasValueSatisfying(s -> assertThat(s.interval().toMillis()).isEqualTo(500));
        assertThat(o.nvtx()).isTrue();
    }

    @Test
    void aBadEnvironmentLineIsExplained() throws Exception {
        String problem = onFx(() -> {
            LaunchAndTraceDialog d = new LaunchAndTraceDialog(dir, dir.resolve("out.json"));
            d.commandField().setText("nvidia-smi");
            d.environmentField().setText("A=1\nnot a variable");
            assertThat(d.getDialogPane().lookupButton(ButtonType.OK).isDisabled()).isTrue();
            assertThat(d.getResultConverter().call(ButtonType.CANCEL)).isNull();
            return d.problemLabel().getText();
        });
        assertThat(problem).isEqualTo("environment line 2: expected KEY=VALUE, got \"not a variable\"");
    }

    @Test
    void environmentTextKeepsValuesVerbatim() {
        assertThat(EnvironmentText.parse("A=x=y\n\n  B= spaced \n#C=3")).containsExactly(
                Map.entry("A", "x=y"), Map.entry("B", " spaced"));
        assertThatThrownBy(() -> EnvironmentText.parse("=1")).hasMessageContaining("line 1");
    }
}
