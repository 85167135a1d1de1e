package dev.parallax.app.timeline;

import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * Fits labels into boxes without measuring every string: the advance of each printable ASCII character
 * is measured once for a font, and text is elided with an ellipsis to fit a width.
 */
public final class TextFit {
    private final Font font;
    private final double[] advance = new double[128];
    private final double fallback;
    private final double ellipsis;

    public TextFit(Font font) {
        this.font = font;
        Text t = new Text();
        t.setFont(font);
        double sum = 0;
        int n = 0;
        for (char c = 32; c < 127; c++) {
            t.setText(String.valueOf(c).repeat(10));
            advance[c] = t.getLayoutBounds().getWidth() / 10;
            sum += advance[c];
            n++;
        }
        fallback = sum / n * 1.15;
        t.setText("…");
        ellipsis = t.getLayoutBounds().getWidth();
    }

    public Font font() {
        return font;
    }

    /** Estimated width of {@code s}. */
    public double width(String s) {
        double w = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            w += c < 128 ? advance[c] : fallback;
        }
        return w;
    }

    /** {@code s}, or its longest prefix plus an ellipsis that fits {@code max} pixels, or "" if nothing fits. */
    public String fit(String s, double max) {
        double w = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            w += c < 128 ? advance[c] : fallback;
            if (w > max) {
                double budget = max - ellipsis;
                double u = 0;
                int k = 0;
                while (k < n) {
                    char d = s.charAt(k);
                    double a = d < 128 ? advance[d] : fallback;
                    if (u + a > budget) {
                        break;
                    }
                    u += a;
                    k++;
                }
                return k == 0 ? "" : s.substring(0, k) + "…";
            }
        }
        return s;
    }
}
