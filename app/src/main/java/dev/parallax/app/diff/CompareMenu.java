package dev.parallax.app.diff;

import dev.parallax.analysis.diff.StepSelection;
import dev.parallax.analysis.diff.TraceDiff;
import dev.parallax.app.view.MenuContribution;
import dev.parallax.app.view.ViewContext;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * File &gt; Compare Runs…: asks for the baseline A and the run B (a trace file or a folder of ranks each) and the
 * steps to compare (one range for both, or one per side, paired by order), then opens a {@link CompareWindow}.
 */
public final class CompareMenu implements MenuContribution {
    @Override
    public String menu() {
        return "File";
    }

    @Override
    public List<MenuItem> items(ViewContext context) {
        MenuItem compare = new MenuItem("Compare Runs…");
        compare.setId("menu-compare-runs");
        compare.setOnAction(e -> ask(context));
        return List.of(compare);
    }

    private static void ask(ViewContext context) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(context.owner());
        d.setTitle("Compare two runs");
        d.setHeaderText("B is compared with the baseline A (a trace file or a folder of rank files each)");
        TextField a = new TextField();
        TextField b = new TextField();
        TextField steps = new TextField("all");
        TextField stepsB = new TextField();
        stepsB.setPromptText("same as A");
        a.setPrefColumnCount(40);
        GridPane g = new GridPane();
        g.setHgap(6);
        g.setVgap(6);
        g.setPadding(new Insets(10));
        g.addRow(0, new Label("A (baseline)"), a, browse(a, context));
        g.addRow(1, new Label("B"), b, browse(b, context));
        g.addRow(2, new Label("Steps of A (all, N or N:M)"), steps);
        g.addRow(3, new Label("Steps of B"), stepsB);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.showAndWait().filter(t -> t == ButtonType.OK).ifPresent(t -> {
            if (a.getText().isBlank() || b.getText().isBlank()) {
                context.log("Compare: choose both runs");
                return;
            }
            StepSelection sa;
            StepSelection sb;
            try {
                sa = StepSelection.parse(steps.getText());
                sb = stepsB.getText().isBlank() ? sa : StepSelection.parse(stepsB.getText());
            } catch (IllegalArgumentException ex) {
                context.log("Compare: " + ex.getMessage());
                return;
            }
            CompareWindow.open(context, Path.of(a.getText().strip()), Path.of(b.getText().strip()),
                    TraceDiff.Options.defaults().withSteps(sa, sb));
        });
    }

    private static HBox browse(TextField target, ViewContext context) {
        Button file = new Button("File…");
        file.setOnAction(e -> {
            File f = new FileChooser().showOpenDialog(context.owner());
            if (f != null) {
                target.setText(f.getPath());
            }
        });
        Button folder = new Button("Folder…");
        folder.setOnAction(e -> {
            File f = new DirectoryChooser().showDialog(context.owner());
            if (f != null) {
                target.setText(f.getPath());
            }
        });
        return new HBox(4, file, folder);
    }
}
