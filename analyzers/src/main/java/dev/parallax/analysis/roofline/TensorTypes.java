package dev.parallax.analysis.roofline;

import dev.parallax.model.catalog.Dtype;

import java.util.Locale;

/**
 * The element types PyTorch's profiler writes in {@code Input type} ({@code c10::BFloat16}, {@code float},
 * {@code long int}, ...): their size in bytes and the compute dtype whose peak applies to them.
 */
public final class TensorTypes {
    private TensorTypes() {
    }

    /** Bytes per element of a profiler type name; 0 when the name is not a tensor element type. */
    public static double bytes(String type) {
        if (type == null) {
            return 0;
        }
        String t = type.toLowerCase(Locale.ROOT);
        if (t.contains("float8") || t.contains("fp8")) {
            return 1;
        }
        if (t.contains("bfloat16") || t.contains("half") || t.equals("short int") || t.equals("short")) {
            return 2;
        }
        if (t.contains("complex<double>")) {
            return 16;
        }
        if (t.equals("double") || t.contains("complex<float>") || t.equals("long int") || t.equals("long")
                || t.equals("int64_t") || t.equals("long long")) {
            return 8;
        }
        if (t.equals("float") || t.equals("int") || t.equals("unsigned int") || t.contains("qint32")) {
            return 4;
        }
        if (t.equals("bool") || t.equals("signed char") || t.equals("unsigned char") || t.contains("qint8")
                || t.contains("quint8")) {
            return 1;
        }
        return 0;
    }

    /** Whether the name is a tensor element type (not {@code Scalar}, {@code ScalarList}, {@code TensorList}, ''). */
    public static boolean isTensorType(String type) {
        return bytes(type) > 0;
    }

    /**
     * The compute dtype whose peak applies: BF16, FP16, FP8, FP32 (also for double, and TF32 is not assumed), INT8
     * for 8-bit integers; null for other integer types and unknown names.
     */
    public static Dtype dtype(String type) {
        if (type == null) {
            return null;
        }
        String t = type.toLowerCase(Locale.ROOT);
        if (t.contains("float8") || t.contains("fp8")) {
            return Dtype.FP8;
        }
        if (t.contains("bfloat16")) {
            return Dtype.BF16;
        }
        if (t.contains("half")) {
            return Dtype.FP16;
        }
        if (t.equals("float") || t.equals("double")) {
            return Dtype.FP32;
        }
        if (t.equals("signed char") || t.contains("qint8")) {
            return Dtype.INT8;
        }
        return null;
    }

    /**
     * The element type of a PyTorch {@code ScalarType} code as {@code Concrete Inputs} write it for a {@code dtype}
     * argument (c10/core/ScalarType.h order); null when unknown.
     */
    public static String fromScalarTypeCode(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        switch (code.trim()) {
            case "0": case "1": return "unsigned char";
            case "2": return "short int";
            case "3": return "int";
            case "4": return "long int";
            case "5": return "c10::Half";
            case "6": return "float";
            case "7": return "double";
            case "11": return "bool";
            case "15": return "c10::BFloat16";
            case "23": return "c10::Float8_e5m2";
            case "24": return "c10::Float8_e4m3fn";
            default: return null;
        }
    }
}
