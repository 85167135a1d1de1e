package dev.parallax.app.report;

import dev.parallax.app.timeline.SlicePalette;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineSnapshotTest {
    @Test
    void rulerLabelsAreHumanTimesFromThePictureStartWithABareZero() {
        assertThat(TimelineSnapshot.tickLabel(0)).isEqualTo("0");
        assertThat(TimelineSnapshot.tickLabel(20_000_000_000L)).isEqualTo("20 s");
        assertThat(TimelineSnapshot.tickLabel(250_000_000L)).isEqualTo("250 ms");
    }

    @Test
    void slicesHaveTheTimelinesColours() {
        for (String name : new String[] {"ProfilerStep#3", "ncclDevKernel_AllReduce", "aten::mm"}) {
            javafx.scene.paint.Color fx = SlicePalette.fill(SlicePalette.indexOf(name));
            java.awt.Color awt = TimelineSnapshot.colorFor(name);
            assertThat(awt.getRed()).isEqualTo((int) Math.round(fx.getRed() * 255));
            assertThat(awt.getGreen()).isEqualTo((int) Math.round(fx.getGreen() * 255));
            assertThat(awt.getBlue()).isEqualTo((int) Math.round(fx.getBlue() * 255));
        }
        // digits do not change the colour, as on the timeline
        assertThat(TimelineSnapshot.colorFor("ProfilerStep#3")).isEqualTo(TimelineSnapshot.colorFor("ProfilerStep#12"));
    }
}
