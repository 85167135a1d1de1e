package dev.parallax.app.report;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fonts a report embeds: a regular and a bold face (DejaVu Sans where the system has it, else the
 * Liberation Sans that PDFBox ships), plus any further system fonts used for characters the main face
 * lacks (e.g. CJK), so non-Latin names survive. Fonts are embedded as subsets.
 */
final class ReportFonts {
    private static final String[] REGULAR = {
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/Library/Fonts/Arial Unicode.ttf",
        "C:/Windows/Fonts/arial.ttf",
    };
    private static final String[] BOLD = {
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
        "C:/Windows/Fonts/arialbd.ttf",
    };
    private static final String[] FALLBACKS = {
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
    };
    private static final String BUNDLED = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    final PDFont regular;
    final PDFont bold;
    final List<PDFont> fallbacks;

    private ReportFonts(PDFont regular, PDFont bold, List<PDFont> fallbacks) {
        this.regular = regular;
        this.bold = bold;
        this.fallbacks = fallbacks;
    }

    static ReportFonts load(PDDocument doc) throws IOException {
        PDFont regular = loadFirst(doc, REGULAR);
        if (regular == null) {
            try (InputStream in = PDDocument.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IOException("no font available to embed (looked for DejaVu Sans and " + BUNDLED + ")");
                }
                regular = PDType0Font.load(doc, in);
            }
        }
        PDFont bold = loadFirst(doc, BOLD);
        List<PDFont> fallbacks = new ArrayList<>();
        for (String f : FALLBACKS) {
            Path p = Path.of(f);
            if (!Files.isRegularFile(p)) {
                continue;
            }
            if (f.endsWith(".ttc")) {
                // the collection stays open: the embedded subset is written when the document is saved
                org.apache.fontbox.ttf.TrueTypeCollection ttc = new org.apache.fontbox.ttf.TrueTypeCollection(p.toFile());
                {
                    List<org.apache.fontbox.ttf.TrueTypeFont> first = new ArrayList<>();
                    ttc.processAllFonts(ttf -> {
                        if (first.isEmpty()) {
                            first.add(ttf);
                        }
                    });
                    if (!first.isEmpty()) {
                        fallbacks.add(PDType0Font.load(doc, first.get(0), true));
                    }
                }
            } else {
                fallbacks.add(PDType0Font.load(doc, p.toFile()));
            }
        }
        return new ReportFonts(regular, bold == null ? regular : bold, fallbacks);
    }

    private static PDFont loadFirst(PDDocument doc, String[] candidates) throws IOException {
        for (String f : candidates) {
            Path p = Path.of(f);
            if (Files.isRegularFile(p)) {
                return PDType0Font.load(doc, p.toFile());
            }
        }
        return null;
    }

    private final java.util.Map<PDFont, java.util.Map<Integer, Boolean>> coverage = new java.util.HashMap<>();

    /** Whether {@code font} can show code point {@code cp} (cached per font). */
    boolean canShow(PDFont font, int cp) {
        return coverage.computeIfAbsent(font, f -> new java.util.HashMap<>()).computeIfAbsent(cp, c -> {
            try {
                font.encode(new String(Character.toChars(c)));
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        });
    }

    /** The font to show {@code cp} with: {@code preferred} when it can, else the first fallback that can, else null. */
    PDFont fontFor(PDFont preferred, int cp) {
        if (canShow(preferred, cp)) {
            return preferred;
        }
        for (PDFont f : fallbacks) {
            if (canShow(f, cp)) {
                return f;
            }
        }
        return null;
    }
}
