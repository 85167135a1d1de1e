package dev.parallax.app.report;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Flows text, tables and drawings down A4 pages of a PDF: keeps the cursor, starts a new page when
 * something does not fit, wraps text, and shows each character with a font that has its glyph.
 */
final class PageWriter implements AutoCloseable {
    static final PDRectangle PAGE = PDRectangle.A4;
    static final float MARGIN = 50;
    static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;

    private final PDDocument doc;
    private final ReportFonts fonts;
    private PDPage page;
    private PDPageContentStream out;
    private float y;
    private int unshowable;

    PageWriter(PDDocument doc, ReportFonts fonts) {
        this.doc = doc;
        this.fonts = fonts;
    }

    ReportFonts fonts() {
        return fonts;
    }

    PDPage page() {
        return page;
    }

    float y() {
        return y;
    }

    /** Characters no embedded font could show (replaced by '?'). */
    int unshowableCount() {
        return unshowable;
    }

    /** Starts a new page and returns it. */
    PDPage newPage() throws IOException {
        closeStream();
        page = new PDPage(PAGE);
        doc.addPage(page);
        out = new PDPageContentStream(doc, page);
        y = PAGE.getHeight() - MARGIN;
        return page;
    }

    /** Makes sure {@code height} points fit below the cursor, else starts a new page. */
    void ensure(float height) throws IOException {
        if (page == null || y - height < MARGIN + 20) {
            newPage();
        }
    }

    void space(float points) {
        y -= points;
    }

    /** Writes one line of text at the cursor (no wrapping) and moves the cursor down. */
    void line(String text, PDFont font, float size, Color color) throws IOException {
        ensure(size * 1.4f);
        y -= size * 1.2f;
        text(text, MARGIN, y, font, size, color);
        y -= size * 0.3f;
    }

    /** Writes a paragraph wrapped to the text width. */
    void paragraph(String text, PDFont font, float size, Color color) throws IOException {
        for (String para : text.split("\n", -1)) {
            for (String l : wrap(para, font, size, WIDTH)) {
                line(l, font, size, color);
            }
        }
    }

    /** Shows text at (x, baseline) choosing, per character, a font that has its glyph. */
    void text(String s, float x, float baseline, PDFont font, float size, Color color) throws IOException {
        out.setNonStrokingColor(color);
        float cx = x;
        StringBuilder run = new StringBuilder();
        PDFont runFont = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x20) {
                cp = ' ';
            }
            PDFont f = fonts.fontFor(font, cp);
            String ch = new String(Character.toChars(cp));
            if (f == null) {
                unshowable++;
                f = font;
                ch = "?";
            }
            if (f != runFont && run.length() > 0) {
                cx += showRun(run.toString(), runFont, size, cx, baseline);
                run.setLength(0);
            }
            runFont = f;
            run.append(ch);
        }
        if (run.length() > 0) {
            showRun(run.toString(), runFont, size, cx, baseline);
        }
    }

    private float showRun(String s, PDFont font, float size, float x, float baseline) throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, baseline);
        out.showText(s);
        out.endText();
        return width(s, font, size);
    }

    /** Width of {@code s} in points, measured with the fonts that will show it. */
    float width(String s, PDFont font, float size) {
        float w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            PDFont f = fonts.fontFor(font, cp);
            String ch = f == null ? "?" : new String(Character.toChars(cp));
            try {
                w += (f == null ? font : f).getStringWidth(ch) / 1000f * size;
            } catch (IOException | RuntimeException e) {
                w += size * 0.5f;
            }
        }
        return w;
    }

    /** Cuts {@code s} to fit {@code max} points, ending with an ellipsis when cut. */
    String elide(String s, PDFont font, float size, float max) {
        if (width(s, font, size) <= max) {
            return s;
        }
        int n = s.length();
        while (n > 0 && width(s.substring(0, n) + "…", font, size) > max) {
            n--;
        }
        return s.substring(0, n) + "…";
    }

    List<String> wrap(String text, PDFont font, float size, float max) {
        List<String> lines = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = cur.length() == 0 ? word : cur + " " + word;
            if (width(candidate, font, size) <= max || cur.length() == 0) {
                cur.setLength(0);
                cur.append(candidate);
                while (width(cur.toString(), font, size) > max && cur.length() > 1) {
                    // a single word longer than the line: hard-break it
                    int cut = cur.length() - 1;
                    while (cut > 1 && width(cur.substring(0, cut), font, size) > max) {
                        cut--;
                    }
                    lines.add(cur.substring(0, cut));
                    cur.delete(0, cut);
                }
            } else {
                lines.add(cur.toString());
                cur.setLength(0);
                cur.append(word);
            }
        }
        lines.add(cur.toString());
        return lines;
    }

    void fillRect(float x, float yBottom, float w, float h, Color c) throws IOException {
        out.setNonStrokingColor(c);
        out.addRect(x, yBottom, w, h);
        out.fill();
    }

    void hline(float x0, float x1, float atY, Color c, float lineWidth) throws IOException {
        out.setStrokingColor(c);
        out.setLineWidth(lineWidth);
        out.moveTo(x0, atY);
        out.lineTo(x1, atY);
        out.stroke();
    }

    /** Places a vector drawing (a form XObject) of the given size at the cursor. */
    void form(PDFormXObject form, float w, float h) throws IOException {
        ensure(h + 6);
        y -= h;
        out.saveGraphicsState();
        out.transform(org.apache.pdfbox.util.Matrix.getTranslateInstance(MARGIN + (WIDTH - w) / 2, y));
        out.drawForm(form);
        out.restoreGraphicsState();
        y -= 6;
    }

    private void closeStream() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeStream();
    }
}
