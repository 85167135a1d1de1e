package dev.parallax.analysis.criticalpath;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One what-if: events whose name matches {@code pattern} (a regular expression, found anywhere in the name)
 * run {@code factor} times faster. Written {@code REGEX:FACTOR}; several are separated by {@code ;}
 * (e.g. {@code aten::mm:2;nccl:1.5}). The factor follows the last colon, so {@code aten::mm:2} works.
 */
public record Shrink(Pattern pattern, double factor) {

    /** Parses a list; throws IllegalArgumentException naming the bad item. */
    public static List<Shrink> parseList(String text) {
        List<Shrink> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String item : text.split(";")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new IllegalArgumentException("shrink: '" + s + "' is not REGEX:FACTOR (e.g. gemm:2)");
            }
            double f;
            try {
                f = Double.parseDouble(s.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("shrink: '" + s.substring(colon + 1) + "' in '" + s
                        + "' is not a number");
            }
            if (!(f > 0) || Double.isInfinite(f)) {
                throw new IllegalArgumentException("shrink: the factor in '" + s + "' must be positive");
            }
            try {
                out.add(new Shrink(Pattern.compile(s.substring(0, colon)), f));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("shrink: '" + s.substring(0, colon) + "' is not a regular "
                        + "expression (" + e.getDescription() + ")");
            }
        }
        return out;
    }

    /** How this what-if reads, e.g. {@code aten::mm 2× faster}. */
    public String label() {
        return pattern.pattern() + " " + (factor == Math.rint(factor) ? String.valueOf((long) factor)
                : String.valueOf(factor)) + "× faster";
    }
}
