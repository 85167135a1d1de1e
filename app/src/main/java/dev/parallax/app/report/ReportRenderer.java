package dev.parallax.app.report;

import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Metric;
import dev.parallax.analysis.UnitFormat;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.app.charts.JFreeCharts;
import dev.parallax.trace.Diagnostic;
import dev.parallax.trace.DeviceProperties;
import dev.parallax.trace.Severity;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.AtomicFiles;
import dev.parallax.util.Progress;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionGoTo;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDBorderStyleDictionary;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageXYZDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.jfree.chart.JFreeChart;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

/**
 * Renders a {@link ReportContent} as a PDF with PDFBox: a cover (what was analysed), a table of contents
 * with links, an executive summary of the findings by severity, one section per analysis (metrics,
 * tables, charts as vector graphics with searchable text), timeline snapshots and an appendix of load
 * diagnostics; fonts embedded, pages numbered. The file is written atomically.
 */
public final class ReportRenderer {
    private static final Color INK = new Color(0x222222);
    private static final Color MUTED = new Color(0x666666);
    private static final Color ACCENT = new Color(0x2F5D8A);
    private static final Color RULE = new Color(0xCCCCCC);
    private static final Color ZEBRA = new Color(0xF3F5F8);
    private static final int MAX_TABLE_ROWS = 60;
    private static final float CHART_W = 480;
    private static final float CHART_H = 250;
    /** Contents lines 18 pt apart that fit between the "Contents" heading and the bottom margin of an A4 page. */
    private static final int TOC_ENTRIES_PER_PAGE = 38;

    /** One entry of the table of contents. */
    private record TocEntry(String title, PDPage page, float y, int level) {
    }

    /**
     * Writes the report to {@code out} atomically: a temporary file in the same folder is moved over the
     * target only once complete, so the chosen name never holds a half-written file.
     */
    public void render(ReportContent content, Path out, Progress progress) throws IOException {
        try (PDDocument doc = build(content, progress)) {
            AtomicFiles.write(out, doc::save);
        }
    }

    /** Builds the document in memory (the caller saves and closes it). */
    public PDDocument build(ReportContent content, Progress progress) throws IOException {
        PDDocument doc = new PDDocument();
        try {
            ReportFonts fonts = ReportFonts.load(doc);
            String family = awtFamily();
            List<TocEntry> toc = new ArrayList<>();
            info(doc, content);
            try (PageWriter w = new PageWriter(doc, fonts)) {
                cover(w, content);
                int tocPages = Math.max(1, (headingCount(content) + TOC_ENTRIES_PER_PAGE - 1) / TOC_ENTRIES_PER_PAGE);
                List<PDPage> tocPageList = new ArrayList<>();
                for (int i = 0; i < tocPages; i++) {
                    tocPageList.add(w.newPage());
                }
                int step = 0;
                int steps = 3 + content.results().size();
                if (content.includes(ReportContent.Section.SUMMARY)) {
                    progress.update(step++, steps, "executive summary");
                    summary(w, content, toc);
                }
                if (content.includes(ReportContent.Section.ANALYSES)) {
                    for (Result r : content.results()) {
                        if (!r.applies()) {
                            continue;
                        }
                        progress.checkCancelled();
                        progress.update(step++, steps, r.title());
                        analysis(w, doc, fonts, family, r, toc);
                    }
                }
                if (content.includes(ReportContent.Section.TIMELINE)) {
                    progress.update(step++, steps, "timeline snapshots");
                    timelines(w, doc, fonts, family, content, toc);
                }
                if (content.includes(ReportContent.Section.DIAGNOSTICS)) {
                    progress.update(step++, steps, "load diagnostics");
                    diagnostics(w, content, toc);
                }
                w.close();
                tableOfContents(doc, fonts, tocPageList, toc);
            }
            outline(doc, toc);
            pageNumbers(doc, fonts);
            progress.update(1, 1, "report done");
            return doc;
        } catch (IOException | RuntimeException e) {
            doc.close();
            throw e;
        }
    }

    /** Top-level headings the chosen sections produce: one each, and one per analysis. */
    private static int headingCount(ReportContent c) {
        int n = c.includes(ReportContent.Section.ANALYSES) ? (int) c.results().stream().filter(Result::applies).count() : 0;
        for (ReportContent.Section s : List.of(ReportContent.Section.SUMMARY, ReportContent.Section.TIMELINE,
                ReportContent.Section.DIAGNOSTICS)) {
            n += c.includes(s) ? 1 : 0;
        }
        return n;
    }

