package dev.parallax.trace.column;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Both sorts against the JDK's stable sort of boxed indices, on random, sorted and tied keys. */
class IndexSortTest {
    @Test
    void keyColumnsSortStablyLikeTheJdk() {
        Random r = new Random(7);
        for (int round = 0; round < 300; round++) {
            int n = round < 50 ? round : r.nextInt(3000);
            int range = 1 + r.nextInt(round % 3 == 0 ? 4 : 1000);
            long[] k1 = new long[n];
            long[] k2 = new long[n];
            for (int i = 0; i < n; i++) {
                k1[i] = round % 5 == 0 ? i / 3 : r.nextInt(range);
                k2[i] = -r.nextInt(3);
            }
            Integer[] expected = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            Arrays.sort(expected, Comparator.<Integer>comparingLong(i -> k1[i]).thenComparingLong(i -> k2[i]));
            assertThat(IndexSort.sortedOrder(k1, k2)).as("n=" + n).containsExactly(
                    Arrays.stream(expected).mapToInt(Integer::intValue).toArray());
            Integer[] one = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            Arrays.sort(one, Comparator.comparingLong(i -> k1[i]));
            int[] byComparator = IndexSort.sortedOrder(n, (x, y) -> Long.compare(k1[x], k1[y]));
            assertThat(byComparator).containsExactly(Arrays.stream(one).mapToInt(Integer::intValue).toArray());
            assertThat(IndexSort.sortedOrder(k1)).containsExactly(byComparator);
        }
    }
}
