package dev.parallax.app.costmodel;

import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.longctx.LongContextProjectionAnalysis;
import dev.parallax.app.analysis.ResultChartView;
import dev.parallax.app.analysis.ResultView;
import dev.parallax.app.view.ViewContext;
import dev.parallax.trace.TraceSet;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.util.StringConverter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The Cost Model from a trace set: the long-context projection of one of the opened trace sets, chosen on
 * the top line with the target lengths, efficiency (measured or peak), model and hardware. Below, on its
 * first tab, stacked prefill and decode time per operator class against the context length (log axis, the
 * lengths where a phase changes bound or attention overtakes the GEMMs marked), the KV cache of one sequence
 * against the HBM left for it and the concurrency that fits; then the summary, the findings and the tables.
 */
public final class LongContextPanel extends BorderPane {
    private final ViewContext context;
    private final BiConsumer<TraceSet, Result> record;
    private final ComboBox<TraceSet> sets = new ComboBox<>();
    private final ResultView view;
    private final TextField contexts = new TextField();
    private final ChoiceBox<String> efficiency = new ChoiceBox<>();
    private final TextField model = new TextField();
    private final TextField hardware = new TextField();
    private final Label status = new Label();
    private TraceSet shown;
    private boolean active = true;

    /**
     * @param openSets the workbench's opened trace sets (followed as they open and close)
     * @param record   receives each projection (so that it reaches the timeline and the report)
     */
    public LongContextPanel(ObservableList<TraceSet> openSets, ViewContext context,
                            BiConsumer<TraceSet, Result> record) {
        this.context = context;
        this.record = record;
        this.view = new ResultView(location -> context.select(sets.getValue(), location));
        setId("longctx-panel");
        sets.setId("longctx-set");
        sets.setItems(openSets);
        sets.setPromptText("open a trace set");
        sets.setConverter(new StringConverter<>() {
            @Override
            public String toString(TraceSet s) {
                return s == null ? "" : s.name();
            }

            @Override
            public TraceSet fromString(String s) {
                return null;
            }
        });
        contexts.setPromptText("e.g. 32k,128k,1m (empty: sweep)");
        contexts.setPrefColumnCount(14);
        contexts.setId("longctx-context");
        efficiency.getItems().addAll("measured", "peak");
        efficiency.setValue("measured");
        efficiency.setTooltip(new Tooltip("measured: each operator keeps its traced fraction of its roofline; "
                + "peak: each operator at its roofline"));
        model.setPromptText("model id or config.json (empty: from shapes)");
        model.setPrefColumnCount(16);
        hardware.setPromptText("hardware id (empty: from the trace)");
        hardware.setPrefColumnCount(10);
        Button project = new Button("Project");
        project.setId("longctx-project");
        project.setDefaultButton(true);
        project.setOnAction(e -> project());
        FlowPane bar = new FlowPane(6, 4, new Label("Trace set"), sets, new Label("Context"), contexts,
                new Label("Efficiency"), efficiency, new Label("Model"), model, new Label("Hardware"), hardware,
                project, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4));
        setTop(bar);
        setCenter(new Label("  Open a trace recorded with shapes (record_shapes=True) to project it to longer "
                + "contexts."));
        sets.valueProperty().addListener((o, a, b) -> {
            if (active && b != null && b != shown) {
                project();
            }
        });
        // a newly opened set is chosen; when the chosen one closes, the last opened
        openSets.addListener((ListChangeListener<TraceSet>) c -> {
            TraceSet added = null;
            while (c.next()) {
                if (c.wasAdded() && !c.getAddedSubList().isEmpty()) {
                    added = c.getAddedSubList().get(c.getAddedSize() - 1);
                }
            }
            if (added != null) {
                sets.setValue(added);
            } else if (sets.getValue() == null || !openSets.contains(sets.getValue())) {
                sets.setValue(openSets.isEmpty() ? null : openSets.get(openSets.size() - 1));
            }
        });
    }

    /**
     * Whether the panel is on screen: a set chosen while it is not (one opened meanwhile) is projected when it
     * becomes active, not before (a projection of a large trace takes a moment).
     */
    public void setActive(boolean on) {
        active = on;
        if (on) {
            choose(sets.getValue());
        }
    }

    /** Chooses {@code set} and projects it unless it is shown already; null: the chosen or last opened set. */
    public void choose(TraceSet set) {
        ObservableList<TraceSet> items = sets.getItems();
        TraceSet s = set != null ? set : items.isEmpty() ? null : items.get(items.size() - 1);
        if (s != null && s == sets.getValue()) {
            if (s != shown) {
                project();
            }
        } else {
            sets.setValue(s);
        }
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

    /** Projects the chosen set with the parameters typed, off the FX thread. */
    void project() {
        TraceSet set = sets.getValue();
        if (set == null) {
            status.setText("open a trace set first");
            return;
        }
        ParameterValues p;
        try {
            p = parameters();
        } catch (IllegalArgumentException e) {
            status.setText(e.getMessage());
            return;
        }
        shown = set;
        status.setText("projecting " + set.name() + "…");
        context.background("Long-context projection", progress -> context.run(LongContextProjectionAnalysis.ID, set,
                p, progress), r -> {
                    if (set != sets.getValue()) {
                        return; // another set was chosen meanwhile
                    }
                    status.setText(r.applies() ? "" : r.applicability().reason());
                    show(r);
                    record.accept(set, r);
                });
    }

    /** Shows {@code r}: its charts together on a first tab, then the result view's summary and tables. */
    private void show(Result r) {
        view.show(r);
        setCenter(view);
        List<ResultChartView> charts = new ArrayList<>(view.chartViews());
        if (charts.isEmpty()) {
            return;
        }
        view.tabs().getTabs().removeIf(t -> t.getId() != null && t.getId().startsWith("tab-chart-"));
        GridPane grid = new GridPane();
        grid.setHgap(4);
        grid.setVgap(4);
        grid.setId("longctx-charts");
        for (int i = 0; i < charts.size(); i++) {
            ResultChartView c = charts.get(i);
            c.setMinSize(200, 160);
            c.setPrefSize(460, 300);
            GridPane.setHgrow(c, Priority.ALWAYS);
            GridPane.setVgrow(c, Priority.ALWAYS);
            grid.add(c, i % 2, i / 2);
        }
        Tab tab = new Tab("Projection", grid);
        tab.setId("tab-projection");
        view.tabs().getTabs().add(0, tab);
        view.tabs().getSelectionModel().select(0);
    }

    /** The chosen trace set. */
    public ComboBox<TraceSet> setChooser() {
        return sets;
    }

    /** The result view (for tests). */
    public ResultView resultView() {
        return view;
    }

    /** The projection's chart of id {@code id}, or null. */
    public ResultChartView chart(String id) {
        return view.chartViews().stream().filter(c -> c.chart().id().equals(id)).findFirst().orElse(null);
    }
}
