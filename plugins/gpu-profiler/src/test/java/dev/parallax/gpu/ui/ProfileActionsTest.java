package dev.parallax.gpu.ui;

import dev.parallax.gpu.sampler.GpuSampler;
import dev.parallax.gpu.trace.TracedLaunch;
import dev.parallax.trace.CounterTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.Progress;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Profile menu's two actions, driven as the workbench drives them: the recording window with the
 * fake NVML (live sets on the timeline, the saved recording opened), without NVML, with a sampler that
 * crashes; and a traced launch of a shell command on this machine.
 */
class ProfileActionsTest {
    @TempDir
    Path home;

    final List<List<Path>> opened = Collections.synchronizedList(new ArrayList<>());
    final List<String> events = Collections.synchronizedList(new ArrayList<>());  // "show <set>" / "remove <set>"
    final List<TraceSet> shown = Collections.synchronizedList(new ArrayList<>());
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    ProfileActions actions;

    @BeforeAll
    static void toolkit() {
        try {
            Platform.startup(() -> {
            });
        } catch (IllegalStateException alreadyStarted) {
            // started by another test class
        }
        Platform.setImplicitExit(false);
    }

    private ProfileActions actions() {
        actions = new ProfileActions(null, home, opened::add, new ProfileActions.LiveTraceSink() {
            @Override
            public void show(TraceSet set) {
                assertThat(Platform.isFxApplicationThread()).isTrue();
                shown.add(set);
                events.add("show " + System.identityHashCode(set));
            }

            @Override
            public void remove(TraceSet set) {
                events.add("remove " + System.identityHashCode(set));
            }
        }, log::add);
        return actions;
    }

    @AfterEach
    void closeWindows() throws Exception {
        onFx(() -> {
            new ArrayList<>(javafx.stage.Window.getWindows()).forEach(w -> {
                if (w instanceof javafx.stage.Stage s) {
                    s.hide();
                }
            });
            return null;
        });
    }

