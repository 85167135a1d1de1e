package dev.parallax.model.pipeline;

/**
 * Pipeline passes: F forward, B backward for the input gradient (the whole backward in schedules that do not
 * split it), W backward for the weight gradient (Zero Bubble, Qi et al. 2024).
 */
public enum OpKind {
    F, B, W
}
