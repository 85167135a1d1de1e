package dev.parallax.app.workbench;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * Where the user left the workbench's split-pane dividers, kept in {@code layout.properties} in the Parallax
 * home (written atomically) so the bottom pane opens at the size it was given last time.
 */
public final class PaneLayout {
    /** The file name under the Parallax home. */
    public static final String FILE = "layout.properties";
    private final Path file;
    private final Properties values = new Properties();

    public PaneLayout(ParallaxHome home) {
        this.file = home.resolve(FILE);
        if (Files.isRegularFile(file)) {
            try {
                values.load(new StringReader(Files.readString(file)));
            } catch (IOException | IllegalArgumentException e) {
                values.clear(); // an unreadable layout only costs the defaults
            }
        }
    }

    /** The saved position (0–1) of divider {@code key}, or {@code fallback} when none was saved or it is out of range. */
    public double divider(String key, double fallback) {
        try {
            double v = Double.parseDouble(values.getProperty(key, ""));
            return v > 0.05 && v < 0.95 ? v : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Remembers divider {@code key} at {@code position} and writes the file. */
    public void setDivider(String key, double position) throws IOException {
        values.setProperty(key, String.format(Locale.ROOT, "%.4f", position));
        StringWriter w = new StringWriter();
        values.store(w, "Parallax workbench layout");
        Files.createDirectories(file.getParent());
        ParallaxHome.writeAtomically(file, w.toString());
    }
}
