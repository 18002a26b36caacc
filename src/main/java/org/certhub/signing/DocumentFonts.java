package org.certhub.signing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Measures and draws text in one document, splitting it into runs per code point so that every character is drawn
 * with the first font that actually has it. Fonts are added to the document (as subsets) only when a run needs them.
 */
final class DocumentFonts {

    /** A maximal stretch of text drawn with one font. */
    record Run(PDType0Font font, String text) {
    }

    private final PDDocument document;
    private final ParsedFonts parsed;
    private final PDType0Font[] loaded;

    DocumentFonts(PDDocument document, ParsedFonts parsed) {
        this.document = document;
        this.parsed = parsed;
        this.loaded = new PDType0Font[parsed.count()];
    }

    List<Run> runs(String text) throws IOException {
        List<Run> runs = new ArrayList<>(2);
        int runStart = 0;
        int runFont = ParsedFonts.NONE;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int font = parsed.fontFor(codePoint);
            if (font == ParsedFonts.NONE) {
                // printing a blank or a substitute would silently change a legal document
                throw new IllegalArgumentException(String.format(
                        "No shipped font has a glyph for U+%04X in \"%s\"", codePoint, text));
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

    private PDType0Font pdFont(int index) throws IOException {
        if (loaded[index] == null) {
            loaded[index] = PDType0Font.load(document, parsed.font(index), true);
        }
        return loaded[index];
    }
}
