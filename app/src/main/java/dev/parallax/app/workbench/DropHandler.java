package dev.parallax.app.workbench;

import javafx.scene.Node;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Accepts files and folders dropped on the window (several at once, also while traces are open) and hands
 * them to the opener; {@link #accept(List)} is what a drop does, callable directly.
 */
public final class DropHandler {
    private final Consumer<List<Path>> opener;

    public DropHandler(Consumer<List<Path>> opener) {
        this.opener = opener;
    }

    /** Makes {@code target} a drop target. */
    public void install(Node target) {
        target.addEventHandler(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
                e.consume();
            }
        });
        target.addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            boolean ok = drop(e.getDragboard());
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    /** Opens the files of a dragboard; false when it holds none. */
    public boolean drop(Dragboard board) {
        if (!board.hasFiles()) {
            return false;
        }
        return accept(board.getFiles());
    }

    /** Opens dropped files and folders; false when the list is empty. */
    public boolean accept(List<File> files) {
        List<Path> paths = new ArrayList<>();
        for (File f : files) {
            paths.add(f.toPath());
        }
        if (paths.isEmpty()) {
            return false;
        }
        opener.accept(paths);
        return true;
    }
}
