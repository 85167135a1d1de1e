package dev.parallax.analysis.gpu;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationIndexTest {
    @RepeatedTest(12)
    void findsWhatAHashMapFinds(RepetitionInfo info) {
        Random rnd = new Random(7L * info.getCurrentRepetition());
        int mode = info.getCurrentRepetition() % 3; // 0 sorted, 1 shuffled, 2 huge ids (hashed)
        CorrelationIndex.Builder b = new CorrelationIndex.Builder();
        Map<Long, Long> reference = new HashMap<>();
        Map<Long, Boolean> isLaunch = new HashMap<>();
        int n = 1 + rnd.nextInt(3000);
        long id = mode == 2 ? Long.MAX_VALUE / 2 : 1;
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            id += rnd.nextInt(3);
            ids[i] = mode == 1 ? rnd.nextInt(5000) : id;
        }
        for (int i = 0; i < n; i++) {
            boolean launch = rnd.nextBoolean();
            long v = rnd.nextLong();
            b.add(ids[i], v, launch);
            Boolean had = isLaunch.get(ids[i]);
            if (had == null || launch && !had) {
                reference.put(ids[i], v);
                isLaunch.put(ids[i], launch);
            }
        }
        CorrelationIndex index = b.build();
        CorrelationIndex.Cursor c = index.cursor();
        long lo = mode == 2 ? Long.MAX_VALUE / 2 - 5 : -5;
        for (long k = lo; k < lo + 7000; k += 1 + (k % 2 == 0 ? 0 : rnd.nextInt(2))) {
            assertThat(c.find(k, -1)).as("id %d", k).isEqualTo(reference.getOrDefault(k, -1L));
        }
        for (int i = 0; i < 500; i++) {
            long k = ids[rnd.nextInt(n)];
            assertThat(c.find(k, -1)).isEqualTo(reference.get(k));
        }
    }
}