    private static <T> T onFx(Supplier<T> s) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(s.get());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    private static void waitFor(String what, BooleanSupplier c) throws InterruptedException {
        long end = System.currentTimeMillis() + 30_000;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(25);
        }
    }

    private RecordMetricsWindow startRecording(int intervalMs) throws Exception {
        RecordMetricsWindow window = onFx(() -> {
            actions.recordGpuMetrics();
            RecordMetricsWindow w = actions.recordWindow();
            assertThat(w.stage().isShowing()).isTrue();
            assertThat(w.stage().getTitle()).isEqualTo("Record GPU metrics");
            w.intervalField().setText(Integer.toString(intervalMs));
            assertThat(w.startButton().isDisabled()).isFalse();
            w.startButton().fire();
            return w;
        });
        System.gc();   // the window's listeners must survive a collection
        return window;
    }

    private static <T> T fx(Supplier<T> s) {
        try {
            return onFx(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> counterNames(TraceSet set) {
        return set.traces().stream().flatMap(t -> t.counterTracks().stream()).map(CounterTrack::name).toList();
    }

    private static CounterTrack track(Trace t, String name) {
        return t.counterTracks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private List<Path> filesIn(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void recordingShowsLiveCounterTracksAndStopOpensTheSavedRecording() throws Exception {
        Path nvml = FakeNative.nvml();
        actions();
        actions.samplerOptions(o -> o.withNvmlLibrary(nvml.toString()));
        RecordMetricsWindow w = startRecording(50);
        waitFor("the status to say it records", () -> fx(() -> w.statusLabel().getText()).startsWith("Recording"));
        assertThat(fx(() -> w.statusLabel().getText())).isEqualTo("Recording 2 GPU(s), driver 999.99-fake");

        // two live publications: the second replaces the first on the timeline
        waitFor("two live sets", () -> shown.size() >= 2);
        TraceSet first = shown.get(0);
        TraceSet second = shown.get(1);
        assertThat(first.name()).isEqualTo(RecordMetricsWindow.LIVE_NAME);
        assertThat(counterNames(first)).contains("GPU 0 utilization %", "GPU 1 utilization %",
                "GPU 0 memory used MiB", "GPU 1 memory used MiB");
        assertThat(events.subList(0, 3)).containsExactly("show " + System.identityHashCode(first),
                "remove " + System.identityHashCode(first), "show " + System.identityHashCode(second));
        assertThat(second.maxTime()).isGreaterThan(first.maxTime());
        // the live chart has one utilisation and one memory line per device; fake memory used = (device+1) GiB
        assertThat(fx(() -> w.chart().utilisation().getSeriesCount())).isEqualTo(2);
        assertThat(fx(() -> w.chart().memory().getSeries(1).getY(0).doubleValue())).isEqualTo(2048.0);

        onFx(() -> {
            w.stopButton().fire();
            return null;
        });
        waitFor("the saved recording to open", () -> !opened.isEmpty());
        List<Path> files = opened.get(0);
        assertThat(files).hasSize(1);
        Path saved = files.get(0);
        assertThat(saved.getParent()).isEqualTo(home.resolve("recordings"));
        assertThat(saved.getFileName().toString()).matches("gpu-metrics-\\d{8}-\\d{6}\\.json");
        // no temp files (live sets, atomic writes) left behind
        assertThat(filesIn(home.resolve("recordings"))).containsExactly(saved);

        TraceSet reopened = TraceSetLoader.withDefaults().load(List.of(saved), Progress.none()).traceSet();
        Trace t = reopened.traces().get(0);
        CounterTrack util0 = track(t, "GPU 0 utilization %");
        // the saved recording holds every reading, at least as many as the last live set showed
        assertThat(util0.size()).isGreaterThanOrEqualTo(track(second.traces().get(0), "GPU 0 utilization %").size());
        assertThat(util0.value(0)).isEqualTo(0.0);   // fake: (7 * tick + 5 * device) % 101, tick 0
        assertThat(util0.value(1)).isEqualTo(7.0);

        // the last live set is off the timeline; the window is idle with the file named
        String last = events.get(events.size() - 1);
        assertThat(last).isEqualTo("remove " + System.identityHashCode(shown.get(shown.size() - 1)));
        assertThat(fx(() -> w.state())).isEqualTo(RecordMetricsWindow.State.IDLE);
        assertThat(fx(() -> w.noteLabel().getText())).isEqualTo("Saved " + saved);
        assertThat(fx(() -> w.statusLabel().getText())).startsWith("Stopped after ");
        assertThat(log).contains("GPU metrics recording saved to " + saved);
    }

    @Test
    void withoutADriverTheStatusNamesTheMissingLibrary() throws Exception {
        assumeTrue(noNvidiaDriverHere(), "an NVIDIA driver is installed here; the no-driver path cannot be tested");
        actions();   // default sampler options: libnvidia-ml.so.1 from the loader's path, as in the workbench
        RecordMetricsWindow w = startRecording(100);
        waitFor("the recording to end", () -> fx(() -> w.state()) == RecordMetricsWindow.State.IDLE);
        String status = fx(() -> w.statusLabel().getText());
        assertThat(status).startsWith("GPU metrics unavailable: ")
                .containsAnyOf("libnvidia-ml.so.1 not found", "libparallax_nvml.so is not in this build");
        assertThat(log).anySatisfy(l -> assertThat(l).startsWith("GPU metrics: GPU metrics unavailable: ")
                .contains("libnvidia-ml.so.1"));
        assertThat(fx(() -> w.noteLabel().getText())).isEqualTo("Nothing was recorded.");
        assertThat(shown).isEmpty();
        assertThat(opened).isEmpty();
        // the window can start again (and fails the same way)
        assertThat(fx(() -> w.startButton().isDisabled())).isFalse();
    }

    @Test
    void aCrashingSamplerIsReportedAndWhatItRecordedIsKept() throws Exception {
        Path nvml = FakeNative.nvml();
        actions();
        actions.samplerOptions(o -> o.withNvmlLibrary(nvml.toString())
                .withEnvironment(Map.of("FAKE_NVML_CRASH_AFTER", "7")));
        RecordMetricsWindow w = startRecording(50);
        waitFor("the recording to end", () -> !opened.isEmpty());
        assertThat(fx(() -> w.statusLabel().getText())).startsWith("GPU metrics unavailable: GPU sampler exited unexpectedly");
        assertThat(log).anySatisfy(l -> assertThat(l).contains("GPU sampler exited unexpectedly"));
        Path saved = opened.get(0).get(0);
        TraceSet kept = TraceSetLoader.withDefaults().load(List.of(saved), Progress.none()).traceSet();
        // six utilisation queries were answered (3 ticks x 2 devices) before the seventh crashed
        assertThat(counterNames(kept)).contains("GPU 0 utilization %", "GPU 1 utilization %");
        int utilSamples = kept.traces().get(0).counterTracks().stream()
                .filter(c -> c.name().matches("GPU \\d utilization %")).mapToInt(CounterTrack::size).sum();
        assertThat(utilSamples).isEqualTo(6);
        assertThat(fx(() -> w.state())).isEqualTo(RecordMetricsWindow.State.IDLE);
    }

    @Test
    void aHungSamplerIsStoppedAndReported() throws Exception {
        Path nvml = FakeNative.nvml();
        actions();
        actions.samplerOptions(o -> o.withNvmlLibrary(nvml.toString())
                .withEnvironment(Map.of("FAKE_NVML_HANG_AFTER", "5"))
                .withSilenceTimeout(Duration.ofMillis(600)));
        RecordMetricsWindow w = startRecording(50);
        waitFor("the recording to end", () -> !opened.isEmpty());
        assertThat(fx(() -> w.statusLabel().getText())).startsWith("GPU metrics unavailable: GPU sampler stopped responding");
        assertThat(log).anySatisfy(l -> assertThat(l).contains("stopped responding"));
        assertThat(fx(() -> w.state())).isEqualTo(RecordMetricsWindow.State.IDLE);
        assertThat(fx(() -> w.startButton().isDisabled())).isFalse();
    }

    @Test
    void closingTheWindowWhileRecordingKeepsTheRecording() throws Exception {
        Path nvml = FakeNative.nvml();
        actions();
        actions.samplerOptions(o -> o.withNvmlLibrary(nvml.toString()));
        RecordMetricsWindow w = startRecording(50);
        waitFor("a few readings", () -> fx(() -> w.chart().utilisation().getSeriesCount() == 2
                && w.chart().utilisation().getSeries(1).getItemCount() >= 2));
        onFx(() -> {
            w.stage().fireEvent(new WindowEvent(w.stage(), WindowEvent.WINDOW_CLOSE_REQUEST));
            return null;
        });
        waitFor("the saved recording to open", () -> !opened.isEmpty());
        assertThat(opened.get(0).get(0).getFileName().toString()).startsWith("gpu-metrics-");
        assertThat(fx(() -> w.state())).isEqualTo(RecordMetricsWindow.State.IDLE);
    }

    @Test
    void theLaunchDialogProposesATraceInTheRecordingsFolder() throws Exception {
        actions();
        Platform.runLater(actions::launchAndTrace);   // showAndWait: the dialog runs a nested event loop
        waitFor("the dialog", () -> fx(() -> dialogPane().isPresent()));
        DialogPane pane = fx(() -> dialogPane().orElseThrow());
        String output = fx(() -> ((TextField) pane.lookup("#launch-output")).getText());
        String folder = fx(() -> ((TextField) pane.lookup("#launch-folder")).getText());
        assertThat(Path.of(output).getParent()).isEqualTo(home.resolve("recordings").toAbsolutePath());
        assertThat(Path.of(output).getFileName().toString()).matches("trace-\\d{8}-\\d{6}\\.json");
        assertThat(folder).isEqualTo(Path.of(System.getProperty("user.home")).toAbsolutePath().toString());
        onFx(() -> {
            ((Button) pane.lookupButton(ButtonType.CANCEL)).fire();
            return null;
        });
        waitFor("the dialog to close", () -> fx(() -> dialogPane().isEmpty()));
        assertThat(opened).isEmpty();
        assertThat(actions.launchWindowForTest()).isNull();
    }

    private static Optional<DialogPane> dialogPane() {
        return javafx.stage.Window.getWindows().stream().filter(javafx.stage.Window::isShowing)
                .map(w -> w.getScene().getRoot()).filter(r -> r instanceof DialogPane)
                .map(r -> (DialogPane) r).findFirst();
    }

    @Test
    void aTracedShellCommandOpensItsTraceAndSaysWhatIsMissing() throws Exception {
        actions();
        Path out = home.resolve("recordings").resolve("trace-test.json");
        TracedLaunch.Options options = TracedLaunch.Options.of(List.of("/bin/sh", "-c", "echo hi"), out)
                .withWorkingDirectory(home)
                .withSampler(Optional.of(GpuSampler.Options.every(Duration.ofMillis(50))
                        .withNvmlLibrary("/nonexistent/libnvidia-ml.so.1")));
        Task<TracedLaunch.Result> task = onFx(() -> actions.launch(options));
        waitFor("the trace to open", () -> !opened.isEmpty());
        assertThat(opened.get(0)).containsExactly(out);
        TracedLaunch.Result r = task.get(5, TimeUnit.SECONDS);
        assertThat(r.exitCode()).isZero();
        assertThat(Files.readString(home.resolve("recordings").resolve("trace-test.log"))).isEqualTo("hi\n");

        TraceSet set = TraceSetLoader.withDefaults().load(List.of(out), Progress.none()).traceSet();
        assertThat(set.traces()).hasSize(1);
        // the missing pieces: no NVML (explicit path), and no kernel timeline (no driver / CUDA never used)
        assertThat(r.missing()).anySatisfy(m -> assertThat(m).startsWith("GPU metrics: ")
                .contains("/nonexistent/libnvidia-ml.so.1"));
        assertThat(r.missing()).anySatisfy(m -> assertThat(m).containsAnyOf("libcupti not found",
                "libcuda.so.1", "never initialised CUDA", "is not in this build"));
        String shownMissing = fx(() -> actions.launchWindowForTest().missingLabel().getText());
        assertThat(shownMissing).startsWith("Not recorded:");
        for (String m : r.missing()) {
            assertThat(shownMissing).contains("• " + m);
            assertThat(log).contains("Launch and trace: missing: " + m);
        }
        assertThat(fx(() -> actions.launchWindowForTest().cancelButton().getText())).isEqualTo("Close");
        assertThat(fx(() -> actions.launchWindowForTest().stage().isShowing())).isTrue();
    }

    @Test
    void cancelStopsTheCommandAndStillOpensItsTrace() throws Exception {
        actions();
        Path out = home.resolve("long.json");
        TracedLaunch.Options options = TracedLaunch.Options.of(List.of("/bin/sh", "-c", "echo started; sleep 30"), out)
                .withWorkingDirectory(home).withSampler(Optional.empty());
        Task<TracedLaunch.Result> task = onFx(() -> actions.launch(options));
        Path commandLog = home.resolve("long.log");
        waitFor("the command to start", () -> {
            try {
                return Files.exists(commandLog) && Files.readString(commandLog).contains("started");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        long t0 = System.nanoTime();
        onFx(() -> {
            actions.launchWindowForTest().cancelButton().fire();
            return null;
        });
        waitFor("the trace to open", () -> !opened.isEmpty());
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(15);
        TracedLaunch.Result r = task.get(5, TimeUnit.SECONDS);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.missing()).anySatisfy(m -> assertThat(m).startsWith("the launch was cancelled"));
        assertThat(opened.get(0)).containsExactly(out);
        assertThat(TraceSetLoader.withDefaults().load(List.of(out), Progress.none()).traceSet().traces()).hasSize(1);
    }

    /** No kernel module and no libnvidia-ml.so.1 in the usual library folders. */
    private static boolean noNvidiaDriverHere() {
        if (Files.exists(Path.of("/proc/driver/nvidia"))) {
            return false;
        }
        for (String d : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu",
                "/usr/local/nvidia/lib64", "/usr/lib/wsl/lib")) {
            if (Files.exists(Path.of(d, "libnvidia-ml.so.1"))) {
                return false;
            }
        }
        return System.getProperty("parallax.nvml.library") == null;
    }
}
