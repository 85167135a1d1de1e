package dev.parallax.app.workbench;

import dev.parallax.analysis.Result;
import dev.parallax.app.fx.BackgroundTasks;
import dev.parallax.app.view.ResultViewFactory;
import dev.parallax.app.view.ViewContext;
import dev.parallax.app.view.ViewInput;
import dev.parallax.trace.TraceSet;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The tabs of the contributed views ({@link ResultViewFactory}): one per factory, in {@link
 * ResultViewFactory#order()} then id order (a repeated id is used once). A tab first says what its view shows
 * with a button to run it on the chosen trace set; running prepares the view in the background and shows it,
 * or, when its analysis does not apply, the one-line reason.
 */
final class ViewTabs {
    private final Map<String, ResultViewFactory> factories = new LinkedHashMap<>();
    private final Map<String, Tab> tabs = new LinkedHashMap<>();
    private final ViewContext context;
    private final BackgroundTasks tasks;
    private final Supplier<TraceSet> chosen;
    private final BiConsumer<TraceSet, Result> record;

    ViewTabs(List<ResultViewFactory> found, ViewContext context, BackgroundTasks tasks, Supplier<TraceSet> chosen,
             BiConsumer<TraceSet, Result> record) {
        this.context = context;
        this.tasks = tasks;
        this.chosen = chosen;
        this.record = record;
        List<ResultViewFactory> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(ResultViewFactory::order).thenComparing(ResultViewFactory::id));
        Set<String> ids = new HashSet<>();
        for (ResultViewFactory f : sorted) {
            if (!ids.add(f.id())) {
                context.log("View '" + f.id() + "' of " + f.getClass().getName() + " not used: the id is taken");
                continue;
            }
            factories.put(f.id(), f);
            Tab t = new Tab(f.title());
            t.setId("view-" + f.id());
            t.setClosable(false);
            t.setContent(placeholder(f));
            tabs.put(f.id(), t);
        }
    }

    /** The tabs, in order. */
    List<Tab> tabs() {
        return List.copyOf(tabs.values());
    }

    /** The view factories, in tab order. */
    List<ResultViewFactory> factories() {
        return List.copyOf(factories.values());
    }

    Optional<Tab> tab(String id) {
        return Optional.ofNullable(tabs.get(id));
    }

    /** Prepares the views that open with {@code set} (e.g. the pipeline view of a pipeline-parallel job). */
    void opened(TraceSet set) {
        for (ResultViewFactory f : factories.values()) {
            boolean open;
            try {
                open = f.openOnLoad(set);
            } catch (RuntimeException e) {
                context.log("View '" + f.id() + "' failed deciding whether to open: " + BackgroundTasks.message(e));
                open = false;
            }
            if (open) {
                show(f.id(), set);
            }
        }
    }

    /** Prepares view {@code id} for {@code set} in the background and shows it in its tab; false if unknown. */
    boolean show(String id, TraceSet set) {
        ResultViewFactory f = factories.get(id);
        Tab tab = tabs.get(id);
        if (f == null || set == null) {
            return false;
        }
        tab.setContent(message("Analysing " + set.name() + "…"));
        tasks.submit(f.title() + " view", p -> f.prepare(set, context, p), input -> shown(f, tab, input));
        return true;
    }

    private void shown(ResultViewFactory f, Tab tab, ViewInput input) {
        record.accept(input.set(), input.result());
        if (!input.result().applies()) {
            Label l = message(f.title() + " does not apply to " + input.set().name() + ": "
                    + input.result().applicability().reason());
            l.setId("view-not-applicable");
            tab.setContent(withBar(f, input.set(), l));
            return;
        }
        Node n;
        try {
            n = f.create(input, context);
        } catch (RuntimeException e) {
            context.log("View '" + f.id() + "' failed: " + BackgroundTasks.message(e));
            n = message(f.title() + " view failed: " + BackgroundTasks.message(e));
        }
        tab.setContent(withBar(f, input.set(), n));
    }

    /** The view under a bar saying which trace set it shows, with a button to run it again on the chosen set. */
    private javafx.scene.layout.BorderPane withBar(ResultViewFactory f, TraceSet set, Node content) {
        Label which = new Label(f.title() + " of " + setLabel(set));
        which.setId("view-set");
        which.getStyleClass().add("view-set");
        Button again = new Button("Run on the chosen trace set");
        again.setOnAction(e -> show(f.id(), chosen.get()));
        javafx.scene.layout.Region grow = new javafx.scene.layout.Region();
        javafx.scene.layout.HBox.setHgrow(grow, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.layout.HBox bar = new javafx.scene.layout.HBox(8, which, grow, again);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        javafx.scene.layout.BorderPane pane = new javafx.scene.layout.BorderPane(content);
        pane.setTop(bar);
        return pane;
    }

    /** A set's file or folder name and its rank count, e.g. {@code pipeline-1f1b-pp4-tp2 (8 ranks)}. */
    static String setLabel(TraceSet set) {
        java.nio.file.Path p = java.nio.file.Path.of(set.name()).getFileName();
        return (p == null ? set.name() : p.toString()) + " (" + set.size() + (set.size() == 1 ? " rank)" : " ranks)");
    }

    private Node placeholder(ResultViewFactory f) {
        Label l = new Label(f.description());
        l.setWrapText(true);
        Button b = new Button("Run on the chosen trace set");
        b.setOnAction(e -> show(f.id(), chosen.get()));
        VBox box = new VBox(10, l, b);
        box.setPadding(new Insets(16));
        return box;
    }

    private static Label message(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setPadding(new Insets(12));
        return l;
    }
}
