package dev.parallax.analysis.diff;

import dev.parallax.analysis.kernels.KernelBreakdownAnalysis;

import java.util.regex.Pattern;

/**
 * Folds a device kernel's name to the key two runs are matched on: the return type ({@code void}), template
 * arguments, the parameter list, a {@code [clone ...]} suffix and the architecture prefix of vendor
 * libraries ({@code sm90_}, {@code ampere_}, {@code volta_}, ... in cuBLAS/CUTLASS names) are dropped, so that
 * {@code void at::native::vectorized_elementwise_kernel<4, FillFunctor<float>, ...>(int, ...)} and the same
 * kernel instantiated for {@code half} compare as one. Memory copies keep their direction
 * ({@code Memcpy HtoD (Pinned -> Device)} becomes {@code Memcpy HtoD}). The raw names stay with the key.
 */
public final class KernelNames {
    private static final Pattern ARCH_PREFIX = Pattern.compile(
            "^(sm\\d+_|ampere_|volta_|turing_|hopper_|maxwell_|pascal_|blackwell_|ada_)");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private KernelNames() {
    }

    /** The matching key of {@code raw}; never empty (a name made only of brackets is kept as it is). */
    public static String normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            return "(unnamed)";
        }
        String s = raw.strip();
        int clone = s.indexOf(" [clone");
        if (clone > 0) {
            s = s.substring(0, clone);
        }
        s = s.replace("(anonymous namespace)::", "");
        if (s.startsWith("Memcpy ") || s.startsWith("Memset ")) {
            int paren = s.indexOf(" (");
            return paren > 0 ? s.substring(0, paren) : s;
        }
        String out = SPACES.matcher(KernelBreakdownAnalysis.withoutBrackets(s).strip()).replaceAll(" ");
        int space = out.lastIndexOf(' ');
        if (space >= 0) {
            // "void ns::kernel" or "at::Tensor ns::kernel": the last word is the name
            out = out.substring(space + 1);
        }
        out = ARCH_PREFIX.matcher(out).replaceFirst("");
        return out.isEmpty() ? s : out;
    }
}
