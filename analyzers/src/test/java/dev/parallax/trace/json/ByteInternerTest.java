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

    @Test
    void findsWhileAnotherThreadInterns() throws Exception {
        StringPool.Builder pool = new StringPool.Builder();
        ByteInterner trace = new ByteInterner(pool);
        ByteInterner chunk = new ByteInterner();
        int n = 200_000;
        int[] local = new int[n];
        for (int i = 0; i < n; i++) {
            byte[] b = ("text " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            local[i] = chunk.intern(b, 0, b.length);
        }
        assertThat(trace.find(chunk, local[7])).as("not interned yet").isEqualTo(-1);
        java.util.concurrent.atomic.AtomicReference<AssertionError> wrong = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread finder = new Thread(() -> {
            while (!done.get()) {
                for (int i = 0; i < n; i += 97) {
                    int id = trace.find(chunk, local[i]);
                    if (id >= 0) {
                        hits.incrementAndGet();
                        if (!pool.get(id).equals("text " + i)) {
                            wrong.compareAndSet(null, new AssertionError("text " + i + " found as " + pool.get(id)));
                        }
                    }
                }
            }
        });
        finder.start();
        for (int i = 0; i < n; i++) {
            trace.internFrom(chunk, local[i], null); // grows the table many times while the other thread reads
        }
        done.set(true);
        finder.join();
        assertThat(wrong.get()).isNull();
        for (int i = 0; i < n; i += 1009) {
            assertThat(pool.get(trace.find(chunk, local[i]))).isEqualTo("text " + i);
        }
    }
}
