package dev.parallax.gpu.ui;

import dev.parallax.gpu.sampler.GpuSampler;
import dev.parallax.gpu.trace.TracedLaunch;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Profile > Launch and trace…: asks for a command line (run by {@code /bin/sh -c}), its working
 * folder, extra environment ({@code KEY=VALUE} lines), the trace file and the metric sampling, and
 * returns the {@link TracedLaunch.Options} to run. Self-contained: the caller runs the launch off
 * the FX thread and opens the trace.
 */
public final class LaunchAndTraceDialog extends Dialog<TracedLaunch.Options> {
    private final TextField command = new TextField();
    private final TextField folder = new TextField();
    private final TextArea environment = new TextArea();
    private final TextField output = new TextField();
    private final Spinner<Integer> intervalMs = new Spinner<>(10, 60_000, 500, 100);
    private final CheckBox metrics = new CheckBox("Record GPU metrics (NVML)");
    private final CheckBox nvtx = new CheckBox("Record NVTX ranges (off when the program runs torch.profiler)");
    private final Label problem = new Label();

    public LaunchAndTraceDialog(Path workingFolder, Path defaultOutput) {
        setTitle("Launch and trace");
        setHeaderText("Run a command with the GPU profiler on (CUPTI kernel timeline + NVML metrics)");
        command.setPromptText("python train.py --steps 20");
        command.setId("launch-command");
        folder.setText(workingFolder.toAbsolutePath().toString());
        folder.setId("launch-folder");
        environment.setPromptText("CUDA_VISIBLE_DEVICES=0\n# one KEY=VALUE per line");
        environment.setPrefRowCount(4);
        environment.setId("launch-environment");
        output.setText(defaultOutput.toAbsolutePath().toString());
        output.setId("launch-output");
        intervalMs.setEditable(true);
        metrics.setSelected(true);
        nvtx.setSelected(true);
        intervalMs.disableProperty().bind(metrics.selectedProperty().not());
        problem.setStyle("-fx-text-fill: #b00020;");
        problem.setId("launch-problem");

        Button browseFolder = new Button("…");
        browseFolder.setOnAction(e -> {
            DirectoryChooser c = new DirectoryChooser();
            File f = c.showDialog(getOwner());
            if (f != null) {
                folder.setText(f.getAbsolutePath());
            }
        });
        Button browseOutput = new Button("…");
        browseOutput.setOnAction(e -> {
            FileChooser c = new FileChooser();
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter("Chrome trace", "*.json"));
            File f = c.showSaveDialog(getOwner());
            if (f != null) {
                output.setText(f.getAbsolutePath());
            }
        });

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        grid.addRow(0, new Label("Command"), command);
        grid.addRow(1, new Label("Working folder"), grow(folder, browseFolder));
        grid.addRow(2, new Label("Environment"), environment);
        grid.addRow(3, new Label("Trace file"), grow(output, browseOutput));
        grid.addRow(4, new Label("Sample every (ms)"), intervalMs);
        grid.add(metrics, 1, 5);
        grid.add(nvtx, 1, 6);
        grid.add(problem, 1, 7);
        GridPane.setHgrow(command, Priority.ALWAYS);
        command.setPrefColumnCount(40);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);

        Node ok = getDialogPane().lookupButton(ButtonType.OK);
        ok.disableProperty().bind(Bindings.createBooleanBinding(this::invalid, command.textProperty(),
                environment.textProperty(), folder.textProperty(), output.textProperty()));
        setResultConverter(b -> b == ButtonType.OK ? options().orElse(null) : null);
    }

    private static HBox grow(TextField field, Button button) {
        HBox box = new HBox(4, field, button);
        HBox.setHgrow(field, Priority.ALWAYS);
        return box;
    }

    private boolean invalid() {
        String why = null;
        if (command.getText().isBlank()) {
            why = "Enter the command to run.";
        } else if (folder.getText().isBlank() || !new File(folder.getText()).isDirectory()) {
            why = "The working folder does not exist: " + folder.getText();
        } else if (output.getText().isBlank()) {
            why = "Choose the trace file to write.";
        } else {
            try {
                EnvironmentText.parse(environment.getText());
            } catch (IllegalArgumentException e) {
                why = e.getMessage();
            }
        }
        problem.setText(why == null ? "" : why);
        return why != null;
    }

    /** The launch the fields describe, or empty while they are incomplete (the reason is shown). */
    public Optional<TracedLaunch.Options> options() {
        if (invalid()) {
            return Optional.empty();
        }
        Map<String, String> env = EnvironmentText.parse(environment.getText());
        Optional<GpuSampler.Options> sampler = metrics.isSelected()
                ? Optional.of(GpuSampler.Options.every(Duration.ofMillis(intervalMs.getValue())))
                : Optional.empty();
        return Optional.of(TracedLaunch.Options.of(List.of("/bin/sh", "-c", command.getText().strip()),
                        Path.of(output.getText().strip()))
                .withWorkingDirectory(Path.of(folder.getText().strip()))
                .withEnvironment(env)
                .withSampler(sampler)
                .withNvtx(nvtx.isSelected()));
    }

    TextField commandField() {
        return command;
    }

    TextArea environmentField() {
        return environment;
    }

    Label problemLabel() {
        return problem;
    }
}
