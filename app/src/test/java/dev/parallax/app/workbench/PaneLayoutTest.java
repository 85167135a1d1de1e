package dev.parallax.app.workbench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PaneLayoutTest {
    @Test
    void aDividerPositionIsKeptAcrossStartsAndBadValuesFallBack(@TempDir Path dir) throws Exception {
        ParallaxHome home = new ParallaxHome(dir);
        assertThat(new PaneLayout(home).divider("timeline.bottom", 0.6)).isEqualTo(0.6);
        new PaneLayout(home).setDivider("timeline.bottom", 0.4213);
        assertThat(new PaneLayout(home).divider("timeline.bottom", 0.6)).isEqualTo(0.4213);
        Files.writeString(dir.resolve(PaneLayout.FILE), "timeline.bottom=7\nother=x\n");
        assertThat(new PaneLayout(home).divider("timeline.bottom", 0.6)).isEqualTo(0.6);
        assertThat(new PaneLayout(home).divider("other", 0.5)).isEqualTo(0.5);
    }
}