    private static String awtFamily() {
        try {
            for (String f : GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()) {
                if (f.equals("DejaVu Sans")) {
                    return f;
                }
            }
        } catch (RuntimeException | Error e) {
            // no font configuration: logical font below
        }
        return "SansSerif";
    }

    private static void info(PDDocument doc, ReportContent c) {
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle(c.title() + " — " + c.traces().name());
        info.setCreator("Parallax");
        info.setProducer("Parallax");
        Calendar cal = Calendar.getInstance();
        cal.setTimeInMillis(c.date().toInstant().toEpochMilli());
        info.setCreationDate(cal);
    }

    // ---- cover ------------------------------------------------------------------------------------

    private static void cover(PageWriter w, ReportContent c) throws IOException {
        ReportFonts f = w.fonts();
        w.newPage();
        w.space(90);
        w.line("Parallax", f.bold, 12, ACCENT);
        w.line(c.title(), f.bold, 24, INK);
        w.space(4);
        w.paragraph(c.traces().name(), f.regular, 11, MUTED);
        w.space(16);
        TraceSet set = c.traces();
        w.line("Generated " + c.date().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")), f.regular, 10, INK);
        if (set.size() == 0) {
            // a job result: its ranks stayed where they were analysed; the sections say what was found
            w.paragraph("Analyses: " + String.join(", ", c.results().stream().map(Result::title).toList()), f.regular, 10, INK);
            return;
        }
        w.line("Ranks: " + set.size() + "    Span: " + UnitFormat.duration(set.maxTime() - set.minTime()),
                f.regular, 10, INK);
        Set<String> hardware = new LinkedHashSet<>();
        for (Trace t : set.traces()) {
            for (DeviceProperties d : t.metadata().devices()) {
                hardware.add(d.name() + (d.totalGlobalMem() > 0 ? " (" + UnitFormat.bytes(d.totalGlobalMem()) + ")" : ""));
            }
        }
        w.paragraph("Hardware: " + (hardware.isEmpty() ? "not recorded in the traces" : String.join(", ", hardware)),
                f.regular, 10, INK);
        List<String> applying = c.results().stream().filter(Result::applies).map(Result::title).toList();
        long notApplying = c.results().size() - applying.size();
        w.paragraph("Analyses: " + (applying.isEmpty() ? "none" : String.join(", ", applying))
                + (notApplying > 0 ? " (" + notApplying + " not applicable, see the summary)" : ""), f.regular, 10, INK);
        w.space(14);
        w.line("Files analysed", f.bold, 11, INK);
        Table.Builder files = new Table.Builder("files", "Files")
                .column("file", "File").column("rank", "Rank").column("rank_source", "Rank from")
                .column("format", "Format").column("span", "Span").column("slices", "Slices");
        for (TraceSet.Member m : set.members()) {
            Trace t = m.trace();
            files.row(Path.of(t.source()).getFileName().toString(), m.rank(), m.rankSource().name().toLowerCase(Locale.ROOT),
                    t.metadata().format(), UnitFormat.duration(t.maxTime() - t.minTime()), t.sliceCount());
        }
        table(w, files.build());
    }

    // ---- summary -------------------------------------------------------------------------------

    /**
     * The executive summary: the (at most) three findings with the largest estimated gain first, then the
     * other findings by severity, then one line per analysis that does not apply.
     */
    private static void summary(PageWriter w, ReportContent c, List<TocEntry> toc) throws IOException {
        ReportFonts f = w.fonts();
        w.newPage();
        heading(w, "Executive summary", toc, 0);
        List<Map.Entry<Result, Finding>> all = new ArrayList<>();
        for (Result r : c.results()) {
            for (Finding fd : r.findings()) {
                all.add(Map.entry(r, fd));
            }
        }
        List<Map.Entry<Result, Finding>> top = ReportContent.largestGains(c.results(), 3);
        if (!top.isEmpty()) {
            w.space(6);
            w.line("Largest estimated gains", f.bold, 11, ACCENT);
            for (Map.Entry<Result, Finding> e : top) {
                finding(w, e.getKey(), e.getValue(), true);
            }
        }
        for (Severity s : new Severity[] {Severity.ERROR, Severity.WARNING, Severity.INFO}) {
            List<Map.Entry<Result, Finding>> items = all.stream()
                    .filter(e -> e.getValue().severity() == s && top.stream().noneMatch(t -> t.getValue() == e.getValue()))
                    .toList();
            if (items.isEmpty()) {
                continue;
            }
            w.space(6);
            w.line(label(s) + " (" + items.size() + ")", f.bold, 11, severityColor(s));
            for (Map.Entry<Result, Finding> e : items) {
                finding(w, e.getKey(), e.getValue(), false);
            }
        }
        if (all.isEmpty()) {
            w.paragraph("No findings: the analyses found nothing that stands out.", f.regular, 10, INK);
        }
        List<Result> notApplicable = c.results().stream().filter(r -> !r.applies()).toList();
        if (!notApplicable.isEmpty()) {
            w.space(6);
            w.line("Not applicable to these traces (" + notApplicable.size() + ")", f.bold, 11, MUTED);
            for (Result r : notApplicable) {
                w.paragraph("• " + r.title() + ": " + r.applicability().reason(), f.regular, 9, MUTED);
            }
        }
    }

    private static void finding(PageWriter w, Result r, Finding fd, boolean withSeverity) throws IOException {
        ReportFonts f = w.fonts();
        String gain = fd.hasGain() ? " (est. gain " + UnitFormat.duration(fd.gainNs()) + ")" : "";
        w.paragraph("• [" + r.title() + "] " + (withSeverity ? label(fd.severity()).replaceAll("s$", "") + ": " : "")
                + fd.summary() + gain, f.regular, 9.5f, INK);
        if (fd.suggestion() != null && !fd.suggestion().isBlank()) {
            w.paragraph("   → " + fd.suggestion(), f.regular, 8.5f, MUTED);
        }
    }

    private static String label(Severity s) {
        switch (s) {
            case ERROR:
                return "Critical";
            case WARNING:
                return "Warnings";
            default:
                return "Information";
        }
    }

    private static Color severityColor(Severity s) {
        switch (s) {
            case ERROR:
                return new Color(0xB3261E);
            case WARNING:
                return new Color(0xA15C00);
            default:
                return ACCENT;
        }
    }

    // ---- analysis sections ---------------------------------------------------------------------

    private static void analysis(PageWriter w, PDDocument doc, ReportFonts f, String family, Result r,
                                 List<TocEntry> toc) throws IOException {
        w.newPage();
        heading(w, r.title(), toc, 0);
        if (!r.findings().isEmpty()) {
            w.line("Findings", f.bold, 11, INK);
            for (Finding fd : r.findingsBySeverity()) {
                w.paragraph(label(fd.severity()).replaceAll("s$", "") + ": " + fd.summary(), f.bold, 9,
                        severityColor(fd.severity()));
                if (fd.explanation() != null && !fd.explanation().isBlank()) {
                    w.paragraph(fd.explanation(), f.regular, 8.5f, INK);
                }
                for (String d : fd.details()) {
                    w.paragraph("   " + d, f.regular, 8, INK);
                }
                if (fd.suggestion() != null && !fd.suggestion().isBlank()) {
                    w.paragraph("Suggestion: " + fd.suggestion(), f.regular, 8.5f, MUTED);
                }
                w.space(3);
            }
        }
        if (!r.metricList().isEmpty()) {
            w.space(6);
            w.line("Metrics", f.bold, 11, INK);
            Table.Builder m = new Table.Builder("metrics", "Metrics").column("metric", "Metric").column("value", "Value");
            for (Metric x : r.metricList()) {
                m.newRow(null).set("metric", x.label()).set("value", UnitFormat.format(x.value(), x.unit())).add();
            }
            table(w, m.build());
        }
        for (Chart c : r.charts()) {
            if (!c.isInformative()) {
                continue;
            }
            w.space(6);
            chart(w, doc, f, family, c);
        }
        for (Table t : r.tables()) {
            w.space(6);
            w.ensure(60);
            w.line(t.title() == null ? t.id() : t.title(), f.bold, 11, INK);
            table(w, t);
        }
    }

    private static void chart(PageWriter w, PDDocument doc, ReportFonts f, String family, Chart c) throws IOException {
        JFreeChart jf = JFreeCharts.create(c, family);
        PdfBoxGraphics2D g = new PdfBoxGraphics2D(doc, CHART_W, CHART_H);
        g.setFontTextDrawer(new EmbeddedFontTextDrawer(f));
        try {
            jf.draw(g, new Rectangle2D.Double(0, 0, CHART_W, CHART_H));
        } finally {
            g.dispose();
        }
        w.form(g.getXFormObject(), CHART_W, CHART_H);
    }

    /**
     * Draws a table, header repeated on each page, numbers right-aligned and never cut: columns take the width
     * of their widest value, headers wrap onto several lines, the font shrinks for wide tables, and only text
     * columns are shortened (with an ellipsis) as a last resort. Long tables are cut with a note.
     */
    static void table(PageWriter w, Table t) throws IOException {
        ReportFonts f = w.fonts();
        int cols = t.columns().size();
        int rows = Math.min(t.rows().size(), MAX_TABLE_ROWS);
        String[] headers = new String[cols];
        boolean[] numeric = new boolean[cols];
        String[][] cells = new String[rows][cols];
        for (int c = 0; c < cols; c++) {
            Table.Column col = t.columns().get(c);
            headers[c] = col.label();
            numeric[c] = true;
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                Object v = t.rows().get(r).get(c);
                cells[r][c] = UnitFormat.format(v, t.columns().get(c).unit());
                numeric[c] &= v == null || v instanceof Number;
            }
        }
        float size = 7.5f;
        float[] widths = new float[cols];
        float[] minWidths = new float[cols];
        for (; ; size -= 0.5f) {
            float total = 0;
            for (int c = 0; c < cols; c++) {
                float wc = 0;
                for (int r = 0; r < rows; r++) {
                    wc = Math.max(wc, w.width(cells[r][c], f.regular, size));
                }
                // a header may wrap between words, never inside one: it needs at least its longest word
                float word = 0;
                for (String part : headers[c].split(" ")) {
                    word = Math.max(word, w.width(part, f.bold, size));
                }
                minWidths[c] = word + 6;
                wc = Math.max(wc, word);
                widths[c] = Math.min(wc, numeric[c] ? Float.MAX_VALUE : Math.max(220, word)) + 6;
                total += widths[c];
            }
            if (total <= PageWriter.WIDTH || size <= 5.5f) {
                if (total > PageWriter.WIDTH) {
                    shrinkTextColumns(widths, minWidths, numeric, total - PageWriter.WIDTH);
                }
                break;
            }
        }
        float rowH = size + 3.5f;
        List<List<String>> headerLines = new ArrayList<>();
        int headerRows = 1;
        for (int c = 0; c < cols; c++) {
            // half a point of slack: a column exactly as wide as its longest word must not break that word
            List<String> hl = w.wrap(headers[c], f.bold, size, widths[c] - 5.5f);
            headerLines.add(hl);
            headerRows = Math.max(headerRows, hl.size());
        }
        header(w, headerLines, headerRows, widths, numeric, size, rowH);
        for (int r = 0; r < rows; r++) {
            if (w.y() - rowH < PageWriter.MARGIN + 20) {
                w.newPage();
                header(w, headerLines, headerRows, widths, numeric, size, rowH);
            }
            float top = w.y();
            if (r % 2 == 1) {
                w.fillRect(PageWriter.MARGIN, top - rowH, sum(widths), rowH, ZEBRA);
            }
            float x = PageWriter.MARGIN;
            for (int c = 0; c < cols; c++) {
                String s = numeric[c] ? cells[r][c] : w.elide(cells[r][c], f.regular, size, widths[c] - 6);
                float tx = numeric[c] ? x + widths[c] - 3 - w.width(s, f.regular, size) : x + 3;
                w.text(s, tx, top - rowH + 3, f.regular, size, INK);
                x += widths[c];
            }
            w.space(rowH);
        }
        if (t.rows().size() > rows) {
            w.line("… " + (t.rows().size() - rows) + " more rows not shown (see the workbench or the JSON output)",
                    f.regular, 7.5f, MUTED);
        }
        w.space(4);
    }

