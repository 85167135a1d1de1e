package dev.parallax.app.report;

import dev.parallax.analysis.Result;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * File &gt; Export Report…: the sections to include, a title, the file to write and a preview of the first
 * page. Rendering runs off the UI thread with progress and can be cancelled; the file is written
 * atomically (see {@link ReportRenderer#render}).
 */
public final class ExportReportPane extends BorderPane {
    private static final Executor WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "report-export");
        t.setDaemon(true);
        return t;
    });

    private final TraceSet traces;
    private final List<Result> results;
    private final long selectionStart;
    private final long selectionEnd;
    private final TextField title = new TextField("Performance report");
    private final TextField output = new TextField();
    private final Map<ReportContent.Section, CheckBox> sections = new EnumMap<>(ReportContent.Section.class);
    private final ImageView preview = new ImageView();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label();
    private final Button export = new Button("Export");
    private final Button cancel = new Button("Cancel");
    private final ReadOnlyObjectWrapper<Path> written = new ReadOnlyObjectWrapper<>();
    private Task<Path> running;

    /**
     * @param selectionStart start of the timeline selection (ns) for a second snapshot, or -1
     * @param defaultFile where the report goes unless the user chooses another file
     */
    public ExportReportPane(TraceSet traces, List<Result> results, long selectionStart, long selectionEnd, Path defaultFile) {
        this.traces = traces;
        this.results = List.copyOf(results);
        this.selectionStart = selectionStart;
        this.selectionEnd = selectionEnd;
        output.setText(defaultFile.toAbsolutePath().toString());
        setPadding(new Insets(12));
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, new Label("Title"), title);
        Button choose = new Button("Choose…");
        choose.setOnAction(e -> chooseFile());
        HBox file = new HBox(6, output, choose);
        HBox.setHgrow(output, Priority.ALWAYS);
        form.addRow(1, new Label("File"), file);
        GridPane.setHgrow(title, Priority.ALWAYS);
        GridPane.setHgrow(file, Priority.ALWAYS);
        VBox checks = new VBox(4);
        for (ReportContent.Section s : ReportContent.Section.values()) {
            CheckBox cb = new CheckBox(s.label());
            cb.setSelected(true);
            cb.selectedProperty().addListener((o, a, b) -> refreshPreview());
            sections.put(s, cb);
            checks.getChildren().add(cb);
        }
        form.addRow(2, new Label("Sections"), checks);
        Label analyses = new Label(results.isEmpty() ? "No analysis has been run: the report holds the traces' "
                + "overview, timeline and diagnostics." : results.size() + " analysis results will be included.");
        analyses.setWrapText(true);
        form.add(analyses, 1, 3);
        title.textProperty().addListener((o, a, b) -> refreshPreview());

        preview.setFitWidth(260);
        preview.setPreserveRatio(true);
        VBox previewBox = new VBox(4, new Label("First page"), preview);
        previewBox.setPadding(new Insets(0, 0, 0, 12));

        progress.setMaxWidth(Double.MAX_VALUE);
        progress.setVisible(false);
        HBox.setHgrow(progress, Priority.ALWAYS);
        export.setDefaultButton(true);
        export.setOnAction(e -> export());
        cancel.setOnAction(e -> {
            if (running != null) {
                running.cancel();
            }
        });
        cancel.setDisable(true);
        HBox buttons = new HBox(8, progress, status, export, cancel);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        buttons.setPadding(new Insets(10, 0, 0, 0));

        setCenter(form);
        setRight(previewBox);
        setBottom(buttons);
        refreshPreview();
    }

    /** The file written by the last successful export (null until then). */
    public ReadOnlyObjectProperty<Path> writtenProperty() {
        return written.getReadOnlyProperty();
    }

    public TextField outputField() {
        return output;
    }

    public Image previewImage() {
        return preview.getImage();
    }

    public Button exportButton() {
        return export;
    }

    public Label statusLabel() {
        return status;
    }

    private ReportContent content(boolean firstPageOnly) {
        EnumSet<ReportContent.Section> chosen = EnumSet.noneOf(ReportContent.Section.class);
        if (!firstPageOnly) {
            sections.forEach((s, cb) -> {
                if (cb.isSelected()) {
                    chosen.add(s);
                }
            });
        }
        return new ReportContent(title.getText(), traces, results, chosen, ZonedDateTime.now(), selectionStart,
                selectionEnd);
    }

    private void refreshPreview() {
        ReportContent c = content(true);
        Task<Image> t = new Task<>() {
            @Override
            protected Image call() throws Exception {
                try (PDDocument doc = new ReportRenderer().build(c, Progress.none())) {
                    return SwingFXUtils.toFXImage(new PDFRenderer(doc).renderImageWithDPI(0, 50), null);
                }
            }
        };
        t.setOnSucceeded(e -> preview.setImage(t.getValue()));
        WORKER.execute(t);
    }

    private void chooseFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export report");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PDF", "*.pdf"));
        Path current = Path.of(output.getText());
        if (current.getParent() != null && current.getParent().toFile().isDirectory()) {
            fc.setInitialDirectory(current.getParent().toFile());
        }
        fc.setInitialFileName(current.getFileName() == null ? "report.pdf" : current.getFileName().toString());
        java.io.File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            output.setText(f.getAbsolutePath());
        }
    }

    /** Starts writing the report in the background. */
    public void export() {
        if (running != null && running.isRunning()) {
            return;
        }
        Path target = Path.of(output.getText().trim());
        ReportContent c = content(false);
        Task<Path> t = new Task<>() {
            @Override
            protected Path call() throws Exception {
                Task<Path> self = this;
                new ReportRenderer().render(c, target, new Progress() {
                    @Override
                    public void update(long done, long total, String message) {
                        updateProgress(done, Math.max(total, 1));
                        updateMessage(message);
                    }

                    @Override
                    public boolean isCancelled() {
                        return self.isCancelled();
                    }
                });
                return target;
            }
        };
        running = t;
        progress.setVisible(true);
        progress.progressProperty().bind(t.progressProperty());
        status.textProperty().bind(t.messageProperty());
        export.setDisable(true);
        cancel.setDisable(false);
        t.setOnSucceeded(e -> finish("Written " + t.getValue().getFileName(), t.getValue()));
        t.setOnCancelled(e -> finish("Cancelled: nothing was written", null));
        t.setOnFailed(e -> finish("Could not write the report: " + t.getException().getMessage(), null));
        WORKER.execute(t);
    }

    private void finish(String message, Path result) {
        progress.progressProperty().unbind();
        status.textProperty().unbind();
        progress.setVisible(false);
        status.setText(message);
        export.setDisable(false);
        cancel.setDisable(true);
        if (result != null) {
            written.set(result);
        }
    }
}
