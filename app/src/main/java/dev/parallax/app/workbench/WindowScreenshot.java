package dev.parallax.app.workbench;

import dev.parallax.util.AtomicFiles;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Saves a PNG of a scene (Node.snapshot → SwingFXUtils → ImageIO), written atomically. Call on the UI thread. */
public final class WindowScreenshot {
    private WindowScreenshot() {
    }

    /** Writes {@code scene} as a PNG to {@code out}; returns the image's width and height. */
    public static int[] save(Scene scene, Path out) throws IOException {
        scene.getRoot().applyCss();
        scene.getRoot().layout();
        WritableImage img = scene.snapshot(null);
        BufferedImage rgb = new BufferedImage((int) img.getWidth(), (int) img.getHeight(), BufferedImage.TYPE_INT_RGB);
        BufferedImage argb = SwingFXUtils.fromFXImage(img, null);
        rgb.getGraphics().drawImage(argb, 0, 0, null);
        AtomicFiles.write(out, os -> {
            if (!ImageIO.write(rgb, "png", os)) {
                throw new IOException("no PNG writer available");
            }
        });
        return new int[] {rgb.getWidth(), rgb.getHeight()};
    }
}
