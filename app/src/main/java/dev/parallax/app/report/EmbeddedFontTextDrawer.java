package dev.parallax.app.report;

import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2DFontTextDrawer;
import org.apache.pdfbox.pdmodel.font.PDFont;

import java.awt.Font;

/**
 * Makes charts drawn through PDFBox's Graphics2D write their text as real text in the report's embedded
 * fonts (searchable, extractable) instead of glyph outlines.
 */
final class EmbeddedFontTextDrawer extends PdfBoxGraphics2DFontTextDrawer {
    private final ReportFonts fonts;

    EmbeddedFontTextDrawer(ReportFonts fonts) {
        this.fonts = fonts;
    }

    @Override
    protected PDFont mapFont(Font font, IFontTextDrawerEnv env) {
        return font.isBold() ? fonts.bold : fonts.regular;
    }
}
