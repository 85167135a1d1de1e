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
