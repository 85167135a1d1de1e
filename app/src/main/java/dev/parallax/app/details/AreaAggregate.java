package dev.parallax.app.details;

import dev.parallax.app.timeline.AreaSelection;
import dev.parallax.app.timeline.TrackNode;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.query.NameStats;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-name aggregate of the slices in an area selection: {@link NameStats} over the selected slice tracks
 * of each rank within the time range (a slice counts with its full duration when it overlaps the range,
 * as Perfetto's area aggregation does), merged across ranks by name.
 */
public final class AreaAggregate {
    /** One name's figures. Times in ns; share is 0..1 of the total over all names. */
    public record Row(String name, long count, long total, double mean, long max, double share) {
    }

    private AreaAggregate() {
    }

    /** Aggregates {@code area}, largest total first. */
    public static List<Row> of(AreaSelection area) {
        Map<Trace, List<SliceTrack>> byTrace = new IdentityHashMap<>();
        Map<Trace, TrackNode> anyNode = new IdentityHashMap<>();
        for (TrackNode n : area.tracks()) {
            if (n.kind() == TrackNode.Kind.SLICES) {
                byTrace.computeIfAbsent(n.trace(), k -> new ArrayList<>()).add(n.slices());
                anyNode.putIfAbsent(n.trace(), n);
            }
        }
        Map<String, long[]> acc = new LinkedHashMap<>();
        long grand = 0;
        for (Map.Entry<Trace, List<SliceTrack>> e : byTrace.entrySet()) {
            TrackNode node = anyNode.get(e.getKey());
            NameStats s = NameStats.of(e.getValue(), null, area.absoluteStart(node.set()),
                    area.absoluteEnd(node.set()));
            for (int i = 0; i < s.size(); i++) {
                long[] a = acc.computeIfAbsent(s.name(i, e.getKey().strings()), k -> new long[3]);
                a[0] += s.count(i);
                a[1] += s.total(i);
                a[2] = Math.max(a[2], s.max(i));
            }
            grand += s.grandTotal();
        }
        List<Row> rows = new ArrayList<>(acc.size());
        for (Map.Entry<String, long[]> e : acc.entrySet()) {
            long[] a = e.getValue();
            rows.add(new Row(e.getKey(), a[0], a[1], a[0] == 0 ? 0 : (double) a[1] / a[0], a[2],
                    grand == 0 ? 0 : (double) a[1] / grand));
        }
        rows.sort((x, y) -> Long.compare(y.total(), x.total()));
        return rows;
    }

    /** The rows as tab-separated values with a header (times in µs), for the clipboard. */
    public static String toTsv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("name\tcount\ttotal_us\tmean_us\tmax_us\tshare_percent\n");
        for (Row r : rows) {
            sb.append(r.name().replace('\t', ' ').replace('\n', ' ')).append('\t').append(r.count()).append('\t')
                    .append(us(r.total())).append('\t').append(us(r.mean())).append('\t').append(us(r.max()))
                    .append('\t').append(String.format(java.util.Locale.ROOT, "%.2f", r.share() * 100)).append('\n');
        }
        return sb.toString();
    }

    private static String us(double ns) {
        return String.format(java.util.Locale.ROOT, "%.3f", ns / 1e3);
    }
}
