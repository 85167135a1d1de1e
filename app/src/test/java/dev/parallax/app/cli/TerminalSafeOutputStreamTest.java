package dev.parallax.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalSafeOutputStreamTest {
    private static final String EVIL = "k\u001B[2J\u0007\r\u0000\u007F\u0085\u202Egnp.exe\u2066é→\t|\n";

    private static String through(String text, int chunk) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalSafeOutputStream out = new TerminalSafeOutputStream(bytes);
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i += chunk) {
            if (chunk == 1) {
                out.write(b[i]);
            } else {
                out.write(b, i, Math.min(chunk, b.length - i));
            }
        }
        out.close();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void controlAndBidiCharactersBecomeVisibleEscapesWhateverTheWriteSizes() throws Exception {
        String expected = "k\\u001B[2J\\u0007\\u000D\\u0000\\u007F\\u0085\\u202Egnp.exe\\u2066é→\t|\n";
        for (int chunk : new int[] {1, 2, 3, 5, 1024}) {
            assertThat(through(EVIL, chunk)).as("chunk " + chunk).isEqualTo(expected);
        }
        assertThat(TerminalSafeOutputStream.escape(EVIL)).isEqualTo(expected);
        assertThat(TerminalSafeOutputStream.escape("plain")).isSameAs("plain");
    }

    @Test
    void jsonKeepsItsMeaning() throws Exception {
        ObjectMapper m = new ObjectMapper();
        String json = m.writeValueAsString(Map.of("name", EVIL));
        String shown = through(json, 7);
        assertThat(shown).doesNotContain("\u001B", "\u202E", "\u0085");
        assertThat(m.readTree(shown).get("name").asText()).isEqualTo(EVIL);
    }

    @Test
    void aPrintStreamOverItEscapesEveryPrintPath() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(new TerminalSafeOutputStream(bytes), true, StandardCharsets.UTF_8);
        ps.print("a\u001B");
        ps.println('\u0007');
        ps.printf("%s%n", "\u202E");
        ps.append("\r");
        ps.flush();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("a\\u001B\\u0007\n\\u202E\n\\u000D");
    }
}
