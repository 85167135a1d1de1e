package dev.parallax.app.costmodel;

import dev.parallax.analysis.Location;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.longctx.LongContextProjectionAnalysis;
import dev.parallax.app.analysis.ResultChartView;
import dev.parallax.app.view.ViewContext;
import dev.parallax.samples.decoder.DecoderOptions;
import dev.parallax.samples.decoder.DecoderTraceGenerator;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.json.ChromeJsonImporter;
import dev.parallax.util.Progress;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Headless (Monocle): the Long context view shows the projection's charts and re-runs with typed parameters. */
@ExtendWith(ApplicationExtension.class)
class LongContextPanelTest {
    @TempDir
    static Path dir;
    private LongContextPanel panel;

    /** Runs the analysis directly and background work on the calling thread. */
    private static final class DirectContext implements ViewContext {
        @Override
        public void select(TraceSet set, Location location) {
        }

        @Override
        public void showRange(TraceSet set, long start, long end) {
        }

        @Override
        public Result run(String analysisId, TraceSet set, ParameterValues parameters, Progress progress) {
            return new LongContextProjectionAnalysis().run(set, parameters, progress);
        }

        @Override
        public <T> Background background(String title, Work<T> work, Consumer<T> done) {
            try {
                done.accept(work.run(Progress.none()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new Background() {
                @Override
                public void cancel() {
                }

                @Override
                public boolean isDone() {
                    return true;
                }
            };
        }

        @Override
        public void log(String message) {
        }

        @Override
        public Window owner() {
            return null;
        }

        @Override
        public Path home() {
            return dir;
        }

        @Override
        public void open(List<Path> paths) {
        }

        @Override
        public void showLive(TraceSet set) {
        }

        @Override
        public void removeLive(TraceSet set) {
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        DecoderOptions o = new DecoderOptions();
        o.layers = 2;
        o.contexts = new int[]{2048};
        o.decodeSteps = 1;
        new DecoderTraceGenerator(o).generate(dir, "decoder");
        TraceSet set = TraceSet.single(new ChromeJsonImporter().load(
                dir.resolve(DecoderTraceGenerator.fileName(2048, false)), Progress.none()));
        DirectContext context = new DirectContext();
        Result first = context.run(LongContextProjectionAnalysis.ID, set, ParameterValues.defaults(), Progress.none());
        panel = new LongContextPanel(set, first, context);
        stage.setScene(new Scene(panel, 1200, 760));
        stage.show();
    }

    @Test
    void showsStackedPhasesAndTheKvChartAndReprojectsOnRequest(FxRobot robot) {
        List<String> charts = panel.resultView().chartViews().stream().map(c -> c.chart().id()).toList();
        assertThat(charts).contains("prefill_time", "decode_time", "kv_memory", "concurrency");
        ResultChartView prefill = panel.resultView().chartViews().stream()
                .filter(c -> c.chart().id().equals("prefill_time")).findFirst().orElseThrow();
        assertThat(prefill.chart().categories().get(0)).isEqualTo("2K");
        robot.interact(() -> {
            robot.lookup("#longctx-context").queryTextInputControl().setText("64k,1m");
            panel.project();
        });
        Result r = panel.resultView().result();
        assertThat(r.table("projection").rows()).hasSize(2);
        assertThat(r.table("projection").value(1, "context")).isEqualTo(1L << 20);
    }
}
