package dev.parallax.analysis.bubbles;

import dev.parallax.model.pipeline.OpKind;
import dev.parallax.model.pipeline.ScheduleKind;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names the schedule a pipeline ran from the order of its passes on each stage: weight-gradient passes
 * mean a zero-bubble schedule (ZB-H2 when the first stage runs more than p forwards before its first
 * backward, else ZB-H1); a micro-batch forwarded more than once per stage means interleaved 1F1B with that
 * many chunks; every forward before any backward on every stage means GPipe; otherwise 1F1B.
 */
final class ScheduleRecognizer {
    private ScheduleRecognizer() {
    }

    /** The schedule, its chunk count v and micro-batch count m. */
    record Recognized(ScheduleKind kind, int chunks, int microbatches, boolean ambiguous) {
    }

    /** @param byStage passes of one iteration per stage, each in start order */
    static Recognized recognize(List<List<StageOp>> byStage) {
        int p = byStage.size();
        boolean hasW = false;
        int chunks = 1;
        Set<Integer> mbs = new HashSet<>();
        boolean allForwardFirst = true;
        int forwardsBeforeFirstBackwardOnStage0 = 0;
        for (int s = 0; s < p; s++) {
            Map<Integer, Integer> forwardsPerMb = new HashMap<>();
            Set<Integer> chunkIds = new HashSet<>();
            boolean seenB = false;
            int fBefore = 0;
            for (StageOp o : byStage.get(s)) {
                if (o.kind() == OpKind.W) {
                    hasW = true;
                } else if (o.kind() == OpKind.B) {
                    seenB = true;
                } else {
                    forwardsPerMb.merge(o.microbatch(), 1, Integer::sum);
                    chunkIds.add(o.chunk());
                    mbs.add(o.microbatch());
                    if (seenB) {
                        allForwardFirst = false;
                    } else {
                        fBefore++;
                    }
                }
            }
            int perMb = forwardsPerMb.values().stream().mapToInt(Integer::intValue).max().orElse(1);
            chunks = Math.max(chunks, Math.max(perMb, chunkIds.size()));
            if (s == 0) {
                forwardsBeforeFirstBackwardOnStage0 = fBefore;
            }
        }
        int m = mbs.size();
        if (hasW) {
            return new Recognized(forwardsBeforeFirstBackwardOnStage0 > p ? ScheduleKind.ZB_H2 : ScheduleKind.ZB_H1,
                    1, m, false);
        }
        if (chunks > 1) {
            return new Recognized(ScheduleKind.INTERLEAVED, chunks, m, false);
        }
        if (allForwardFirst) {
            // with one micro-batch GPipe and 1F1B run the same passes: they cannot be told apart
            return new Recognized(ScheduleKind.GPIPE, 1, m, m <= 1);
        }
        return new Recognized(ScheduleKind.ONE_F_ONE_B, 1, m, false);
    }
}
