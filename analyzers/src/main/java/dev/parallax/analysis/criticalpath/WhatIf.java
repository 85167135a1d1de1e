package dev.parallax.analysis.criticalpath;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Recomputes the critical path with some events made faster (Amdahl's law on the real dependency graph:
 * only what stays on the longest path counts). A matched CPU operator is made faster with everything it
 * encloses; a matched kernel by itself. Launch delays and gaps between kernels keep their measured length.
 *
 * @param matched events matched by the patterns
 * @param path the new longest path
 */
public record WhatIf(int matched, CriticalPath path) {

    /** The path with each {@link Shrink} applied (when one event matches several, the last wins). */
    public static WhatIf apply(CriticalPathGraph g, List<Shrink> shrinks) {
        int n = g.eventCount();
        double[] own = new double[n];
        Arrays.fill(own, 1.0);
        String[] names = new String[n];
        int matched = 0;
        for (int e = 0; e < n; e++) {
            names[e] = g.eventName(e);
            for (Shrink s : shrinks) {
                if (s.pattern().matcher(names[e]).find()) {
                    own[e] = 1.0 / s.factor();
                }
            }
            if (own[e] != 1.0) {
                matched++;
            }
        }
        return new WhatIf(matched, g.longestPath(g.scaledWeights(inherit(g, own))));
    }

    /** The path with every event accepted by {@code which} made {@code factor} times faster. */
    public static WhatIf apply(CriticalPathGraph g, IntPredicate which, double factor) {
        double[] f = new double[g.eventCount()];
        int matched = 0;
        for (int e = 0; e < f.length; e++) {
            f[e] = which.test(e) ? 1.0 / factor : 1.0;
            matched += f[e] != 1.0 ? 1 : 0;
        }
        return new WhatIf(matched, g.longestPath(g.scaledWeights(f)));
    }

    /** Each CPU event takes the factor of its nearest matched ancestor when it has none of its own. */
    private static double[] inherit(CriticalPathGraph g, double[] own) {
        int n = own.length;
        double[] out = new double[n];
        for (int e = 0; e < n; e++) {
            double f = own[e];
            for (int p = g.parent(e); f == 1.0 && p >= 0; p = g.parent(p)) {
                f = own[p];
            }
            out[e] = f;
        }
        return out;
    }
}
