package dev.parallax.model.catalog;

import java.util.Locale;

/** Numeric formats of weights, activations and KV cache, with their storage size in bytes per element. */
public enum Dtype {
    FP32(4.0), TF32(4.0), FP16(2.0), BF16(2.0), FP8(1.0), INT8(1.0), INT4(0.5);

    private final double bytes;

    Dtype(double bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element (0.5 for 4-bit formats). */
    public double bytes() {
        return bytes;
    }

    /** Parses {@code bf16}, {@code fp16}, {@code float16}, {@code bfloat16}, {@code fp8}, {@code int8}, {@code int4}, {@code fp32}. */
    public static Dtype parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        switch (t) {
            case "fp32": case "float32": case "float": return FP32;
            case "tf32": return TF32;
            case "fp16": case "float16": case "half": return FP16;
            case "bf16": case "bfloat16": return BF16;
            case "fp8": case "float8": case "e4m3": case "e5m2": return FP8;
            case "int8": return INT8;
            case "int4": return INT4;
            default:
                throw new IllegalArgumentException("unknown dtype '" + text
                        + "' (expected one of fp32, tf32, fp16, bf16, fp8, int8, int4)");
        }
    }

    /** Lower-case name as used on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
