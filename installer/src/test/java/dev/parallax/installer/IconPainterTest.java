package dev.parallax.installer;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.assertj.core.api.Assertions.assertThat;

class IconPainterTest {
    @Test
    void paintsAnOpaqueTileWithTransparentCornersAndColouredLanes() {
        BufferedImage img = IconPainter.paint(256);
        assertThat(img.getWidth()).isEqualTo(256);
        assertThat(img.getRGB(1, 1) >>> 24).isZero(); // outside the rounded tile
        assertThat(img.getRGB(128, 240) >>> 24).isEqualTo(255); // inside the tile
        // a slice of the first lane (light blue, 0x4FC3F7) at (60, 75)
        assertThat(img.getRGB(60, 75) & 0xFFFFFF).isEqualTo(0x4FC3F7);
    }
}
