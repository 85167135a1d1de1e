package dev.parallax.trace.json;

import dev.parallax.trace.StringPool;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ByteInternerTest {
    @Test
    void givesOneIdPerDistinctText() {
        StringPool.Builder pool = new StringPool.Builder();
        ByteInterner interner = new ByteInterner(pool);
        Random rnd = new Random(11);
        List<String> texts = new ArrayList<>();
        String base = "x".repeat(500);
        for (int i = 0; i < 3000; i++) {
            // long texts that differ in one middle character: same length, prefix and suffix
            char[] c = base.toCharArray();
            c[17 + rnd.nextInt(460)] = (char) ('a' + rnd.nextInt(26));
            texts.add(new String(c));
            texts.add("k" + rnd.nextInt(500));
            texts.add("");
            texts.add("\u00e9t\u00e9 \u6f22 " + rnd.nextInt(50));
        }
        Map<String, Integer> seen = new HashMap<>();
        for (String t : texts) {
            byte[] buf = ("##" + t + "##").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int id = interner.intern(buf, 2, buf.length - 4);
            assertThat(pool.get(id)).isEqualTo(t);
            Integer before = seen.putIfAbsent(t, id);
            if (before != null) {
                assertThat(id).isEqualTo(before);
            }
        }
        assertThat(pool.size()).isEqualTo(seen.size() + (seen.containsKey("") ? 0 : 1));
    }
}
