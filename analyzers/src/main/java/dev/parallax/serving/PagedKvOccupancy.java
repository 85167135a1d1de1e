package dev.parallax.serving;

import dev.parallax.trace.column.IndexSort;

/**
 * KV-cache occupancy derived from request spans where no usage counter exists, with paged allocation as in
 * vLLM's PagedAttention (Kwon et al. 2023, "Efficient Memory Management for Large Language Model Serving with
 * PagedAttention", SOSP): a request holds {@code ceil(tokens / blockSize)} blocks; it gets its prompt's blocks
 * when it is scheduled, one more block each time its generated tokens fill the last one, and frees them all
 * when it finishes. Generated tokens are spread evenly between the first token and the finish. Internal
 * fragmentation is the unused part of the allocated blocks, {@code 1 − tokens / (blocks · blockSize)}.
 * Preempted requests are counted as holding their blocks throughout (the spans do not say when they were
 * swapped or recomputed), so the derived usage is an upper bound around preemptions.
 *
 * @param times event times (ns), ascending
 * @param usedBlocks blocks in use from each time on
 * @param usedTokens tokens stored from each time on
 * @param running requests holding KV from each time on
 * @param waiting requests arrived but not yet scheduled from each time on
 * @param capacityBlocks blocks available to the cache, or -1 when unknown
 */
public record PagedKvOccupancy(int blockSize, long[] times, long[] usedBlocks, long[] usedTokens, int[] running,
                               int[] waiting, long capacityBlocks) {

    /** Most token events per run before generated tokens are grouped (keeps memory bounded on huge runs). */
    private static final long MAX_TOKEN_EVENTS = 4_000_000L;

    /** Simulates the allocation of {@code requests} with blocks of {@code blockSize} tokens. */
    public static PagedKvOccupancy simulate(ServingRequests requests, int blockSize, long capacityBlocks) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be at least 1, got " + blockSize);
        }
        long totalOutput = 0;
        for (int i = 0; i < requests.size(); i++) {
            totalOutput += requests.outputTokens(i);
        }
        long stride = Math.max(1, (totalOutput + MAX_TOKEN_EVENTS - 1) / MAX_TOKEN_EVENTS);
        Events ev = new Events();
        for (int i = 0; i < requests.size(); i++) {
            long arrival = requests.arrival(i);
            long sched = requests.scheduled(i);
            long finish = requests.finish(i);
            long first = requests.firstToken(i) >= 0 ? requests.firstToken(i) : sched;
            int p = requests.promptTokens(i);
            int o = requests.outputTokens(i);
            if (sched > arrival) {
                ev.add(arrival, 0, 0, 0, 1);
                ev.add(sched, 0, 0, 0, -1);
            }
            long tokens = p;
            long blocks = ceilDiv(tokens, blockSize);
            ev.add(sched, tokens, blocks, 1, 0);
            for (long k = 1; k <= o; k += stride) {
                long upTo = Math.min(o, k + stride - 1);
                long t = o <= 1 ? first : first + (finish - first) * (k - 1) / (o - 1);
                long newTokens = p + upTo;
                long newBlocks = ceilDiv(newTokens, blockSize);
                ev.add(Math.min(t, finish), newTokens - tokens, newBlocks - blocks, 0, 0);
                tokens = newTokens;
                blocks = newBlocks;
            }
            ev.add(finish, -tokens, -blocks, -1, 0);
        }
        return ev.build(blockSize, capacityBlocks);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    public int size() {
        return times.length;
    }

    /** Usage 0–1 at each event (blocks over capacity), or null when capacity is unknown. */
    public double[] usage() {
        if (capacityBlocks <= 0) {
            return null;
        }
        double[] u = new double[times.length];
        for (int i = 0; i < u.length; i++) {
            u[i] = (double) usedBlocks[i] / capacityBlocks;
        }
        return u;
    }

    /** Internal fragmentation 0–1 at each event (0 when nothing is allocated). */
    public double[] fragmentation() {
        double[] f = new double[times.length];
        for (int i = 0; i < f.length; i++) {
            long slots = usedBlocks[i] * (long) blockSize;
            f[i] = slots == 0 ? 0 : 1.0 - (double) usedTokens[i] / slots;
        }
        return f;
    }

    public long peakBlocks() {
        long m = 0;
        for (long b : usedBlocks) {
            m = Math.max(m, b);
        }
        return m;
    }

    /** Collects (time, Δtokens, Δblocks, Δrunning, Δwaiting) and folds them into cumulative series. */
    private static final class Events {
        private long[] t = new long[256];
        private long[] dTokens = new long[256];
        private long[] dBlocks = new long[256];
        private int[] dRunning = new int[256];
        private int[] dWaiting = new int[256];
        private int n;

        void add(long time, long tokens, long blocks, int running, int waiting) {
            if (n == t.length) {
                int m = n * 2;
                t = java.util.Arrays.copyOf(t, m);
                dTokens = java.util.Arrays.copyOf(dTokens, m);
                dBlocks = java.util.Arrays.copyOf(dBlocks, m);
                dRunning = java.util.Arrays.copyOf(dRunning, m);
                dWaiting = java.util.Arrays.copyOf(dWaiting, m);
            }
            t[n] = time;
            dTokens[n] = tokens;
            dBlocks[n] = blocks;
            dRunning[n] = running;
            dWaiting[n] = waiting;
            n++;
        }

        PagedKvOccupancy build(int blockSize, long capacityBlocks) {
            long[] tt = t;
            int[] order = IndexSort.sortedOrder(n, (a, b) -> Long.compare(tt[a], tt[b]));
            long[] times = new long[n];
            long[] blocks = new long[n];
            long[] tokens = new long[n];
            int[] running = new int[n];
            int[] waiting = new int[n];
            int m = 0;
            long cb = 0;
            long ct = 0;
            int cr = 0;
            int cw = 0;
            for (int k = 0; k < n; k++) {
                int i = order[k];
                cb += dBlocks[i];
                ct += dTokens[i];
                cr += dRunning[i];
                cw += dWaiting[i];
                if (m > 0 && times[m - 1] == t[i]) {
                    m--;
                }
                times[m] = t[i];
                blocks[m] = cb;
                tokens[m] = ct;
                running[m] = cr;
                waiting[m] = cw;
                m++;
            }
            return new PagedKvOccupancy(blockSize, java.util.Arrays.copyOf(times, m), java.util.Arrays.copyOf(blocks, m),
                    java.util.Arrays.copyOf(tokens, m), java.util.Arrays.copyOf(running, m),
                    java.util.Arrays.copyOf(waiting, m), capacityBlocks);
        }
    }
}
