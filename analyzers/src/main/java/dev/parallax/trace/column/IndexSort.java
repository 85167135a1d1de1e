package dev.parallax.trace.column;

/** Stable sort of a permutation of row indices by a primitive comparator, with no boxing. */
public final class IndexSort {
    private IndexSort() {
    }

    /** Compares two row indices. */
    @FunctionalInterface
    public interface IndexComparator {
        int compare(int a, int b);
    }

    /** Returns the indices 0..n-1 in stable sorted order. */
    public static int[] sortedOrder(int n, IndexComparator cmp) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = cmp.compare(i - 1, i) <= 0;
        }
        if (sorted) {
            return a;
        }
        int[] tmp = new int[n];
        mergeSort(a, tmp, 0, n, cmp);
        return a;
    }

    private static void mergeSort(int[] a, int[] tmp, int lo, int hi, IndexComparator cmp) {
        if (hi - lo < 24) {
            for (int i = lo + 1; i < hi; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= lo && cmp.compare(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(a, tmp, lo, mid, cmp);
        mergeSort(a, tmp, mid, hi, cmp);
        if (cmp.compare(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, lo, tmp, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            if (j >= hi || (i < mid && cmp.compare(tmp[i], tmp[j]) <= 0)) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }

    /**
     * Returns the indices 0..n-1 stably sorted by the key columns, compared in order, all ascending (negate
     * a column for descending). Plain arrays and no comparator object: the import's hot sort. A bottom-up
     * merge sort of small methods without recursion, so that the JIT compiles it quickly once (the import
     * runs it per track, a few seconds in all; a recursive sort was compiled again and again).
     */
    public static int[] sortedOrder(long[]... keys) {
        int n = keys[0].length;
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        if (isSorted(keys, n)) {
            return a;
        }
        for (int lo = 0; lo < n; lo += RUN) {
            insertionSort(a, lo, Math.min(lo + RUN, n), keys);
        }
        int[] src = a;
        int[] dst = new int[n];
        for (int width = RUN; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                merge(src, dst, lo, Math.min(lo + width, n), Math.min(lo + 2 * width, n), keys);
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) {
            System.arraycopy(src, 0, a, 0, n);
        }
        return a;
    }

    private static final int RUN = 32;

    private static boolean isSorted(long[][] keys, int n) {
        for (int i = 1; i < n; i++) {
            if (compare(keys, i - 1, i) > 0) {
                return false;
            }
        }
        return true;
    }

    private static int compare(long[][] keys, int x, int y) {
        for (long[] k : keys) {
            int c = Long.compare(k[x], k[y]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static void insertionSort(int[] a, int lo, int hi, long[][] keys) {
        for (int i = lo + 1; i < hi; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= lo && compare(keys, a[j], v) > 0) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    /** Merges the sorted runs src[lo, mid) and src[mid, hi) into dst[lo, hi), the left run first on ties. */
    private static void merge(int[] src, int[] dst, int lo, int mid, int hi, long[][] keys) {
        if (mid >= hi || compare(keys, src[mid - 1], src[mid]) <= 0) {
            System.arraycopy(src, lo, dst, lo, hi - lo);
            return;
        }
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            if (j >= hi || (i < mid && compare(keys, src[i], src[j]) <= 0)) {
                dst[k] = src[i++];
            } else {
                dst[k] = src[j++];
            }
        }
    }
}
