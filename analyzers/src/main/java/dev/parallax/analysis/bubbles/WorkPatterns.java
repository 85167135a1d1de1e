package dev.parallax.analysis.bubbles;

import dev.parallax.model.pipeline.OpKind;

import java.util.regex.Pattern;

/**
 * Name patterns of the annotations that mark pipeline work: Megatron-LM ({@code forward_step},
 * {@code backward_step} and its NVTX ranges), torch.distributed.pipelining ({@code F3}, {@code B3},
 * {@code W3}-style action names), DeepSpeed ({@code _exec_forward_pass}, {@code _exec_backward_pass}).
 */
public record WorkPatterns(Pattern forward, Pattern backward, Pattern weight) {

    public static final String DEFAULT_FORWARD =
            "(?i)^(forward[_-]?step|forward[_-]compute|_?exec_forward_pass|forwardpass|pp[:_ ]forward)\\b.*|^F\\d+\\b.*";
    public static final String DEFAULT_BACKWARD =
            "(?i)^(backward[_-]?step|backward[_-]compute|_?exec_backward_pass|backwardpass|backward[_-]input|pp[:_ ]backward)\\b.*|^B\\d+\\b.*";
    public static final String DEFAULT_WEIGHT =
            "(?i)^(backward[_-]?weight|weight[_-]?grad(ient)?|_?exec_backward_weight_pass)\\b.*|^W\\d+\\b.*";

    public static WorkPatterns of(String forward, String backward, String weight) {
        return new WorkPatterns(Pattern.compile(forward), Pattern.compile(backward), Pattern.compile(weight));
    }

    public static WorkPatterns defaults() {
        return of(DEFAULT_FORWARD, DEFAULT_BACKWARD, DEFAULT_WEIGHT);
    }

    /** The kind of work a name marks, or null. Weight patterns are tried first (they often start like backward ones). */
    public OpKind classify(String name) {
        if (weight.matcher(name).matches()) {
            return OpKind.W;
        }
        if (forward.matcher(name).matches()) {
            return OpKind.F;
        }
        if (backward.matcher(name).matches()) {
            return OpKind.B;
        }
        return null;
    }
}
