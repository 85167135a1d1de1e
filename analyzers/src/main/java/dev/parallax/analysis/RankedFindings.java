package dev.parallax.analysis;

import dev.parallax.trace.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Findings of one kind (one {@link Finding#code()}) about several ranks or streams, reported as one: "ranks
 * 0–7: 99 % of GPU idle time is host wait; worst rank 4 at 100 %". The worst member (largest value) gives the
 * explanation, suggestion and place; every member's own summary goes to {@link Finding#details()}; the severity
 * is the worst member's and the gain the largest member's (ranks run in parallel, so the step gains at most the
 * largest single-rank gain). A kind found on one rank only is reported unchanged.
 */
public final class RankedFindings {
    /** One member: a rank (or stream) number, the value that ranks it, and its own finding. */
    public record Member(int rank, double value, Finding finding) {
    }

    /** Writes the grouped summary from the members' rank list ("ranks 0–7") and the worst member. */
    @FunctionalInterface
    public interface Headline {
        String of(String ranks, Member worst);
    }

    private final Map<String, List<Member>> byCode = new LinkedHashMap<>();
    private final Map<String, Headline> headlines = new LinkedHashMap<>();

    /** Adds a member finding; {@code headline} writes the summary when the code groups several members. */
    public RankedFindings add(int rank, double value, Finding finding, Headline headline) {
        byCode.computeIfAbsent(finding.code(), k -> new ArrayList<>()).add(new Member(rank, value, finding));
        headlines.putIfAbsent(finding.code(), headline);
        return this;
    }

    /** One finding per code, in the order codes were first added. */
    public List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<Member>> e : byCode.entrySet()) {
            out.add(group(e.getValue(), headlines.get(e.getKey())));
        }
        return out;
    }

    /** Adds {@link #findings()} to {@code result}. */
    public void addTo(Result.Builder result) {
        findings().forEach(result::finding);
    }

    static Finding group(List<Member> members, Headline headline) {
        if (members.size() == 1) {
            return members.get(0).finding();
        }
        Member worst = members.stream().max(Comparator.comparingDouble(Member::value)).orElseThrow();
        Severity severity = members.stream().map(m -> m.finding().severity()).max(Comparator.naturalOrder())
                .orElseThrow();
        long gain = members.stream().mapToLong(m -> m.finding().gainNs()).max().orElse(-1);
        List<Member> byRank = new ArrayList<>(members);
        byRank.sort(Comparator.comparingInt(Member::rank));
        List<String> details = byRank.stream().map(m -> m.finding().summary()).toList();
        Finding w = worst.finding();
        String summary = headline.of(ranges("ranks", byRank.stream().mapToInt(Member::rank).toArray()), worst);
        return new Finding(w.code(), severity, summary, w.explanation(), w.suggestion(), w.location(), gain, details);
    }

    /** "ranks 0–3, 5, 7–8" from sorted numbers (one number: "rank 5"). */
    public static String ranges(String noun, int[] sorted) {
        if (sorted.length == 1) {
            return noun.replaceAll("s$", "") + " " + sorted[0];
        }
        StringBuilder sb = new StringBuilder(noun).append(' ');
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) {
                j++;
            }
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(sorted[i]);
            if (j > i) {
                sb.append(j == i + 1 ? ", " : "–").append(sorted[j]);
            }
            i = j + 1;
        }
        return sb.toString();
    }
}
