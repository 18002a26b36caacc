package org.certhub.rendering;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * One set of parsed fonts, in the order they are tried for a character: the cut-down main font, the full main font,
 * the fallback font. Reused for many documents (parsing per document was ten times slower), but not thread-safe: an
 * instance must be used by one thread at a time.
 *
 * <p>The full main font and the fallback are parsed only when a character first needs them: most certificates never
 * leave GB2312.
 */
final class ParsedFonts {

    /** Parses one font; may fail with an {@link IOException}. */
    @FunctionalInterface
    interface FontSource {
        TrueTypeFont parse() throws IOException;
    }

    static final int NONE = -1;

    /** What a PDF reader needs of an embedded TrueType font, and the cmap and names PDFBox needs to embed it. */
    private static final List<String> SUBSET_TABLES = List.of(
            "head", "hhea", "loca", "maxp", "cvt ", "prep", "glyf", "hmtx", "fpgm", "gasp", "cmap", "name", "OS/2",
            "post");

    private final FontSource[] sources;
    private final TrueTypeFont[] fonts;
    private final CmapLookup[] cmaps;

    ParsedFonts(FontSource... sources) {
        this.sources = sources.clone();
        this.fonts = new TrueTypeFont[sources.length];
        this.cmaps = new CmapLookup[sources.length];
    }

    int count() {
        return sources.length;
    }

    /** Index of the first font that has a glyph for the code point (supplementary planes included), or {@link #NONE}. */
    int fontFor(int codePoint) {
        for (int i = 0; i < sources.length; i++) {
            if (cmap(i).getGlyphId(codePoint) > 0) {
                return i;
            }
        }
        return NONE;
    }

    TrueTypeFont font(int index) {
        if (fonts[index] == null) {
            try {
                fonts[index] = sources[index].parse();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot parse shipped font #" + index, e);
            }
        }
        return fonts[index];
    }

    /**
     * A font of just these characters of font {@code index} (all of which it must have), named with the subset tag, as
     * a parsed TrueType font of its own: embedding it whole costs a width entry per glyph it has, not per glyph of
     * the font it was cut from. TrueType cmaps written by fontbox cover the Basic Multilingual Plane only.
     */
    TrueTypeFont subset(int index, Set<Integer> codePoints, String tag) {
        try {
            TTFSubsetter subsetter = new TTFSubsetter(font(index), SUBSET_TABLES);
            subsetter.addAll(codePoints);
            subsetter.setPrefix(tag);
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            subsetter.writeToStream(out);
            return new TTFParser().parse(new RandomAccessReadBuffer(out.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot cut shipped font #" + index, e);
        }
    }

    private CmapLookup cmap(int index) {
        if (cmaps[index] == null) {
            try {
                // prefers the full Unicode (UCS-4) subtable, which is the one that maps Extension B
                cmaps[index] = font(index).getUnicodeCmapLookup();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the cmap of shipped font #" + index, e);
            }
        }
        return cmaps[index];
    }
}
