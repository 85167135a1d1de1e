package dev.parallax.serving;

import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TrackKind;

import java.util.Random;

/**
 * Builds small serving runs with known answers for tests, through {@link TraceBuilder} as an importer would:
 * each request is an async span {@code request} (args {@code prompt_tokens}, {@code output_tokens}) on its own
 * async track, holding a {@code queued} phase (arrival → scheduled), a {@code prefill} phase (scheduled → first
 * token) and a {@code decode} phase (first token → finish).
 */
final class ServingRunFixture {
    static final long S = 1_000_000_000L;

    /** One request: times in ns. */
    record Req(long arrival, long scheduled, long firstToken, long finish, int prompt, int output) {
    }

    private ServingRunFixture() {
    }

    /** A trace holding the given requests as async spans. */
    static Trace trace(Req... reqs) {
        TraceBuilder b = new TraceBuilder("serving-run");
        int promptKey = b.intern("prompt_tokens");
        int outputKey = b.intern("output_tokens");
        int cat = b.intern("request");
        for (int i = 0; i < reqs.length; i++) {
            Req r = reqs[i];
            int track = b.sliceTrack(TrackKind.ASYNC, "server", "request " + i);
            b.args().begin();
            b.args().putLong(promptKey, r.prompt());
            b.args().putLong(outputKey, r.output());
            int args = b.args().end();
            b.addSlice(track, r.arrival(), r.finish() - r.arrival(), b.intern("request"), cat, args);
            if (r.scheduled() > r.arrival()) {
                b.addSlice(track, r.arrival(), r.scheduled() - r.arrival(), b.intern("queued"), cat, -1);
            }
            b.addSlice(track, r.scheduled(), r.firstToken() - r.scheduled(), b.intern("prefill"), cat, -1);
            b.addSlice(track, r.firstToken(), r.finish() - r.firstToken(), b.intern("decode"), cat, -1);
        }
        return b.build(0, 0, 0);
    }

    /** Seeded random requests over about {@code seconds} seconds. */
    static Req[] random(long seed, int n, int seconds) {
        Random rnd = new Random(seed);
        Req[] out = new Req[n];
        for (int i = 0; i < n; i++) {
            long arrival = (long) (rnd.nextDouble() * seconds * S);
            long sched = arrival + (long) (rnd.nextDouble() * 0.5 * S);
            long first = sched + (long) ((0.01 + rnd.nextDouble() * 0.2) * S);
            int output = 1 + rnd.nextInt(200);
            long finish = first + (long) (output * (0.01 + rnd.nextDouble() * 0.02) * S);
            out[i] = new Req(arrival, sched, first, finish, 1 + rnd.nextInt(600), output);
        }
        return out;
    }
}
