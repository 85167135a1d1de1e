package dev.parallax.serving;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefaultBoundsTest {
    @Test
    void anUnknownModelNamesTheUnreadableUserCatalog(@TempDir Path home) throws Exception {
        Path folder = Files.createDirectories(home.resolve(dev.parallax.model.catalog.Catalog.USER_FOLDER));
        Files.writeString(folder.resolve("mine.json"), "{\"models\": [");
        String before = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            assertThatThrownBy(() -> DefaultBounds.resolve("my-private-model", "h100-sxm", 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("my-private-model")
                    .hasMessageContaining("the user's catalog was not read")
                    .hasMessageContaining("mine.json");
        } finally {
            System.setProperty("user.home", before);
        }
    }
}
