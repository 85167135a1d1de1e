package dev.parallax.app.analysis;

import dev.parallax.analysis.Applicability;
import dev.parallax.app.fx.BackgroundTasks;
import javafx.application.Platform;

import dev.parallax.analysis.Analyses;
import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.Parameter;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.gpu.GpuAnalysis;
import dev.parallax.analysis.gpu.ProfileCache;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.CancelledException;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.DefaultPropertyEditorFactory;
import org.controlsfx.property.editor.Editors;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses and runs analyses on a {@link TraceSet}: a list of every registered analysis, its parameters in
 * a ControlsFX {@link PropertySheet} (defaults filled in, edits kept per analysis), Run and Cancel, a
 * progress bar, and the {@link ResultView} of the last result. Analyses run off the UI thread; the
 * classification of each rank is cached for the set, so running a second analysis is quick.
 */
public final class AnalysesPanel extends BorderPane {
    private final ListView<Analysis> list = new ListView<>();
    private final PropertySheet sheet = new PropertySheet();
    private final Button run = new Button("Run");
    private final Button cancel = new Button("Cancel");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label("Open a trace to run analyses.");
    private final ResultView resultView;
    private final Map<String, Map<String, Object>> values = new HashMap<>();
    private TraceSet traceSet;
    private ProfileCache cache = new ProfileCache();
    private Task<Result> running;
    private final Map<String, Applicability> applicability = new HashMap<>();
    private int generation;

    public AnalysesPanel(Analyses analyses, Navigator navigator) {
        setId("analyses-panel");
        resultView = new ResultView(navigator);
        list.setId("analysis-list");
        list.getItems().setAll(analyses.all());
        list.setCellFactory(x -> new ListCell<>() {
            @Override
            protected void updateItem(Analysis a, boolean empty) {
                super.updateItem(a, empty);
                Applicability ap = empty || a == null ? null : applicability.get(a.id());
                boolean greyed = ap != null && !ap.applies();
                setText(empty || a == null ? null : a.title() + "  [" + a.id() + "]"
                        + (greyed ? " — does not apply" : ""));
                setTooltip(empty || a == null ? null : new javafx.scene.control.Tooltip(
                        greyed ? "Does not apply: " + ap.reason() : a.description()));
                setOpacity(greyed ? 0.55 : 1);
                getStyleClass().remove("not-applicable");
                if (greyed) {
                    getStyleClass().add("not-applicable");
                }
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            showParameters(b);
            showApplicability(b);
        });
        list.setPrefHeight(140);
        sheet.setId("parameters");
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        DefaultPropertyEditorFactory defaults = new DefaultPropertyEditorFactory();
        sheet.setPropertyEditorFactory(item -> item instanceof ParameterItem p && !p.parameter().choices().isEmpty()
                ? Editors.createChoiceEditor(item, p.parameter().choices()) : defaults.call(item));
        run.setId("run-analysis");
        run.setDefaultButton(true);
        run.setOnAction(e -> runSelected());
        cancel.setId("cancel-analysis");
        cancel.setDisable(true);
        cancel.setOnAction(e -> cancel());
        progress.setId("analysis-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progress, Priority.ALWAYS);
        status.setId("analysis-status");
        HBox buttons = new HBox(6, run, cancel, progress);
        VBox left = new VBox(6, new Label("Analyses"), list, new Label("Parameters"), sheet, buttons, status);
        left.setPadding(new Insets(6));
        VBox.setVgrow(sheet, Priority.ALWAYS);
        SplitPane split = new SplitPane(left, resultView);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.3);
        setCenter(split);
        if (!list.getItems().isEmpty()) {
            list.getSelectionModel().select(0);
        }
        updateButtons();
    }

    /** The trace set analyses run on (null: none); a new set drops the cached classification. */
    public void setTraceSet(TraceSet set) {
        cancel();
        this.traceSet = set;
        this.cache = new ProfileCache();
        status.setText(set == null ? "Open a trace to run analyses." : "Ready: " + set.name() + " (" + set.size()
                + (set.size() == 1 ? " rank)" : " ranks)"));
        applicability.clear();
        list.refresh();
        updateButtons();
        if (set != null) {
            decideApplicability(set, ++generation);
        }
    }

    /**
     * Asks every analysis, off the JavaFX thread, whether it applies to {@code set}; those that do not are greyed
     * in the list with their one-line reason (they can still run, and then say why).
     */
    private void decideApplicability(TraceSet set, int gen) {
        List<Analysis> all = List.copyOf(list.getItems());
        Thread t = new Thread(() -> {
            Map<String, Applicability> found = new HashMap<>();
            for (Analysis a : all) {
                try {
                    found.put(a.id(), a.applicability(set));
                } catch (RuntimeException e) {
                    found.put(a.id(), Applicability.APPLIES);
                }
            }
            Platform.runLater(() -> {
                if (gen == generation) {
                    applicability.putAll(found);
                    list.refresh();
                    showApplicability(selected());
                }
            });
        }, "analysis-applicability");
        t.setDaemon(true);
        t.start();
    }

    private void showApplicability(Analysis a) {
        Applicability ap = a == null ? null : applicability.get(a.id());
        if (ap != null && !ap.applies() && running == null) {
            status.setText(a.title() + " does not apply: " + ap.reason());
        }
    }

    /** Whether analysis {@code id} applies to the current set, once decided (null before). */
    public Applicability applicability(String id) {
        return applicability.get(id);
    }

    /** Selects the analysis with {@code id}; false when there is none. */
    public boolean select(String id) {
        for (Analysis a : list.getItems()) {
            if (a.id().equals(id)) {
                list.getSelectionModel().select(a);
                return true;
            }
        }
        return false;
    }

    public Analysis selected() {
        return list.getSelectionModel().getSelectedItem();
    }

    /** Sets a parameter of the selected analysis (as if edited in the sheet). */
    public void setParameter(String id, Object value) {
        Analysis a = selected();
        if (a != null) {
            values.computeIfAbsent(a.id(), k -> new LinkedHashMap<>()).put(id, value);
            showParameters(a);
        }
    }

    /** The selected analysis's parameter values as chosen in the sheet. */
    public ParameterValues currentValues() {
        Analysis a = selected();
        Map<String, String> texts = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.getOrDefault(a.id(), Map.of()).entrySet()) {
            Object v = e.getValue();
            Parameter<?> p = a.parameters().stream().filter(x -> x.id().equals(e.getKey())).findFirst().orElse(null);
            if (v instanceof Number n && p != null && (p.type() == Integer.class || p.type() == Long.class)) {
                v = n.longValue(); // numeric editors may hand back a Double for an integer parameter
            }
            texts.put(e.getKey(), String.valueOf(v));
        }
        return ParameterValues.parse(a.parameters(), texts);
    }

