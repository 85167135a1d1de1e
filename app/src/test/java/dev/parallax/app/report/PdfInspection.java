package dev.parallax.app.report;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/** Reads back what a rendered report holds: text per page, images, vector forms, embedded fonts. */
final class PdfInspection {
    private PdfInspection() {
    }

    static String text(PDDocument doc) throws IOException {
        return new PDFTextStripper().getText(doc);
    }

    static String pageText(PDDocument doc, int pageIndex) throws IOException {
        PDFTextStripper s = new PDFTextStripper();
        s.setStartPage(pageIndex + 1);
        s.setEndPage(pageIndex + 1);
        return s.getText(doc);
    }

    /** Number of raster images on a page, looking inside form XObjects too. */
    static int images(PDPage page) throws IOException {
        return images(page.getResources(), new HashSet<>());
    }

    /** Number of form XObjects (vector drawings such as charts) on a page. */
    static int forms(PDPage page) throws IOException {
        int n = 0;
        PDResources res = page.getResources();
        for (COSName name : res.getXObjectNames()) {
            if (res.getXObject(name) instanceof PDFormXObject) {
                n++;
            }
        }
        return n;
    }

    private static int images(PDResources res, Set<Object> seen) throws IOException {
        if (res == null || !seen.add(res.getCOSObject())) {
            return 0;
        }
        int n = 0;
        for (COSName name : res.getXObjectNames()) {
            PDXObject x = res.getXObject(name);
            if (x instanceof PDImageXObject) {
                n++;
            } else if (x instanceof PDFormXObject f) {
                n += images(f.getResources(), seen);
            }
        }
        return n;
    }

    /** Whether every font used on every page is embedded. */
    static boolean allFontsEmbedded(PDDocument doc) throws IOException {
        for (PDPage p : doc.getPages()) {
            PDResources res = p.getResources();
            for (COSName n : res.getFontNames()) {
                PDFont f = res.getFont(n);
                if (!f.isEmbedded()) {
                    return false;
                }
            }
        }
        return true;
    }
}
