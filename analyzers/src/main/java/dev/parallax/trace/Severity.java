package dev.parallax.trace;

/** How much a diagnostic or a finding matters. */
public enum Severity {
    INFO,
    WARNING,
    ERROR
}
