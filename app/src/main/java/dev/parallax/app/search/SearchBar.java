package dev.parallax.app.search;

import dev.parallax.app.timeline.SliceRef;
import dev.parallax.app.timeline.TimelineView;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import javafx.animation.PauseTransition;
import javafx.concurrent.Task;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.util.Duration;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.regex.PatternSyntaxException;

/**
 * The search box: a substring (or, with ".*" on, a regular expression) matched against slice names of
 * every open trace; Enter / the arrows step to the next or previous match (Shift+Enter goes back), which
 * is selected and scrolled into view; the label counts matches. Searching runs off the UI thread.
 */
public final class SearchBar extends HBox {
    private final TextField field = new TextField();
    private final ToggleButton regex = new ToggleButton(".*");
    private final Button prev = new Button("▲");
    private final Button next = new Button("▼");
    private final Label count = new Label("");
    private final TimelineView timeline;
    private final Executor executor;
    private final PauseTransition debounce = new PauseTransition(Duration.millis(250));
    private SliceSearch.Matches matches;
    private String matchedQuery = "";
    private boolean matchedRegex;
    private int current = -1;
    private Task<SliceSearch.Matches> running;
    private Runnable afterSearch;

    public SearchBar(TimelineView timeline, Executor executor) {
        super(4);
        this.timeline = timeline;
        this.executor = executor;
        getStyleClass().add("search-bar");
        setAlignment(Pos.CENTER_LEFT);
        field.setPromptText("Search slices  (Enter: next, Shift+Enter: previous)");
        field.setPrefColumnCount(28);
        field.setId("search-field");
        regex.setTooltip(new Tooltip("Regular expression"));
        regex.setId("search-regex");
        prev.setTooltip(new Tooltip("Previous match (Shift+Enter)"));
        next.setTooltip(new Tooltip("Next match (Enter)"));
        count.setId("search-count");
        count.setMinWidth(90);
        getChildren().addAll(field, regex, prev, next, count);
        debounce.setOnFinished(e -> search(null));
        field.textProperty().addListener((o, a, b) -> debounce.playFromStart());
        regex.selectedProperty().addListener((o, a, b) -> search(null));
        field.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                step(e.isShiftDown() ? -1 : 1);
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                timeline.requestFocus();
                e.consume();
            }
        });
        prev.setOnAction(e -> step(-1));
        next.setOnAction(e -> step(1));
    }

    public TextField field() {
        return field;
    }

    /** Number of matches of the last finished search (0 when none). */
    public int matchCount() {
        return matches == null ? 0 : matches.size();
    }

    /** Index of the current match, or -1. */
    public int currentIndex() {
        return current;
    }

    public SliceSearch.Matches matches() {
        return matches;
    }

    /** Runs {@code r} after each search finishes (for tests and the status bar). */
    public void setAfterSearch(Runnable r) {
        afterSearch = r;
    }

    /** Sets the query and searches now. */
    public void setQuery(String q, boolean asRegex) {
        regex.setSelected(asRegex);
        field.setText(q);
        debounce.stop();
        search(null);
    }

    /** Moves to the next ({@code dir} = 1) or previous (-1) match, searching first when the query changed. */
    public void step(int dir) {
        if (matches == null || !field.getText().equals(matchedQuery) || regex.isSelected() != matchedRegex) {
            search(() -> step(dir));
            return;
        }
        if (matches.size() == 0) {
            return;
        }
        SliceRef sel = timeline.selectedProperty().get();
        int at = sel == null ? -1 : matches.indexOf(sel);
        if (at >= 0) {
            current = Math.floorMod(at + dir, matches.size());
        } else if (current < 0) {
            current = firstFrom(timeline.model().viewport().start(), dir);
        } else {
            current = Math.floorMod(current + dir, matches.size());
        }
        timeline.select(matches.get(current));
        updateCount();
    }

    /** The match nearest after (dir &gt; 0) or before display time {@code t}, wrapping around. */
    private int firstFrom(long t, int dir) {
        int best = -1;
        for (int i = 0; i < matches.size(); i++) {
            long d = matches.displayStart(i);
            if (dir > 0 ? d >= t && (best < 0 || d < matches.displayStart(best))
                    : d < t && (best < 0 || d >= matches.displayStart(best))) {
                best = i;
            }
        }
        return best >= 0 ? best : dir > 0 ? 0 : matches.size() - 1;
    }

    private void search(Runnable then) {
        debounce.stop();
        if (running != null) {
            running.cancel();
        }
        String q = field.getText();
        boolean rx = regex.isSelected();
        field.getStyleClass().remove("error");
        if (q.isEmpty()) {
            timeline.setSearchMarks(null);
            matches = null;
            matchedQuery = q;
            current = -1;
            count.setText("");
            return;
        }
        List<TraceSet> sets = List.copyOf(timeline.model().sets());
        long[][] marks = new long[1][];
        Task<SliceSearch.Matches> task = new Task<>() {
            @Override
            protected SliceSearch.Matches call() {
                Task<?> self = this;
                SliceSearch.Matches m = SliceSearch.run(sets, q, rx, new Progress() {
                    @Override
                    public void update(long done, long total, String message) {
                    }

                    @Override
                    public boolean isCancelled() {
                        return self.isCancelled();
                    }
                });
                marks[0] = m.sortedDisplayStarts();
                return m;
            }
        };
        running = task;
        count.setText("searching…");
        task.setOnSucceeded(e -> {
            if (running != task) {
                return;
            }
            running = null;
            matches = task.getValue();
            timeline.setSearchMarks(marks[0]);
            matchedQuery = q;
            matchedRegex = rx;
            current = -1;
            updateCount();
            if (then != null) {
                then.run();
            }
            if (afterSearch != null) {
                afterSearch.run();
            }
        });
        task.setOnFailed(e -> {
            if (running != task) {
                return;
            }
            running = null;
            matches = null;
            Throwable ex = task.getException();
            if (ex instanceof PatternSyntaxException pse) {
                count.setText("bad regex");
                count.setTooltip(new Tooltip(pse.getDescription()));
                field.getStyleClass().add("error");
            } else {
                count.setText("search failed");
            }
            if (afterSearch != null) {
                afterSearch.run();
            }
        });
        executor.execute(task);
    }

    private void updateCount() {
        if (matches == null) {
            count.setText("");
        } else if (matches.size() == 0) {
            count.setText("no matches");
        } else if (current < 0) {
            count.setText(String.format("%,d matches", matches.size()));
        } else {
            count.setText(String.format("%,d / %,d", current + 1, matches.size()));
        }
    }
}
