package dev.parallax.app.costmodel;

import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.longctx.LongContextProjectionAnalysis;
import dev.parallax.app.analysis.ResultView;
import dev.parallax.app.view.ViewContext;
import dev.parallax.trace.TraceSet;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The long-context projection of one trace set: target lengths, efficiency (measured or peak), model and
 * hardware on one line, and the result below — stacked prefill and decode time per operator class against the
 * context length (powers of two; a label names the bound a phase turns to), the KV cache of one sequence against
 * the HBM left for it, the concurrency that fits with the one-sequence line, the table and the findings.
 */
public final class LongContextPanel extends BorderPane {
    private final TraceSet set;
    private final ViewContext context;
    private final ResultView view;
    private final TextField contexts = new TextField();
    private final ChoiceBox<String> efficiency = new ChoiceBox<>();
    private final TextField model = new TextField();
    private final TextField hardware = new TextField();
    private final Label status = new Label();

    public LongContextPanel(TraceSet set, Result first, ViewContext context) {
        this.set = set;
        this.context = context;
        this.view = new ResultView(location -> context.select(set, location));
        setId("longctx-panel");
        contexts.setPromptText("e.g. 32k,128k,1m (empty: sweep)");
        contexts.setPrefColumnCount(16);
        contexts.setId("longctx-context");
        efficiency.getItems().addAll("measured", "peak");
        efficiency.setValue("measured");
        efficiency.setTooltip(new Tooltip("measured: each operator keeps its traced fraction of its roofline; "
                + "peak: each operator at its roofline"));
        model.setPromptText("model id or config.json (empty: from shapes)");
        model.setPrefColumnCount(18);
        hardware.setPromptText("hardware id (empty: from the trace)");
        hardware.setPrefColumnCount(12);
        Button project = new Button("Project");
        project.setId("longctx-project");
        project.setDefaultButton(true);
        project.setOnAction(e -> project());
        HBox bar = new HBox(6, new Label("Context"), contexts, new Label("Efficiency"), efficiency,
                new Label("Model"), model, new Label("Hardware"), hardware, project, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4));
        setTop(bar);
        setCenter(view);
        view.show(first);
    }

    /** The parameters as typed. */
    ParameterValues parameters() {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put(LongContextProjectionAnalysis.CONTEXT.id(), contexts.getText().trim());
        texts.put(LongContextProjectionAnalysis.EFFICIENCY.id(), efficiency.getValue());
        texts.put(LongContextProjectionAnalysis.MODEL.id(), model.getText().trim());
        texts.put(LongContextProjectionAnalysis.HARDWARE.id(), hardware.getText().trim());
        return ParameterValues.parse(new LongContextProjectionAnalysis().parameters(), texts);
    }

    /** Re-runs the projection with the parameters typed, off the FX thread. */
    void project() {
        ParameterValues p;
        try {
            p = parameters();
        } catch (IllegalArgumentException e) {
            status.setText(e.getMessage());
            return;
        }
        status.setText("projecting…");
        context.background("Long-context projection", progress -> context.run(LongContextProjectionAnalysis.ID, set,
                p, progress), r -> {
                    status.setText(r.applies() ? "" : r.applicability().reason());
                    view.show(r);
                });
    }

    /** The result view (for tests). */
    public ResultView resultView() {
        return view;
    }
}
