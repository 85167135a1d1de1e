package dev.parallax.analysis.gpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds ranks whose value stands out above the others: the modified (robust) z-score
 * 0.6745·(x − median)/MAD of Iglewicz and Hoaglin ("How to Detect and Handle Outliers", 1993), combined
 * with a minimum relative excess over the median so that tiny absolute differences are not reported.
 */
public final class Outliers {
    private Outliers() {
    }

    public static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Median absolute deviation from the median. */
    public static double mad(double[] values) {
        double m = median(values);
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = Math.abs(values[i] - m);
        }
        return median(d);
    }

    /** Modified z-score of {@code x} (infinite when MAD is 0 and x differs from the median). */
    public static double robustZ(double x, double median, double mad) {
        if (mad == 0) {
            return x == median ? 0 : Math.copySign(Double.POSITIVE_INFINITY, x - median);
        }
        return 0.6745 * (x - median) / mad;
    }

    /**
     * Indices of values that are more than {@code pctAboveMedian} percent above the median and (with
     * three or more values) have a robust z-score above {@code zThreshold}. Needs at least two values.
     */
    public static List<Integer> high(double[] values, double zThreshold, double pctAboveMedian) {
        List<Integer> out = new ArrayList<>();
        if (values.length < 2) {
            return out;
        }
        double med = median(values);
        double mad = mad(values);
        for (int i = 0; i < values.length; i++) {
            double x = values[i];
            boolean above = x > med * (1 + pctAboveMedian / 100.0) && x > med;
            boolean z = values.length < 3 || robustZ(x, med, mad) > zThreshold;
            if (above && z) {
                out.add(i);
            }
        }
        return out;
    }
}
