package dev.parallax.model.pipeline;

import java.util.Locale;

/** Pipeline-parallel schedules the simulator knows. */
public enum ScheduleKind {
    /** GPipe (Huang et al. 2019): all forwards, then all backwards. */
    GPIPE("gpipe", false),
    /** 1F1B / PipeDream-Flush (Narayanan et al. 2021, §2.2.1): warm-up forwards, then one forward one backward. */
    ONE_F_ONE_B("1f1b", false),
    /** Interleaved 1F1B (Narayanan et al. 2021, §2.2.2): v model chunks per device. */
    INTERLEAVED("interleaved", false),
    /** ZB-H1 (Qi et al. 2024, arXiv 2401.10241, §3.1): backward split into B and W, 1F1B's memory. */
    ZB_H1("zb-h1", true),
    /** ZB-H2 (Qi et al. 2024, §3.1): more warm-up forwards (2p−1 in flight) and W reordered to remove the bubble. */
    ZB_H2("zb-h2", true);

    private final String id;
    private final boolean splitsBackward;

    ScheduleKind(String id, boolean splitsBackward) {
        this.id = id;
        this.splitsBackward = splitsBackward;
    }

    /** Command-line name. */
    public String id() {
        return id;
    }

    /** Whether the schedule runs the weight-gradient pass W apart from the input-gradient pass B. */
    public boolean splitsBackward() {
        return splitsBackward;
    }

    /** Parses {@code gpipe|1f1b|interleaved|zb-h1|zb-h2} (case-insensitive; {@code _} accepted for {@code -}). */
    public static ScheduleKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (t.equals("interleaved-1f1b")) {
            return INTERLEAVED;
        }
        if (t.equals("zbh1")) {
            return ZB_H1;
        }
        if (t.equals("zbh2")) {
            return ZB_H2;
        }
        for (ScheduleKind k : values()) {
            if (k.id.equals(t)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown schedule '" + text + "' (expected gpipe, 1f1b, interleaved, zb-h1 or zb-h2)");
    }
}
