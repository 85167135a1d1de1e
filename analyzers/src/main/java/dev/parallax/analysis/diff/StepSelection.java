package dev.parallax.analysis.diff;

import dev.parallax.analysis.gpu.RankProfile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which profiler steps of one side to compare: all of them (the default), or an inclusive range of step
 * numbers ({@code 1009:1010}, {@code 12}). Parsed from the command line's {@code --steps} texts.
 *
 * @param first first step number, or -1 for all steps
 * @param last  last step number (inclusive), or -1 for all steps
 */
public record StepSelection(long first, long last) {
    /** Every step. */
    public static final StepSelection ALL = new StepSelection(-1, -1);

    /** Parses {@code all}, {@code N} or {@code N:M}; an IllegalArgumentException says what is wrong. */
    public static StepSelection parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.equalsIgnoreCase("all")) {
            return ALL;
        }
        try {
            int colon = t.indexOf(':');
            long a = Long.parseLong((colon < 0 ? t : t.substring(0, colon)).strip());
            long b = colon < 0 ? a : Long.parseLong(t.substring(colon + 1).strip());
            if (a < 0 || b < a) {
                throw new IllegalArgumentException("step range '" + text + "' is empty or negative");
            }
            return new StepSelection(a, b);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("steps '" + text + "': expected all, N or N:M (ProfilerStep numbers)");
        }
    }

    public boolean isAll() {
        return first < 0;
    }

    /** The steps of {@code steps} chosen here, each number once (the first annotation of a number wins). */
    public List<RankProfile.Step> choose(List<RankProfile.Step> steps) {
        List<RankProfile.Step> out = new ArrayList<>();
        Set<Long> seen = new LinkedHashSet<>();
        for (RankProfile.Step s : steps) {
            if (s.number() >= 0 && !seen.add(s.number())) {
                continue;
            }
            if (isAll() || (s.number() >= first && s.number() <= last)) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return isAll() ? "all" : first == last ? String.valueOf(first) : first + ":" + last;
    }
}
