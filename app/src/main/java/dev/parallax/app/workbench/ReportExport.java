package dev.parallax.app.workbench;

import dev.parallax.analysis.Result;
import dev.parallax.app.report.ExportReportPane;
import dev.parallax.app.timeline.AreaSelection;
import dev.parallax.trace.TraceSet;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.List;

/** The File > Export Report… dialog: a set with its results and the area selection, written as a PDF. */
final class ReportExport {
    private final Stage stage;
    private final LogPanel log;
    private final WorkbenchNotifier notifier;
    private final Runnable focusTimeline;

    ReportExport(Stage stage, LogPanel log, WorkbenchNotifier notifier, Runnable focusTimeline) {
        this.stage = stage;
        this.log = log;
        this.notifier = notifier;
        this.focusTimeline = focusTimeline;
    }

    /** Shows the export dialog for {@code set} with {@code results}, limited to {@code area} when not null. */
    void show(TraceSet set, List<Result> results, AreaSelection area) {
        long t0 = area == null ? -1 : area.absoluteStart(set);
        long t1 = area == null ? -1 : area.absoluteEnd(set);
        Path name = Path.of(set.name()).getFileName();
        Path file = Path.of(System.getProperty("user.home"),
                (name == null ? "parallax" : name.toString().replaceAll("\\.(json|gz|sqlite)$", "")) + "-report.pdf");
        ExportReportPane pane = new ExportReportPane(set, results, t0, t1, file);
        Stage dialog = new Stage();
        dialog.initOwner(stage);
        dialog.setTitle("Export report — " + set.name());
        Scene scene = new Scene(pane, 860, 520);
        if (stage.getScene() != null) {
            scene.getStylesheets().addAll(stage.getScene().getStylesheets());
        }
        dialog.setScene(scene);
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                dialog.close();
                e.consume();
            }
        });
        dialog.setOnHidden(e -> focusTimeline.run());
        pane.writtenProperty().addListener((o, a, b) -> {
            if (b != null) {
                log.log(LogPanel.Level.INFO, "Report written to " + b);
                notifier.done("Report exported", b.toString());
            }
        });
        dialog.show();
    }
}
