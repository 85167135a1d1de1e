package dev.parallax.model.roofline;

/** Which roof limits an operator: peak FLOP/s or memory bandwidth. */
public enum Bound {
    COMPUTE, MEMORY
}
