package dev.parallax.installer;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Draws Parallax's application icon with Java2D at build time (no binary committed): a dark rounded tile
 * with three timeline lanes of coloured slices, offset from lane to lane like layers seen with parallax.
 * Run by the installer build: {@code java dev.parallax.installer.IconPainter out.png [size]}.
 */
public final class IconPainter {
    private IconPainter() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: IconPainter OUT.png [SIZE]");
            System.exit(2);
        }
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        Path out = Paths.get(args[0]);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        ImageIO.write(paint(size), "png", out.toFile());
    }

    /** The icon at {@code size}×{@code size} pixels, with transparent corners. */
    public static BufferedImage paint(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            float s = size / 256f;
            g.setPaint(new GradientPaint(0, 0, new Color(0x1B2A41), size, size, new Color(0x0B1320)));
            g.fill(new RoundRectangle2D.Float(8 * s, 8 * s, 240 * s, 240 * s, 56 * s, 56 * s));
            Color[] colours = {new Color(0x4FC3F7), new Color(0x81C784), new Color(0xFFB74D)};
            float[][] slices = {
                {40, 70}, {120, 40}, {170, 46},
                {56, 52}, {118, 74}, {200, 20},
                {72, 30}, {110, 56}, {176, 40},
            };
            for (int lane = 0; lane < 3; lane++) {
                float y = (62 + lane * 52) * s;
                float shift = lane * 14 * s;
                g.setColor(new Color(255, 255, 255, 40));
                g.setStroke(new BasicStroke(2 * s));
                g.drawLine(Math.round(32 * s), Math.round(y + 18 * s), Math.round(224 * s), Math.round(y + 18 * s));
                g.setColor(colours[lane]);
                for (int k = 0; k < 3; k++) {
                    float[] sl = slices[lane * 3 + k];
                    float x = sl[0] * s + shift - 14 * s;
                    float w = Math.min(sl[1] * s, 224 * s - x);
                    g.fill(new RoundRectangle2D.Float(x, y, w, 30 * s, 10 * s, 10 * s));
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }
}
