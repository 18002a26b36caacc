package org.certhub.rendering;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Measures and draws text in one document, splitting it into runs per code point so that every character is drawn
 * with the first font that actually has it. Fonts are added to the document (as subsets) only when a run needs them.
 */
final class DocumentFonts {

    /** A maximal stretch of text drawn with one font. */
    record Run(PDType0Font font, String text) {}

    private static final int MAIN = 0;

    private final PDDocument document;
    private final ParsedFonts parsed;
    private final PDType0Font[] loaded;
    /** The characters the main font was cut to for this document; empty when it is loaded whole (as a subset). */
    private final Set<Integer> mainCut = new HashSet<>();

    DocumentFonts(PDDocument document, ParsedFonts parsed) {
        this.document = document;
        this.parsed = parsed;
        this.loaded = new PDType0Font[parsed.count()];
    }

    /**
     * Text for a document whose every string is known before the first is measured: the main font is cut to exactly
     * their characters and embedded whole. PDFBox's own subsetting starts from the font it is given and writes (and
     * reads back) a width entry for each of its ~7,600 glyphs per document, which was the largest cost of a render.
     * Characters the main font lacks take the lazy path through the other fonts as before.
     */
    static DocumentFonts forTexts(PDDocument document, ParsedFonts parsed, List<String> texts) throws IOException {
        DocumentFonts fonts = new DocumentFonts(document, parsed);
        for (String text : texts) {
            text.codePoints().filter(c -> parsed.fontFor(c) == MAIN).forEach(fonts.mainCut::add);
        }
        if (!fonts.mainCut.isEmpty()) {
            TrueTypeFont cut = parsed.subset(MAIN, fonts.mainCut, tag(fonts.mainCut));
            fonts.loaded[MAIN] = PDType0Font.load(document, cut, false);
        }
        return fonts;
    }

    List<Run> runs(String text) throws IOException {
        List<Run> runs = new ArrayList<>(2);
        int runStart = 0;
        int runFont = ParsedFonts.NONE;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int font = parsed.fontFor(codePoint);
            if (font == MAIN && !mainCut.isEmpty() && !mainCut.contains(codePoint)) {
                throw new IllegalStateException(String.format(
                        "U+%04X in \"%s\" was not among the document's texts the font was cut to", codePoint, text));
            }
            if (font == ParsedFonts.NONE) {
                // printing a blank or a substitute would silently change a legal document
                throw new IllegalArgumentException(
                        String.format("No shipped font has a glyph for U+%04X in \"%s\"", codePoint, text));
            }
            if (font != runFont && i > runStart) {
                runs.add(new Run(pdFont(runFont), text.substring(runStart, i)));
                runStart = i;
            }
            runFont = font;
            i += Character.charCount(codePoint);
        }
        if (runStart < text.length()) {
            runs.add(new Run(pdFont(runFont), text.substring(runStart)));
        }
        return runs;
    }

    float width(String text, float fontSize) throws IOException {
        float width = 0;
        for (Run run : runs(text)) {
            width += run.font().getStringWidth(run.text()) / 1000f * fontSize;
        }
        return width;
    }

    /** Draws text with its baseline starting at (x, y). */
    void show(PDPageContentStream content, String text, float fontSize, float x, float y) throws IOException {
        content.beginText();
        content.newLineAtOffset(x, y);
        for (Run run : runs(text)) {
            content.setFont(run.font(), fontSize);
            content.showText(run.text());
        }
        content.endText();
    }

    /** The six capital letters that mark a subset font's name (ISO 32000-1, 9.6.4), derived from its characters. */
    private static String tag(Set<Integer> codePoints) {
        long hash = new java.util.TreeSet<>(codePoints).hashCode() & 0xffffffffL;
        char[] tag = new char[6];
        for (int i = 0; i < tag.length; i++) {
            tag[i] = (char) ('A' + hash % 26);
            hash /= 26;
        }
        return new String(tag) + "+";
    }

    private PDType0Font pdFont(int index) throws IOException {
        if (loaded[index] == null) {
            loaded[index] = PDType0Font.load(document, parsed.font(index), true);
        }
        return loaded[index];
    }
}
