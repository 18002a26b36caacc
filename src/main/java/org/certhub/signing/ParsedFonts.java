package org.certhub.signing;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TrueTypeFont;

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
