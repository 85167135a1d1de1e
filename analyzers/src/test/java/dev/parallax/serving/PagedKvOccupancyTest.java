package dev.parallax.serving;

import dev.parallax.serving.ServingRunFixture.Req;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import static dev.parallax.serving.ServingRunFixture.S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PagedKvOccupancyTest {

    @Test
    void allocatesPromptBlocksAtScheduleOneBlockPerFilledBlockAndFreesAtFinish() {
        // prompt 20 tokens (2 blocks of 16), 13 output tokens spread over [1 s, 2 s]: token k at 1 + (k-1)/12 s;
        // token 13 (the 33rd) needs a third block at 2 s, when the request also finishes.
        ServingRequests r = ServingRequests.from(ServingRunFixture.trace(new Req(0, 0, S, 2 * S, 20, 12)));
        PagedKvOccupancy occ = PagedKvOccupancy.simulate(r, 16, 10);
        assertThat(occ.usedBlocks()[0]).isEqualTo(2);
        assertThat(occ.usedTokens()[0]).isEqualTo(20);
        // 12 output tokens: 20+12 = 32 tokens = exactly 2 blocks, so no third block is ever allocated
        assertThat(occ.peakBlocks()).isEqualTo(2);
        assertThat(occ.usedBlocks()[occ.size() - 1]).isZero();
        assertThat(occ.usage()[0]).isCloseTo(0.2, within(1e-12));
        // after the first output token: 21 tokens in 2 blocks → 11 of 32 slots unused
        int i = indexAt(occ, S);
        assertThat(occ.fragmentation()[i]).isCloseTo(11.0 / 32, within(1e-12));
    }

    @RepeatedTest(10)
    void matchesANaiveReferenceOnRandomRuns(RepetitionInfo info) {
        Req[] reqs = ServingRunFixture.random(info.getCurrentRepetition(), 40, 20);
        ServingRequests r = ServingRequests.from(ServingRunFixture.trace(reqs));
        assertThat(r.size()).isEqualTo(reqs.length);
        int block = 16;
        PagedKvOccupancy occ = PagedKvOccupancy.simulate(r, block, -1);
        for (int k = 0; k < occ.size(); k++) {
            long t = occ.times()[k];
            long blocks = 0;
            long tokens = 0;
            int running = 0;
            int waiting = 0;
            for (Req q : reqs) {
                if (q.arrival() <= t && t < q.scheduled()) {
                    waiting++;
                }
                if (q.scheduled() <= t && t < q.finish()) {
                    running++;
                    long generated = 0;
                    for (int j = 1; j <= q.output(); j++) {
                        long tj = q.output() <= 1 ? q.firstToken()
                                : q.firstToken() + (q.finish() - q.firstToken()) * (j - 1) / (q.output() - 1);
                        if (tj <= t) {
                            generated++;
                        }
                    }
                    long held = q.prompt() + generated;
                    tokens += held;
                    blocks += (held + block - 1) / block;
                }
            }
            assertThat(occ.usedBlocks()[k]).as("blocks at %d", t).isEqualTo(blocks);
            assertThat(occ.usedTokens()[k]).as("tokens at %d", t).isEqualTo(tokens);
            assertThat(occ.running()[k]).as("running at %d", t).isEqualTo(running);
            assertThat(occ.waiting()[k]).as("waiting at %d", t).isEqualTo(waiting);
        }
    }

    private static int indexAt(PagedKvOccupancy occ, long t) {
        int i = 0;
        while (i + 1 < occ.size() && occ.times()[i + 1] <= t) {
            i++;
        }
        return i;
    }
}
