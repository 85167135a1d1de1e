package dev.parallax.app.timeline;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineLogicTest {
    @Test
    void ticksAreNiceAndWideEnough() {
        Random rnd = new Random(7);
        for (int i = 0; i < 500; i++) {
            double nsPerPx = Math.pow(10, rnd.nextDouble() * 10 - 1);
            long step = TimeTicks.step(nsPerPx, 100);
            assertThat(step / nsPerPx).isGreaterThanOrEqualTo(100 - 1e-9);
            assertThat(step / nsPerPx).isLessThan(100 * 5.01 + 1);
            long m = step;
            while (m % 10 == 0) {
                m /= 10;
            }
            assertThat(m).isIn(1L, 2L, 5L);
        }
        assertThat(TimeTicks.firstTick(-15, 10)).isEqualTo(-10);
        assertThat(TimeTicks.firstTick(20, 10)).isEqualTo(20);
    }

    @Test
    void unitsFollowMagnitude() {
        assertThat(TimeFormat.duration(812)).isEqualTo("812 ns");
        assertThat(TimeFormat.duration(12_400)).isEqualTo("12.4 µs");
        assertThat(TimeFormat.duration(3_250_000)).isEqualTo("3.25 ms");
        assertThat(TimeFormat.duration(1_500_000_000L)).isEqualTo("1.5 s");
        assertThat(TimeFormat.tick(1_250_000, 50_000)).isEqualTo("1.25 ms");
        assertThat(TimeFormat.tick(2_000_000, 2_000_000)).isEqualTo("2 ms");
        assertThat(TimeFormat.tick(2_500_000, 500_000)).isEqualTo("2.5 ms");
        assertThat(TimeFormat.tick(1_683_550_000L, 50_000)).isEqualTo("1.68355 s");
        assertThat(TimeFormat.tick(300_000, 50_000)).isEqualTo("300 µs");
        assertThat(TimeFormat.tick(0, 50_000)).isEqualTo("0 µs");
        assertThat(TimeFormat.tick(1_000_000_020L, 20)).isEqualTo("1.00000002 s");
    }

    @Test
    void zoomKeepsTheTimeUnderTheAnchorAndPanMovesByPixels() {
        Viewport v = new Viewport();
        v.setWidth(1000);
        v.setBounds(1_000_000_000L, 2_000_000_000L);
        v.showAll();
        long before = v.time(300);
        double scale = v.nsPerPixel();
        v.zoomAt(300, 0.5);
        assertThat(v.nsPerPixel()).isCloseTo(scale * 0.5, org.assertj.core.data.Offset.offset(1e-6));
        assertThat((double) Math.abs(v.time(300) - before)).isLessThanOrEqualTo(v.nsPerPixel() + 1);
        long start = v.start();
        v.pan(100);
        assertThat((double) (v.start() - start)).isCloseTo(100 * v.nsPerPixel(),
                org.assertj.core.data.Offset.offset(1.0));
        v.zoomAt(0, 1e-9);
        assertThat(v.nsPerPixel()).isEqualTo(Viewport.MIN_NS_PER_PIXEL);
        v.zoomAt(0, 1e12);
        assertThat(v.nsPerPixel()).isLessThanOrEqualTo(1e9 * 1.5 / 1000 + 1e-6);
    }

    @Test
    void paletteIgnoresDigitsAndIsStable() {
        assertThat(SlicePalette.indexOf("ProfilerStep#3")).isEqualTo(SlicePalette.indexOf("ProfilerStep#4"));
        assertThat(SlicePalette.indexOf("gemm")).isEqualTo(SlicePalette.indexOf("gemm"));
        long distinct = java.util.stream.IntStream.range(0, 200)
                .map(i -> SlicePalette.indexOf("kernel_" + (char) ('a' + i % 26) + (char) ('a' + i / 26)))
                .distinct().count();
        assertThat(distinct).isGreaterThan(10);
    }
}
