package dev.parallax.app.workbench;

import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** The File > Open dialogs for trace files and for a folder of rank traces. */
final class OpenDialogs {
    private OpenDialogs() {
    }

    static void chooseFiles(Window owner, Consumer<List<File>> chosen) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open trace files");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Traces", "*.json", "*.json.gz", "*.gz", "*.sqlite", "*.log",
                        "*.txt", "*.pt.trace.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        List<File> files = fc.showOpenMultipleDialog(owner);
        if (files != null) {
            chosen.accept(files);
        }
    }

    static void chooseFolder(Window owner, Consumer<List<Path>> chosen) {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a folder of traces (one file per rank)");
        File dir = dc.showDialog(owner);
        if (dir != null) {
            chosen.accept(List.of(dir.toPath()));
        }
    }
}