    private static void shrinkTextColumns(float[] widths, float[] minWidths, boolean[] numeric, float excess) {
        float text = 0;
        for (int c = 0; c < widths.length; c++) {
            if (!numeric[c]) {
                text += widths[c];
            }
        }
        for (int c = 0; c < widths.length && text > 0; c++) {
            if (!numeric[c]) {
                widths[c] = Math.max(Math.max(30, minWidths[c]), widths[c] - excess * widths[c] / text);
            }
        }
    }

    private static void header(PageWriter w, List<List<String>> lines, int headerRows, float[] widths,
                               boolean[] numeric, float size, float rowH) throws IOException {
        ReportFonts f = w.fonts();
        float height = headerRows * (size + 2) + 3;
        w.ensure(height + rowH * 2);
        float top = w.y();
        float x = PageWriter.MARGIN;
        for (int c = 0; c < lines.size(); c++) {
            List<String> hl = lines.get(c);
            for (int i = 0; i < hl.size(); i++) {
                float baseline = top - height + 3 + (hl.size() - 1 - i) * (size + 2);
                float tw = w.width(hl.get(i), f.bold, size);
                float tx = numeric[c] ? x + widths[c] - 3 - tw : x + 3;
                w.text(hl.get(i), tx, baseline, f.bold, size, INK);
            }
            x += widths[c];
        }
        w.hline(PageWriter.MARGIN, PageWriter.MARGIN + sum(widths), top - height, RULE, 0.6f);
        w.space(height + 1);
    }

