package dev.parallax.app.workbench;

import dev.parallax.app.search.SearchBar;
import dev.parallax.app.timeline.TimelineView;
import dev.parallax.trace.TraceSet;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** Builds the workbench toolbar: open buttons, zoom, search and the chooser of the analysed trace set. */
final class WorkbenchToolBar {
    private WorkbenchToolBar() {
    }

    static ToolBar build(WorkbenchActions actions, TimelineView timeline, SearchBar search,
                         ComboBox<TraceSet> setChooser) {
        Button openFile = new Button("Open…");
        openFile.setTooltip(new Tooltip("Open trace files (Ctrl+O)"));
        openFile.setOnAction(e -> actions.chooseFiles().run());
        Button openFolder = new Button("Open Folder…");
        openFolder.setTooltip(new Tooltip("Open a folder of rank traces (Ctrl+Shift+O)"));
        openFolder.setOnAction(e -> actions.chooseFolder().run());
        Button zoomIn = new Button("+");
        zoomIn.setTooltip(new Tooltip("Zoom in (W)"));
        zoomIn.setOnAction(e -> timeline.zoomAt(timeline.model().viewport().width() / 2, 0.5));
        Button zoomOut = new Button("−");
        zoomOut.setTooltip(new Tooltip("Zoom out (S)"));
        zoomOut.setOnAction(e -> timeline.zoomAt(timeline.model().viewport().width() / 2, 2));
        Button fit = new Button("Fit");
        fit.setTooltip(new Tooltip("Zoom to fit the chosen trace set (Ctrl+0)"));
        fit.setOnAction(e -> actions.fit().run());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        // sized so that the whole strip fits a 1280-px window (the key hint is in the status bar)
        Label analyse = new Label("Analyse:");
        setChooser.setPrefWidth(200);
        search.field().setPrefWidth(260);
        return new ToolBar(openFile, openFolder, new Separator(), zoomIn, zoomOut, fit,
                new Separator(), search, new Separator(), analyse, setChooser, grow);
    }
}
