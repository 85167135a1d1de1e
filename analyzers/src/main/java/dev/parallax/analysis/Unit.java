package dev.parallax.analysis;

/**
 * The unit of a metric or a table column. Values are stored in the unit named here (a duration in
 * {@link #US} is a number of microseconds); views, the command line's text and the PDF format them to a
 * human scale from the unit, and the JSON writes the stored number unchanged.
 */
public enum Unit {
    /** A plain number or text without a unit. */
    NONE(""),
    /** A count of things (events, ranks, requests). */
    COUNT(""),
    NS("ns"),
    US("µs"),
    MS("ms"),
    S("s"),
    BYTES("B"),
    /** A percentage, 0–100. */
    PERCENT("%"),
    /** A dimensionless ratio (1.0 = equal), e.g. a speed-up. */
    RATIO("×"),
    /** A fraction 0–1 (stored as such; shown as a percentage). */
    FRACTION(""),
    /** Events per second (requests, steps). */
    PER_S("/s"),
    /** Floating-point operations. */
    FLOP("FLOP"),
    /** Floating-point operations per second. */
    FLOP_PER_S("FLOP/s"),
    /** Bytes per second. */
    BYTES_PER_S("B/s"),
    /** Operations per byte (arithmetic intensity). */
    FLOP_PER_BYTE("FLOP/B"),
    TOKENS("tokens"),
    TOKENS_PER_S("tokens/s"),
    WATT("W"),
    HZ("Hz");

    private final String symbol;

    Unit(String symbol) {
        this.symbol = symbol;
    }

    /** The unit's symbol as printed after a value, empty for none. */
    public String symbol() {
        return symbol;
    }

    /**
     * The unit a symbol written before units were typed stands for ({@code us}/{@code µs}, {@code ns},
     * {@code ms}, {@code s}, {@code %}, {@code B}/{@code bytes}, ...); {@link #NONE} for an empty or unknown one.
     */
    public static Unit ofSymbol(String symbol) {
        if (symbol == null) {
            return NONE;
        }
        String s = symbol.trim();
        if (s.equals("us")) {
            return US;
        }
        if (s.equals("bytes")) {
            return BYTES;
        }
        for (Unit u : values()) {
            if (!u.symbol.isEmpty() && u.symbol.equals(s)) {
                return u;
            }
        }
        return NONE;
    }

    /** True for the four duration units. */
    public boolean isTime() {
        return this == NS || this == US || this == MS || this == S;
    }

    /** Nanoseconds in one of this duration unit; throws for other units. */
    public double nanos() {
        return switch (this) {
            case NS -> 1;
            case US -> 1e3;
            case MS -> 1e6;
            case S -> 1e9;
            default -> throw new IllegalStateException(this + " is not a duration");
        };
    }
}