    private static float sum(float[] a) {
        float s = 0;
        for (float x : a) {
            s += x;
        }
        return s;
    }

    // ---- timeline -------------------------------------------------------------------------------

    private static void timelines(PageWriter w, PDDocument doc, ReportFonts f, String family, ReportContent c,
                                  List<TocEntry> toc) throws IOException {
        w.newPage();
        heading(w, "Timeline", toc, 0);
        TraceSet set = c.traces();
        snapshot(w, doc, f, family, set, set.minTime(), set.maxTime(), "Whole span");
        if (c.hasSelection()) {
            snapshot(w, doc, f, family, set, c.selectionStart(), c.selectionEnd(), "Selection");
        }
    }

    private static void snapshot(PageWriter w, PDDocument doc, ReportFonts f, String family, TraceSet set,
                                 long t0, long t1, String title) throws IOException {
        w.line(title + ": " + UnitFormat.duration(t1 - t0) + " from +" + UnitFormat.duration(t0 - set.minTime()),
                f.bold, 10, INK);
        int maxRows = Math.max(2, Math.min(8, 60 / Math.max(1, set.size())));
        TimelineSnapshot snap = new TimelineSnapshot(set, t0, t1, maxRows);
        float width = PageWriter.WIDTH;
        float height = Math.min(snap.height(), PageWriter.PAGE.getHeight() - 2 * PageWriter.MARGIN - 60);
        PdfBoxGraphics2D g = new PdfBoxGraphics2D(doc, width, height);
        g.setFontTextDrawer(new EmbeddedFontTextDrawer(f));
        try {
            g.clip(new Rectangle2D.Float(0, 0, width, height));
            snap.paint(g, width, family);
        } finally {
            g.dispose();
        }
        w.form(g.getXFormObject(), width, height);
    }

