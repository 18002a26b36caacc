package org.certhub.rendering;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * The fonts of one document, cut to its characters, and the measure of its text: splits text into runs per code
 * point so that every character is drawn with the first font that actually has it. Each font a document needs is cut
 * to exactly the document's characters that it draws; a file format embeds the cut whole (PDF as a Type 0 font, OFD
 * as a font file of the package). Widths come from the cut's own metrics, so both formats lay out the same face.
 */
final class DocumentFonts {

    /** A maximal stretch of text drawn with one font (an index of {@link ParsedFonts}). */
    record Run(int font, String text) {}

    private final ParsedFonts parsed;
    /** Per font, the cut's file, or null for a font the document does not use. */
    private final byte[][] files;
    /** Per font, the cut parsed, for its metrics and for PDF. */
    private final TrueTypeFont[] cuts;
    /** Per font, the characters it was cut to for this document; null for a font the document does not use. */
    private final List<Set<Integer>> characters;
    /** Per font, its design units to thousandths of an em. */
    private final float[] scale;

    private DocumentFonts(ParsedFonts parsed) {
        this.parsed = parsed;
        this.files = new byte[parsed.count()][];
        this.cuts = new TrueTypeFont[parsed.count()];
        this.scale = new float[parsed.count()];
        this.characters = new ArrayList<>(parsed.count());
        for (int i = 0; i < parsed.count(); i++) {
            characters.add(null);
        }
    }

    /**
     * Text for a document whose every string is known before the first is measured: each font is cut to exactly the
     * characters it draws of these strings. PDFBox's own subsetting starts from the font it is given and writes (and
     * reads back) a width entry for each of its glyphs per document — 7,600 for the main font cut to GB2312, 60,000
     * for HanaMinB — which was the largest cost of a render.
     */
    static DocumentFonts forTexts(ParsedFonts parsed, List<String> texts) throws IOException {
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
                fonts.files[i] = parsed.cut(i, cut, tag(cut));
                fonts.cuts[i] = new TTFParser().parse(new RandomAccessReadBuffer(fonts.files[i]));
                fonts.scale[i] = 1000f / fonts.cuts[i].getUnitsPerEm();
                fonts.characters.set(i, cut);
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
            if (characters.get(font) == null || !characters.get(font).contains(codePoint)) {
                throw new IllegalStateException(String.format(
                        "U+%04X in \"%s\" was not among the document's texts the fonts were cut to", codePoint, text));
            }
            if (font != runFont && i > runStart) {
                runs.add(new Run(runFont, text.substring(runStart, i)));
                runStart = i;
            }
            runFont = font;
            i += Character.charCount(codePoint);
        }
        if (runStart < text.length()) {
            runs.add(new Run(runFont, text.substring(runStart)));
        }
        return runs;
    }

    /** The advance of one character of a run's font, in thousandths of the font size. */
    float advance(int font, int codePoint) {
        try {
            TrueTypeFont cut = cuts[font];
            return cut.getAdvanceWidth(cut.getUnicodeCmapLookup().getGlyphId(codePoint)) * scale[font];
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot measure a character of " + parsed.name(font), e);
        }
    }

    float width(String text, float fontSize) {
        float width = 0;
        for (Run run : runs(text)) {
            for (int i = 0; i < run.text().length(); ) {
                int codePoint = run.text().codePointAt(i);
                width += advance(run.font(), codePoint);
                i += Character.charCount(codePoint);
            }
        }
        return width / 1000f * fontSize;
    }

    /** The cut of a font the document uses, parsed. */
    TrueTypeFont cut(int font) {
        return cuts[font];
    }

    /** The file of the cut of a font the document uses. */
    byte[] file(int font) {
        return files[font];
    }

    /** The name of a font the document uses, as its cut names it (with its subset tag). */
    String name(int font) {
        try {
            return cuts[font].getName();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the name of " + parsed.name(font), e);
        }
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
