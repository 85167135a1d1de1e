package dev.parallax.app.cli;

import dev.parallax.app.fx.FxPlatform;
import dev.parallax.app.workbench.DemoView;
import dev.parallax.app.workbench.OpenResult;
import dev.parallax.app.workbench.ParallaxHome;
import dev.parallax.app.workbench.SampleTraces;
import dev.parallax.app.workbench.TraceOpener;
import dev.parallax.app.workbench.WindowScreenshot;
import dev.parallax.app.workbench.Workbench;
import dev.parallax.util.OutputGuard;
import javafx.application.Platform;
import javafx.stage.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code parallax screenshot}: opens traces in a workbench window (headless where there is no display),
 * optionally puts it in a demonstration state (a kernel with its flow selected, an area aggregated), and
 * saves the window as a PNG.
 */
@Command(name = "screenshot", mixinStandardHelpOptions = true,
        description = {"Save a PNG of the workbench window with the given traces open (headless without a display).",
                "Exit status: 0 ok, 2 usage error (also: the output names an input), 3 no trace could be opened, "
                        + "4 the PNG could not be written; see docs/robustness.md."})
public final class ScreenshotCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Trace files or folders (default: the bundled samples).")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-o", "--output"}, required = true, description = "PNG file to write.")
    Path output;

    @Option(names = "--width", description = "Window width (default: ${DEFAULT-VALUE}).")
    int width = 1600;

    @Option(names = "--height", description = "Window height (default: ${DEFAULT-VALUE}).")
    int height = 960;

    @Option(names = "--demo", negatable = true, defaultValue = "true",
            description = "Select a kernel with its flow and aggregate an area (default: on).")
    boolean demo;

    @Option(names = "--headless", description = "Use the headless (Monocle) platform even with a display.")
    boolean headless;

    @Override
    public Integer call() throws Exception {
        for (Path p : paths) {
            if (!Files.exists(p)) {
                System.err.println("parallax screenshot: " + p + ": no such file or folder");
                return ExitStatus.INPUT;
            }
        }
        try {
            OutputGuard.check(output, paths);
        } catch (OutputGuard.RefusedOutputException e) {
            System.err.println("parallax screenshot: " + e.getMessage());
            return e.wouldOverwriteInput() ? ExitStatus.USAGE : ExitStatus.OUTPUT;
        }
        FxPlatform.start(headless);
        Path home = Files.createTempDirectory("parallax-screenshot");
        List<List<Path>> groups = new ArrayList<>();
        if (paths.isEmpty()) {
            groups.addAll(SampleTraces.extractAll(home.resolve("samples")));
        } else {
            groups.add(paths);
        }
        CountDownLatch loaded = new CountDownLatch(groups.size());
        AtomicReference<Workbench> wb = new AtomicReference<>();
        List<String> problems = new ArrayList<>();
        FxPlatform.call(() -> {
            Stage stage = new Stage();
            Workbench w = new Workbench(stage, new ParallaxHome(home), new TraceOpener());
            stage.setScene(w.createScene(width, height));
            stage.show();
            w.addLoadListener((OpenResult r) -> {
                problems.addAll(r.refused());
                loaded.countDown();
            });
            wb.set(w);
            groups.forEach(w::open);
            return null;
        });
        if (!loaded.await(5, TimeUnit.MINUTES)) {
            System.err.println("parallax screenshot: loading did not finish in 5 minutes");
            return 1;
        }
        problems.forEach(p -> System.err.println("parallax screenshot: " + p));
        boolean any = FxPlatform.call(() -> {
            Workbench w = wb.get();
            if (w.timeline().model().sets().isEmpty()) {
                return false;
            }
            if (demo) {
                DemoView.apply(w.timeline(), w.timeline().model().sets().get(0));
            }
            return true;
        });
        while (any && FxPlatform.call(() -> wb.get().aggregate().isBusy())) {
            Thread.sleep(20);
        }
        int[] size;
        try {
            size = !any ? null : FxPlatform.call(() -> {
                Workbench w = wb.get();
                w.timeline().layout();
                w.timeline().paintNow();
                return WindowScreenshot.save(w.stage().getScene(), output);
            });
        } catch (Exception e) {
            Platform.exit();
            Throwable c = e;
            while (c.getCause() != null && !(c instanceof java.io.IOException)) {
                c = c.getCause();
            }
            System.err.println("parallax screenshot: " + (c instanceof java.io.IOException ? c.getMessage()
                    : "cannot write " + output + ": " + c));
            return ExitStatus.OUTPUT;
        }
        Platform.exit();
        if (size == null) {
            System.err.println("parallax screenshot: no trace could be opened");
            return ExitStatus.INPUT;
        }
        System.out.println("wrote " + output + " (" + size[0] + "x" + size[1] + ", " + Files.size(output) + " bytes)");
        return 0;
    }
}
