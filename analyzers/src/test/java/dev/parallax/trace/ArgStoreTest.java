package dev.parallax.trace;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ArgStoreTest {
    @Test
    void roundTripsEveryTypeAndSharesShapesBetweenRecordsOfOneKind() {
        StringPool.Builder pool = new StringPool.Builder();
        int dev = pool.intern("device");
        int occ = pool.intern("occupancy");
        int big = pool.intern("big");
        int name = pool.intern("name");
        ArgStore.Builder b = new ArgStore.Builder();
        Random rnd = new Random(3);
        long[] bigs = new long[100];
        double[] occs = new double[100];
        int[] handles = new int[100];
        for (int i = 0; i < 100; i++) {
            bigs[i] = rnd.nextLong();
            occs[i] = rnd.nextDouble();
            b.begin();
            b.putLong(dev, i);
            b.putDouble(occ, occs[i]);
            b.putLong(big, bigs[i]);
            b.putString(name, pool.intern("k" + (i % 3)));
            handles[i] = b.end();
        }
        b.begin();
        b.putBool(dev, true);
        b.putNull(occ);
        int other = b.end();
        b.begin();
        b.putLong(dev, 99);
        b.abandon();
        b.begin();
        assertThat(b.end()).isEqualTo(-1);
        ArgStore store = b.build();
        StringPool p = pool.build();
        assertThat(store.recordCount()).isEqualTo(101);
        assertThat(store.shapeCount()).isEqualTo(2);
        for (int i = 0; i < 100; i++) {
            int h = handles[i];
            assertThat(store.argCount(h)).isEqualTo(4);
            assertThat(store.getLong(h, dev, p, -1)).isEqualTo(i);
            assertThat(store.getDouble(h, occ, p, -1)).isEqualTo(occs[i]);
            assertThat(store.getLong(h, big, p, -1)).isEqualTo(bigs[i]);
            assertThat(store.type(h, 2)).isEqualTo(ArgStore.LONG);
            assertThat(store.getString(h, name, p)).isEqualTo("k" + (i % 3));
            assertThat(store.indexOf(h, pool.intern("absent"))).isEqualTo(-1);
        }
        assertThat(store.decode(other, p)).containsEntry("device", true).containsEntry("occupancy", null);
        assertThat(store.argCount(-1)).isZero();
        // 4 bytes per inline value, 8 more per double or wide long, plus small per-record overhead
        assertThat(store.memoryBytes()).isLessThan(100 * (4 * 4 + 16 + 8) + 200);
    }
}