    private void showParameters(Analysis a) {
        sheet.getItems().clear();
        if (a == null) {
            return;
        }
        Map<String, Object> v = values.computeIfAbsent(a.id(), k -> new LinkedHashMap<>());
        for (Parameter<?> p : a.parameters()) {
            sheet.getItems().add(new ParameterItem(p, a.title(), v));
        }
    }

    /** Runs the selected analysis in the background; returns its task, or null when nothing can run. */
    public Task<Result> runSelected() {
        Analysis a = selected();
        if (a == null || traceSet == null || running != null) {
            return null;
        }
        ParameterValues params;
        try {
            params = currentValues();
        } catch (IllegalArgumentException e) {
            status.setText(e.getMessage());
            return null;
        }
        TraceSet set = traceSet;
        ProfileCache c = cache;
        Task<Result> task = BackgroundTasks.task("Running " + a.title(),
                p -> a instanceof GpuAnalysis g ? g.run(set, params, p, c) : a.run(set, params, p));
        progress.progressProperty().bind(task.progressProperty());
        status.textProperty().bind(task.messageProperty());
        task.setOnSucceeded(e -> finish(task, "Done: " + a.title()));
        task.setOnCancelled(e -> finish(task, "Cancelled."));
        task.setOnFailed(e -> {
            Throwable ex = task.getException();
            finish(task, ex instanceof CancelledException ? "Cancelled." : "Failed: " + ex.getMessage());
        });
        running = task;
        updateButtons();
        Thread t = new Thread(task, "analysis-" + a.id());
        t.setDaemon(true);
        t.start();
        return task;
    }

    private void finish(Task<Result> task, String message) {
        progress.progressProperty().unbind();
        status.textProperty().unbind();
        progress.setProgress(task.getState() == javafx.concurrent.Worker.State.SUCCEEDED ? 1 : 0);
        status.setText(message);
        if (task.getState() == javafx.concurrent.Worker.State.SUCCEEDED) {
            resultView.show(task.getValue());
        }
        if (running == task) {
            running = null;
        }
        updateButtons();
    }

    /** Cancels the running analysis, if any. */
    public void cancel() {
        if (running != null) {
            running.cancel();
        }
    }

    private void updateButtons() {
        run.setDisable(traceSet == null || running != null);
        cancel.setDisable(running == null);
    }

    public ResultView resultView() {
        return resultView;
    }

    public PropertySheet propertySheet() {
        return sheet;
    }

    public List<Analysis> analyses() {
        return list.getItems();
    }
}
