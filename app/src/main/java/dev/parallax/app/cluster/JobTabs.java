package dev.parallax.app.cluster;

import dev.parallax.cluster.JobResult;
import dev.parallax.cluster.JobResultJson;
import dev.parallax.cluster.RankRecord;
import javafx.application.Platform;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Opens job results (recognised by content, whatever their name) as job views in the workbench's tabs, and a
 * rank's trace from a job view on the normal timeline: its path when it is on this machine, else a copy the
 * user locates (a trace on HDFS or S3 is copied by the user first).
 */
public final class JobTabs {
    private final TabPane tabs;
    private final Consumer<List<Path>> openTraces;
    private final Consumer<String> log;
    private final Executor background;
    private final Window owner;

    public JobTabs(TabPane tabs, Consumer<List<Path>> openTraces, Consumer<String> log, Executor background,
                   Window owner) {
        this.tabs = tabs;
        this.openTraces = openTraces;
        this.log = log;
        this.background = background;
        this.owner = owner;
    }

    /** Opens the job results among {@code paths} and returns the other paths (traces to load as usual). */
    public List<Path> openJobs(List<Path> paths) {
        List<Path> rest = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isRegularFile(p) && JobResultJson.looksLike(p)) {
                background.execute(() -> {
                    try {
                        JobResult job = JobResultJson.read(p);
                        Platform.runLater(() -> show(job, p));
                    } catch (IOException | RuntimeException e) {
                        Platform.runLater(() -> log.accept("Could not open the job result " + p + ": " + e.getMessage()));
                    }
                });
            } else {
                rest.add(p);
            }
        }
        return rest;
    }

    /** Shows {@code job} in a new tab and selects it. */
    public JobView show(JobResult job, Path file) {
        JobView view = new JobView(job, this::openRank);
        Tab tab = new Tab("Job: " + (file == null ? job.name() : file.getFileName()), view);
        tab.setId("job-tab");
        tab.setClosable(true);
        tabs.getTabs().add(tab);
        tabs.getSelectionModel().select(tab);
        log.accept("Opened job result " + (file == null ? job.name() : file) + ": " + job.ranks().size() + " ranks, "
                + job.stragglers().size() + " straggler findings");
        return view;
    }

    /** Opens the trace of {@code rank}: its recorded path when it is a readable local file, else one the user picks. */
    public void openRank(RankRecord rank) {
        Path local = localPath(rank.path());
        if (local != null && Files.isReadable(local)) {
            tabs.getSelectionModel().select(0);
            openTraces.accept(List.of(local));
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Locate a copy of rank " + rank.rank() + "'s trace (" + rank.path() + ")");
        File f = fc.showOpenDialog(owner);
        if (f != null) {
            tabs.getSelectionModel().select(0);
            openTraces.accept(List.of(f.toPath()));
        }
    }

    /** The local file a recorded path names ({@code /x}, {@code file:/x}, {@code file:///x}), or null. */
    public static Path localPath(String recorded) {
        try {
            if (recorded.startsWith("file:")) {
                return Path.of(URI.create(recorded.startsWith("file://") || recorded.startsWith("file:/")
                        ? recorded.replaceFirst("^file:/+", "file:///") : recorded));
            }
            if (recorded.matches("^[A-Za-z][A-Za-z0-9+.-]+://.*")) {
                return null;
            }
            return Path.of(recorded);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }
}
