package dev.parallax.app.timeline;

import dev.parallax.analysis.Overlay;
import javafx.scene.paint.Color;

import java.util.List;

/**
 * The "efficiency" colour mode: GPU kernels painted by their operator's percent of roofline, read from the
 * {@code roofline} analysis's overlay of that id (one lane per band and rank, coloured by the band); kernels of no
 * modelled operator are grey.
 */
public final class EfficiencyColors {
    /** Overlay id the roofline analysis writes. */
    public static final String OVERLAY_ID = "efficiency";
    /** Colour of kernels outside every band (no modelled operator). */
    static final Color UNMODELLED = Color.gray(0.78);

    private final Overlay overlay;
    private final Color[] colors;

    private EfficiencyColors(Overlay overlay) {
        this.overlay = overlay;
        colors = new Color[overlay.lanes().size()];
        for (int i = 0; i < colors.length; i++) {
            String hint = overlay.lanes().get(i).colorHint();
            Color c;
            try {
                c = hint == null ? UNMODELLED : Color.web(hint);
            } catch (IllegalArgumentException e) {
                c = UNMODELLED;
            }
            colors[i] = c;
        }
    }

    /** The colours of a trace set's efficiency overlay, or null when it has none. */
    public static EfficiencyColors of(List<Overlay> overlays) {
        for (Overlay o : overlays) {
            if (OVERLAY_ID.equals(o.id())) {
                return new EfficiencyColors(o);
            }
        }
        return null;
    }

    /** The colour of a kernel of {@code rank} starting at {@code start} (trace time, ns). */
    public Color color(int rank, long start) {
        for (int i = 0; i < colors.length; i++) {
            Overlay.Lane lane = overlay.lanes().get(i);
            if (lane.rank() != rank) {
                continue;
            }
            long[] s = lane.starts();
            int lo = 0;
            int hi = s.length - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (s[mid] <= start) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            if (found >= 0 && start < lane.ends()[found]) {
                return colors[i];
            }
        }
        return UNMODELLED;
    }
}
