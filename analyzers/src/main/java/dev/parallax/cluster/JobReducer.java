package dev.parallax.cluster;

import dev.parallax.analysis.gpu.Outliers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reduces per-rank records into a {@link JobResult}: a distribution of every metric, stragglers by robust
 * z-score, the ranks × steps heatmap, per-collective arrival skew, and summaries per node and per pipeline
 * stage. Runs on a cluster's driver or in one JVM; the cluster only pre-reduces collective instances
 * ({@link InstanceArrivals#merge}) so that no rank's arrivals travel to the driver.
 */
public final class JobReducer {
    /** Metrics where a high value marks a rank that stands out (step time, idle, exposed communication, lateness). */
    public static final List<String> STRAGGLER_METRICS = List.of("steps.median_us", "breakdown.idle_pct",
            "overlap.exposed_us", "collectives.last_arrivals");
    /** Robust z-score above which a rank is a straggler (Iglewicz and Hoaglin's 3.5). */
    public static final double Z_THRESHOLD = 3.5;
    /** ... and at least this many percent above the median. */
    public static final double MIN_EXCESS_PCT = 5;
    private static final int TOP_LAST_ARRIVERS = 10;

    private JobReducer() {
    }

    /** What the reduced job was, for the result's header. */
    public record JobInfo(String name, String engine, List<String> analyses, Map<String, String> parameters,
                          long wallNanos) {
    }

    /** Reduces records that still hold their collective arrivals (one JVM). */
    public static JobResult reduce(JobInfo info, List<RankRecord> records) {
        Map<CollectiveArrival.InstanceKey, InstanceArrivals> instances = new HashMap<>();
        for (RankRecord r : records) {
            for (CollectiveArrival a : r.collectives()) {
                instances.merge(a.key(), InstanceArrivals.of(r.rank(), a), InstanceArrivals::merge);
            }
        }
        return reduce(info, records, instances.values(), List.of());
    }

    /**
     * Reduces records with their collective instances already reduced.
     *
     * @param notes further diagnostics (e.g. duplicate ranks found while listing files)
     */
    public static JobResult reduce(JobInfo info, List<RankRecord> records, Collection<InstanceArrivals> instances,
                                   List<String> notes) {
        List<String> diagnostics = new ArrayList<>(notes);
        List<RankRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(RankRecord::rank).thenComparing(RankRecord::path));
        List<InstanceArrivals> matched = instances.stream().filter(i -> i.ranks() >= 2).toList();
        Map<Integer, Integer> lastCounts = new HashMap<>();
        for (InstanceArrivals i : matched) {
            lastCounts.merge(i.lastRank(), 1, Integer::sum);
        }
        List<RankRecord> ranks = new ArrayList<>();
        for (RankRecord r : sorted) {
            if (r.isSkipped()) {
                diagnostics.add("skipped " + r.path() + ": " + r.error());
                continue;
            }
            RankRecord k = r.withoutCollectives();
            if (k.ok() && !matched.isEmpty()) {
                k = k.withMetric("collectives.last_arrivals", lastCounts.getOrDefault(k.rank(), 0));
            }
            ranks.add(k);
            if (!k.ok()) {
                diagnostics.add("rank " + k.rank() + " (" + k.path() + "): " + k.error());
            }
            for (String d : k.diagnostics()) {
                diagnostics.add("rank " + k.rank() + ": " + d);
            }
        }
        Map<Integer, String> seen = new HashMap<>();
        for (RankRecord r : ranks) {
            String prev = seen.putIfAbsent(r.rank(), r.path());
            if (prev != null) {
                diagnostics.add("rank " + r.rank() + " is claimed by both " + prev + " and " + r.path());
            }
        }
        List<RankRecord> ok = ranks.stream().filter(RankRecord::ok).toList();
        List<Distribution> distributions = distributions(ok);
        List<Straggler> stragglers = stragglers(ok, matched.size());
        return new JobResult(JobResult.FORMAT, JobResult.VERSION, info.name(), info.engine(), Instant.now().toString(),
                info.analyses(), info.parameters(), info.wallNanos(), ranks, distributions, stragglers, heatmap(ok),
                skew(matched), groups(ok, stragglers, r -> r.node()),
                groups(ok.stream().filter(r -> r.stage() >= 0).toList(), stragglers, r -> "stage " + r.stage()),
                diagnostics);
    }

    static List<Distribution> distributions(List<RankRecord> ok) {
        TreeSet<String> keys = new TreeSet<>();
        ok.forEach(r -> keys.addAll(r.metrics().keySet()));
        List<Distribution> out = new ArrayList<>();
        for (String key : keys) {
            List<RankRecord> with = ok.stream().filter(r -> r.metrics().containsKey(key)).toList();
            int[] rs = with.stream().mapToInt(RankRecord::rank).toArray();
            double[] vs = with.stream().mapToDouble(r -> r.metric(key)).toArray();
            out.add(Distribution.of(key, rs, vs));
        }
        return out;
    }

    /**
     * Ranks that stand out on a {@link #STRAGGLER_METRICS} metric; on {@code collectives.last_arrivals} a rank
     * must also be last in at least a quarter of the matched instances (and twice), since most ranks are
     * never last and a single late arrival is noise.
     */
    static List<Straggler> stragglers(List<RankRecord> ok, int instances) {
        List<Straggler> out = new ArrayList<>();
        for (String key : STRAGGLER_METRICS) {
            List<RankRecord> with = ok.stream().filter(r -> r.metrics().containsKey(key)).toList();
            double[] vs = with.stream().mapToDouble(r -> r.metric(key)).toArray();
            if (vs.length < 3) {
                continue;
            }
            double med = Outliers.median(vs);
            double mad = Outliers.mad(vs);
            for (int i : Outliers.high(vs, Z_THRESHOLD, MIN_EXCESS_PCT)) {
                RankRecord r = with.get(i);
                if (key.equals("collectives.last_arrivals") && vs[i] < Math.max(2, 0.25 * instances)) {
                    continue;
                }
                out.add(new Straggler(r.rank(), key, vs[i], med, Outliers.robustZ(vs[i], med, mad), r.node(),
                        r.stage(), r.path()));
            }
        }
        out.sort(Comparator.comparing((Straggler s) -> STRAGGLER_METRICS.indexOf(s.metric()))
                .thenComparing(Straggler::robustZ, Comparator.reverseOrder()).thenComparingInt(Straggler::rank));
        return out;
    }

    static Heatmap heatmap(List<RankRecord> ok) {
        List<String> steps = new ArrayList<>();
        for (RankRecord r : ok) {
            for (StepFigures s : r.steps()) {
                if (!steps.contains(s.step())) {
                    steps.add(s.step());
                }
            }
        }
        if (steps.isEmpty()) {
            return Heatmap.empty();
        }
        steps.sort(Comparator.comparingLong(JobReducer::stepNumber).thenComparing(Comparator.naturalOrder()));
        List<Integer> ranks = new ArrayList<>();
        List<List<Double>> time = new ArrayList<>();
        List<List<Double>> idle = new ArrayList<>();
        for (RankRecord r : ok) {
            Map<String, StepFigures> byName = new HashMap<>();
            r.steps().forEach(s -> byName.putIfAbsent(s.step(), s));
            List<Double> t = new ArrayList<>();
            List<Double> i = new ArrayList<>();
            for (String s : steps) {
                StepFigures f = byName.get(s);
                t.add(f == null || !Double.isFinite(f.spanUs()) ? null : f.spanUs());
                i.add(f == null || !Double.isFinite(f.idlePct()) ? null : f.idlePct());
            }
            ranks.add(r.rank());
            time.add(t);
            idle.add(i);
        }
        return new Heatmap(ranks, steps, time, idle);
    }

    private static long stepNumber(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("#\\s*(\\d+)").matcher(name);
        return m.find() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }

    static List<CollectiveSkew> skew(List<InstanceArrivals> matched) {
        Map<String, List<InstanceArrivals>> byCollective = new TreeMap<>();
        for (InstanceArrivals i : matched) {
            byCollective.computeIfAbsent(i.group() + "\u0000" + i.type(), k -> new ArrayList<>()).add(i);
        }
        List<CollectiveSkew> out = new ArrayList<>();
        for (List<InstanceArrivals> list : byCollective.values()) {
            double[] spreads = list.stream().mapToDouble(i -> i.spreadNs() / 1000.0).sorted().toArray();
            Map<Integer, Integer> last = new HashMap<>();
            int ranks = 0;
            for (InstanceArrivals i : list) {
                last.merge(i.lastRank(), 1, Integer::sum);
                ranks = Math.max(ranks, i.ranks());
            }
            List<CollectiveSkew.RankCount> top = last.entrySet().stream()
                    .map(e -> new CollectiveSkew.RankCount(e.getKey(), e.getValue()))
                    .sorted(Comparator.comparingInt(CollectiveSkew.RankCount::count).reversed()
                            .thenComparingInt(CollectiveSkew.RankCount::rank))
                    .limit(TOP_LAST_ARRIVERS).toList();
            InstanceArrivals first = list.get(0);
            out.add(new CollectiveSkew(first.group(), first.type(), list.size(), ranks,
                    Distribution.quantile(spreads, 0.5), Distribution.quantile(spreads, 0.9),
                    spreads[spreads.length - 1], top));
        }
        out.sort(Comparator.comparingDouble(CollectiveSkew::p50SpreadUs).reversed());
        return out;
    }

    static List<GroupSummary> groups(List<RankRecord> ok, List<Straggler> stragglers,
                                     java.util.function.Function<RankRecord, String> keyOf) {
        Map<String, List<RankRecord>> by = new LinkedHashMap<>();
        for (RankRecord r : ok) {
            by.computeIfAbsent(keyOf.apply(r), k -> new ArrayList<>()).add(r);
        }
        List<GroupSummary> out = new ArrayList<>();
        for (Map.Entry<String, List<RankRecord>> e : by.entrySet()) {
            List<RankRecord> rs = e.getValue();
            double[] step = rs.stream().mapToDouble(r -> r.metric("steps.median_us")).filter(Double::isFinite)
                    .sorted().toArray();
            double[] idle = rs.stream().mapToDouble(r -> r.metric("breakdown.idle_pct")).filter(Double::isFinite)
                    .sorted().toArray();
            RankRecord slowest = rs.stream().filter(r -> Double.isFinite(r.metric("steps.median_us")))
                    .max(Comparator.comparingDouble(r -> r.metric("steps.median_us"))).orElse(null);
            java.util.Set<Integer> members = new java.util.HashSet<>();
            rs.forEach(r -> members.add(r.rank()));
            int strag = (int) stragglers.stream().map(Straggler::rank).distinct().filter(members::contains).count();
            out.add(new GroupSummary(e.getKey(), rs.size(), Distribution.quantile(step, 0.5),
                    step.length == 0 ? Double.NaN : step[step.length - 1], Distribution.quantile(idle, 0.5),
                    idle.length == 0 ? Double.NaN : idle[idle.length - 1], slowest == null ? -1 : slowest.rank(),
                    strag));
        }
        out.sort(Comparator.comparing(GroupSummary::key, JobReducer::naturalCompare));
        return out;
    }

    /** Compares texts with embedded numbers by value ({@code node-2} before {@code node-10}). */
    static int naturalCompare(String a, String b) {
        java.util.regex.Matcher ma = java.util.regex.Pattern.compile("^(.*?)(\\d+)$").matcher(a);
        java.util.regex.Matcher mb = java.util.regex.Pattern.compile("^(.*?)(\\d+)$").matcher(b);
        if (ma.matches() && mb.matches() && ma.group(1).equals(mb.group(1)) && ma.group(2).length() < 18
                && mb.group(2).length() < 18) {
            return Long.compare(Long.parseLong(ma.group(2)), Long.parseLong(mb.group(2)));
        }
        return a.compareTo(b);
    }
}
