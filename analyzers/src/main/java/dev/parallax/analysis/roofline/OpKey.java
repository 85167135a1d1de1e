package dev.parallax.analysis.roofline;

import java.util.ArrayList;
import java.util.List;

/**
 * What makes two operator calls the same for grouping, as in TraceLens's per-category tables: the operator name,
 * the dims and element types of its tensor arguments, and the values of its scalar arguments (e.g. SDPA's
 * {@code is_causal}).
 *
 * @param name     operator name
 * @param dims     input dims as text ({@code 8944x1024, 1024x2816})
 * @param types    input element types as text
 * @param concrete scalar argument values that were recorded, as text
 */
public record OpKey(String name, String dims, String types, String concrete) {

    /** The key of an operator call; an operator without shapes is keyed by its name alone. */
    public static OpKey of(String name, OpShapes shapes) {
        if (shapes == null) {
            return new OpKey(name, "", "", "");
        }
        List<String> d = new ArrayList<>();
        List<String> t = new ArrayList<>();
        List<String> c = new ArrayList<>();
        for (OpShapes.Input in : shapes.inputs()) {
            if (in.shapes().isEmpty()) {
                if (!in.concrete().isEmpty()) {
                    c.add(in.concrete());
                }
                continue;
            } else if (in.shapes().size() == 1) {
                d.add(WorkModel.dims(in.dims()));
            } else {
                List<String> parts = new ArrayList<>();
                in.shapes().forEach(s -> parts.add(WorkModel.dims(s)));
                d.add("[" + String.join(", ", parts) + "]");
            }
            t.add(shortType(in.type()));
        }
        return new OpKey(name, String.join(", ", d), String.join(", ", t), String.join(", ", c));
    }

    /** {@code c10::BFloat16} → {@code bf16}, {@code float} → {@code fp32}, others unchanged. */
    public static String shortType(String type) {
        switch (type) {
            case "c10::BFloat16": return "bf16";
            case "c10::Half": return "fp16";
            case "float": return "fp32";
            case "double": return "fp64";
            case "long int": return "int64";
            case "int": return "int32";
            default:
                return type.startsWith("c10::Float8_") ? "fp8_" + type.substring(12) : type;
        }
    }
}
