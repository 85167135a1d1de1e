package dev.parallax.analysis.classify;

import java.util.regex.Pattern;

/**
 * One rule of a {@link RuleSet}: when a slice's name and category match (each regex searched with
 * {@link java.util.regex.Matcher#find()}, a missing regex matches anything) and its scope fits, the slice
 * gets {@code kernelClass}. Rules are tried in order; the first match wins. Only the first
 * {@link #MAX_MATCHED_CHARS} characters of a name or category are searched, so that a rule such as
 * {@code internode.*combine} stays fast on a hostile trace's megabyte-long names.
 *
 * @param id short name of the rule, shown in explanations
 * @param scope which events the rule may claim
 * @param collective collective type given by this rule, or null to infer it from the name
 */
public record ClassificationRule(String id, Scope scope, Pattern name, Pattern category, KernelClass kernelClass,
                                 CollectiveType collective) {

    /** The longest prefix of a name or category the rules search (real kernel names stay far below). */
    public static final int MAX_MATCHED_CHARS = 8192;

    /** Which events a rule applies to. */
    public enum Scope { GPU, CPU, ANY }

    public boolean matches(boolean gpu, String eventName, String eventCategory) {
        if (scope == Scope.GPU && !gpu || scope == Scope.CPU && gpu) {
            return false;
        }
        if (name != null && !name.matcher(bounded(eventName)).find()) {
            return false;
        }
        return category == null || category.matcher(bounded(eventCategory)).find();
    }

    private static CharSequence bounded(String s) {
        return s.length() <= MAX_MATCHED_CHARS ? s : s.subSequence(0, MAX_MATCHED_CHARS);
    }
}