    // ---- diagnostics ----------------------------------------------------------------------------

    private static void diagnostics(PageWriter w, ReportContent c, List<TocEntry> toc) throws IOException {
        ReportFonts f = w.fonts();
        w.newPage();
        heading(w, "Appendix: load diagnostics", toc, 0);
        boolean any = false;
        for (TraceSet.Member m : c.traces().members()) {
            Trace t = m.trace();
            if (t.diagnostics().isEmpty() && !t.diagnostics().truncated()) {
                continue;
            }
            any = true;
            w.space(4);
            w.paragraph(Path.of(t.source()).getFileName() + " (rank " + m.rank() + ")", f.bold, 10, INK);
            if (t.diagnostics().truncated()) {
                w.paragraph("The file was cut off: every complete event was loaded; "
                        + t.diagnostics().bytesLost() + " bytes after the last complete event were lost.",
                        f.regular, 9, severityColor(Severity.WARNING));
            }
            for (Diagnostic d : t.diagnostics().items()) {
                w.paragraph(d.severity() + (d.firstOffset() >= 0 ? " at byte " + d.firstOffset() : "") + ": "
                        + d.message() + (d.count() > 1 ? " (" + d.count() + " times)" : ""), f.regular, 8.5f, INK);
            }
        }
        if (!any) {
            w.paragraph("Every file loaded without problems: nothing was skipped or repaired.", f.regular, 10, INK);
        }
    }

