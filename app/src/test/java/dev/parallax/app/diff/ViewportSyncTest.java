package dev.parallax.app.diff;

import dev.parallax.app.timeline.Viewport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ViewportSyncTest {
    private static Viewport viewport() {
        Viewport v = new Viewport();
        v.setBounds(0, 1_000_000_000L);
        v.setWidth(1000);
        return v;
    }

    @Test
    void bFollowsAShiftedToTheAlignedStepAndBack() {
        Viewport a = viewport();
        Viewport b = viewport();
        ViewportSync sync = new ViewportSync(a, b, 0);
        a.show(100_000, 200_000);
        // A's step starts at 120 µs of display time, B's at 150 µs
        sync.align(120_000, 150_000);
        assertThat(sync.shift()).isEqualTo(30_000);
        assertThat(b.start()).isEqualTo(a.start() + 30_000);
        assertThat(b.nsPerPixel()).isEqualTo(a.nsPerPixel());
        b.zoomAt(500, 0.5);
        sync.fromB();
        assertThat(a.nsPerPixel()).isEqualTo(b.nsPerPixel());
        assertThat(a.start()).isEqualTo(b.start() - 30_000);
        a.pan(100);
        sync.fromA();
        assertThat(b.start()).isEqualTo(a.start() + 30_000);
    }
}
