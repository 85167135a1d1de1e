package dev.parallax.app.timeline;

import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;

/** Colours, fonts and fixed geometry of the timeline canvas (a dark theme matching the workbench CSS). */
public final class TimelineTheme {
    public static final double RULER_HEIGHT = 30;
    public static final double DEFAULT_GUTTER = 250;

    public static final Color BACKGROUND = Color.web("#1b1e23");
    public static final Color TRACK_ALT = Color.web("#1f2329");
    public static final Color GUTTER = Color.web("#22262c");
    public static final Color GUTTER_BORDER = Color.web("#363b44");
    public static final Color SET_HEADER = Color.web("#2c323b");
    public static final Color RANK_HEADER = Color.web("#272c34");
    public static final Color PROCESS_HEADER = Color.web("#23272e");
    public static final Color RULER = Color.web("#262a31");
    public static final Color GRID = Color.web("#2c3038");
    public static final Color TEXT = Color.web("#d8dde4");
    public static final Color TEXT_DIM = Color.web("#8d96a3");
    public static final Color ACCENT = Color.web("#4c9bf5");
    public static final Color SELECTION = Color.web("#ffffff");
    public static final Color AREA_FILL = Color.web("#4c9bf5", 0.16);
    public static final Color AREA_EDGE = Color.web("#4c9bf5", 0.9);
    public static final Color MARK_FILL = Color.web("#f5c04c", 0.10);
    public static final Color MARK_EDGE = Color.web("#f5c04c");
    public static final Color FLOW = Color.web("#f0f3f6");
    public static final Color COUNTER_FILL = Color.web("#4c9bf5", 0.45);
    public static final Color COUNTER_LINE = Color.web("#7db7ff");
    public static final Color SEARCH_MARK = Color.web("#f5c04c");

    public static final Font LABEL = Font.font("System", 11);
    public static final Font HEADER = Font.font("System", FontWeight.BOLD, 12);
    public static final Font SMALL = Font.font("System", 10);

    private TimelineTheme() {
    }
}
