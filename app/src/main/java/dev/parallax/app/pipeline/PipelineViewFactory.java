package dev.parallax.app.pipeline;

import dev.parallax.analysis.bubbles.BubbleAnalysis;
import dev.parallax.analysis.bubbles.StageMap;
import dev.parallax.app.view.ResultViewFactory;
import dev.parallax.app.view.ViewContext;
import dev.parallax.app.view.ViewInput;
import dev.parallax.trace.TraceSet;
import javafx.scene.Node;

import java.util.List;

/**
 * The workbench's "Pipeline" view: the {@code bubbles} analysis as a measured-versus-simulated schedule diagram
 * ({@link BubblesView}); prepared as soon as a trace set with pipeline process groups opens.
 */
public final class PipelineViewFactory implements ResultViewFactory {
    @Override
    public String id() {
        return "pipeline";
    }

    @Override
    public String title() {
        return "Pipeline";
    }

    @Override
    public String description() {
        return "Pipeline bubbles: open all ranks of a pipeline-parallel job (the bundled sample "
                + "pipeline-1f1b-pp4-tp2 shows one), then run this view on the chosen trace set.";
    }

    @Override
    public List<String> analysisIds() {
        return List.of(BubbleAnalysis.ID);
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public boolean openOnLoad(TraceSet set) {
        return StageMap.fromProcessGroups(set).isPresent();
    }

    @Override
    public Node create(ViewInput input, ViewContext context) {
        BubblesView view = new BubblesView(loc -> context.select(input.set(), loc));
        view.show(input.result());
        javafx.scene.control.Label job = new javafx.scene.control.Label(jobLabel(input.set()));
        job.setId("pipeline-job");
        job.getStyleClass().add("view-job");
        javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(4, job, view);
        javafx.scene.layout.VBox.setVgrow(view, javafx.scene.layout.Priority.ALWAYS);
        return box;
    }

    /** Which job the view shows: the set's file or folder name and its rank count. */
    static String jobLabel(TraceSet set) {
        java.nio.file.Path p = java.nio.file.Path.of(set.name()).getFileName();
        return "Job: " + (p == null ? set.name() : p.toString()) + " (" + set.size()
                + (set.size() == 1 ? " rank)" : " ranks)");
    }
}