    // ---- navigation -----------------------------------------------------------------------------

    private static void heading(PageWriter w, String title, List<TocEntry> toc, int level) throws IOException {
        w.ensure(60);
        float top = w.y();
        w.line(title, w.fonts().bold, level == 0 ? 16 : 12, ACCENT);
        w.hline(PageWriter.MARGIN, PageWriter.MARGIN + PageWriter.WIDTH, w.y() + 2, RULE, 0.8f);
        w.space(6);
        toc.add(new TocEntry(title, w.page(), top, level));
    }

    private static void tableOfContents(PDDocument doc, ReportFonts f, List<PDPage> pages, List<TocEntry> toc)
            throws IOException {
        int perPage = TOC_ENTRIES_PER_PAGE;
        for (int p = 0; p < pages.size(); p++) {
            PDPage page = pages.get(p);
            try (PDPageContentStream out = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true)) {
                float y = PageWriter.PAGE.getHeight() - PageWriter.MARGIN - 20;
                if (p == 0) {
                    out.beginText();
                    out.setNonStrokingColor(ACCENT);
                    out.setFont(f.bold, 16);
                    out.newLineAtOffset(PageWriter.MARGIN, y);
                    out.showText("Contents");
                    out.endText();
                    y -= 30;
                }
                for (int i = p * perPage; i < Math.min(toc.size(), (p + 1) * perPage); i++) {
                    TocEntry e = toc.get(i);
                    int pageNo = doc.getPages().indexOf(e.page()) + 1;
                    String title = safe(f.regular, e.title());
                    out.beginText();
                    out.setNonStrokingColor(INK);
                    out.setFont(f.regular, 11);
                    out.newLineAtOffset(PageWriter.MARGIN + e.level() * 14, y);
                    out.showText(title);
                    out.endText();
                    String num = String.valueOf(pageNo);
                    float nw = f.regular.getStringWidth(num) / 1000f * 11;
                    out.beginText();
                    out.setFont(f.regular, 11);
                    out.newLineAtOffset(PageWriter.MARGIN + PageWriter.WIDTH - nw, y);
                    out.showText(num);
                    out.endText();
                    PDAnnotationLink link = new PDAnnotationLink();
                    link.setRectangle(new PDRectangle(PageWriter.MARGIN, y - 3, PageWriter.WIDTH, 14));
                    PDBorderStyleDictionary border = new PDBorderStyleDictionary();
                    border.setWidth(0);
                    link.setBorderStyle(border);
                    PDPageXYZDestination dest = new PDPageXYZDestination();
                    dest.setPage(e.page());
                    dest.setTop((int) e.y());
                    PDActionGoTo go = new PDActionGoTo();
                    go.setDestination(dest);
                    link.setAction(go);
                    page.getAnnotations().add(link);
                    y -= 18;
                }
            }
        }
    }

    private static void outline(PDDocument doc, List<TocEntry> toc) {
        PDDocumentOutline outline = new PDDocumentOutline();
        doc.getDocumentCatalog().setDocumentOutline(outline);
        for (TocEntry e : toc) {
            PDOutlineItem item = new PDOutlineItem();
            item.setTitle(e.title());
            PDPageXYZDestination dest = new PDPageXYZDestination();
            dest.setPage(e.page());
            dest.setTop((int) e.y());
            item.setDestination(dest);
            outline.addLast(item);
        }
    }

    private static void pageNumbers(PDDocument doc, ReportFonts f) throws IOException {
        int n = doc.getNumberOfPages();
        for (int i = 0; i < n; i++) {
            PDPage page = doc.getPage(i);
            try (PDPageContentStream out = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
                String s = "Page " + (i + 1) + " of " + n;
                float sw = f.regular.getStringWidth(s) / 1000f * 8;
                out.beginText();
                out.setNonStrokingColor(MUTED);
                out.setFont(f.regular, 8);
                out.newLineAtOffset((PageWriter.PAGE.getWidth() - sw) / 2, 25);
                out.showText(s);
                out.endText();
            }
        }
    }

    /** Replaces characters the font cannot show (TOC and outline use one font). */
    private static String safe(PDFont font, String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            try {
                font.encode(ch);
                sb.append(ch);
            } catch (IOException | RuntimeException e) {
                sb.append('?');
            }
        });
        return sb.toString();
    }
}
