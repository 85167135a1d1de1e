package dev.parallax.app.cli;

/**
 * The exit statuses of every {@code parallax} command (documented in docs/robustness.md). When several apply,
 * the most severe wins, in the order usage, output, input, loaded-with-errors.
 */
public final class ExitStatus {
    /** Every input loaded; every analysis ran; every output written. */
    public static final int OK = 0;
    /** An internal error (a bug): the message asks to report it; {@code --debug} prints the stack trace. */
    public static final int INTERNAL = 1;
    /** A usage error: an unknown option, analysis or section, a bad value, an output that names an input. */
    public static final int USAGE = 2;
    /**
     * An input could not be used: a file, rank or rules file that cannot be read, nothing loadable at all, or
     * ranks or analyses left out for lack of memory. What could be loaded is still reported.
     */
    public static final int INPUT = 3;
    /** An output (report, screenshot) could not be written. */
    public static final int OUTPUT = 4;
    /**
     * Every input loaded but at least one reported an ERROR diagnostic (part of a file could not be read, e.g.
     * malformed JSON after some events); the diagnostics say what was kept.
     */
    public static final int LOADED_WITH_ERRORS = 5;

    private ExitStatus() {
    }

    /** The more severe of two statuses. */
    public static int worst(int a, int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(int s) {
        return switch (s) {
            case OK -> 0;
            case LOADED_WITH_ERRORS -> 1;
            case INPUT -> 2;
            case OUTPUT -> 3;
            case USAGE -> 4;
            default -> 5;
        };
    }
}
