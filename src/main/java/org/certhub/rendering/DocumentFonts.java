package org.certhub.rendering;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Measures and draws text in one document, splitting it into runs per code point so that every character is drawn
 * with the first font that actually has it. Each font a document needs is cut to exactly the document's characters
 * that it draws and embedded whole.
 */
final class DocumentFonts {

    /** A maximal stretch of text drawn with one font. */
    record Run(PDType0Font font, String text) {}

    private final ParsedFonts parsed;
    private final PDType0Font[] loaded;
    /** Per font, the characters it was cut to for this document; null for a font the document does not use. */
    private final List<Set<Integer>> cuts;

    private DocumentFonts(ParsedFonts parsed) {
        this.parsed = parsed;
        this.loaded = new PDType0Font[parsed.count()];
        this.cuts = new ArrayList<>(parsed.count());
        for (int i = 0; i < parsed.count(); i++) {
            cuts.add(null);
        }
    }

    /**
     * Text for a document whose every string is known before the first is measured: each font is cut to exactly the
     * characters it draws of these strings and embedded whole. PDFBox's own subsetting starts from the font it is
     * given and writes (and reads back) a width entry for each of its glyphs per document — 7,600 for the main font
     * cut to GB2312, 60,000 for HanaMinB — which was the largest cost of a render.
     */
    static DocumentFonts forTexts(PDDocument document, ParsedFonts parsed, List<String> texts) throws IOException {
        DocumentFonts fonts = new DocumentFonts(parsed);
        List<Set<Integer>> characters = new ArrayList<>(parsed.count());
        for (int i = 0; i < parsed.count(); i++) {
            characters.add(new HashSet<>());
        }
        for (String text : texts) {
            text.codePoints().forEach(c -> {
                int font = parsed.fontFor(c);
                // a character no font has (a line break) fails only if it is drawn: see runs()
                if (font != ParsedFonts.NONE) {
                    characters.get(font).add(c);
                }
            });
        }
        for (int i = 0; i < parsed.count(); i++) {
            Set<Integer> cut = characters.get(i);
            if (!cut.isEmpty()) {
                fonts.loaded[i] = PDType0Font.load(document, parsed.subset(i, cut, tag(cut)), false);
                fonts.cuts.set(i, cut);
            }
        }
        return fonts;
    }

    List<Run> runs(String text) {
        List<Run> runs = new ArrayList<>(2);
        int runStart = 0;
        int runFont = ParsedFonts.NONE;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int font = parsed.fontFor(codePoint);
            if (font == ParsedFonts.NONE) {
                // printing a blank or a substitute would silently change a legal document
                throw new IllegalArgumentException(
                        String.format("No shipped font has a glyph for U+%04X in \"%s\"", codePoint, text));
            }
            if (cuts.get(font) == null || !cuts.get(font).contains(codePoint)) {
                throw new IllegalStateException(String.format(
                        "U+%04X in \"%s\" was not among the document's texts the fonts were cut to", codePoint, text));
            }
            if (font != runFont && i > runStart) {
                runs.add(new Run(loaded[runFont], text.substring(runStart, i)));
                runStart = i;
            }
            runFont = font;
            i += Character.charCount(codePoint);
        }
        if (runStart < text.length()) {
            runs.add(new Run(loaded[runFont], text.substring(runStart)));
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
}
