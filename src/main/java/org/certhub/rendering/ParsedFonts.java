package org.certhub.rendering;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * One set of parsed fonts, in the order they are tried for a character: the cut-down main font, the full main font,
 * then the fallback fonts. Reused for many documents (parsing per document was ten times slower), but not
 * thread-safe: an instance must be used by one thread at a time.
 *
 * <p>A font is parsed only when a character first needs it: most certificates never leave GB2312.
 */
final class ParsedFonts {

    /** Parses one font; may fail with an {@link IOException}. */
    @FunctionalInterface
    interface Parser {
        TrueTypeFont parse() throws IOException;
    }

    /** A font by the name it is known by in messages, and how to parse it. */
    record FontSource(String name, Parser parser) {}

    static final int NONE = -1;

    /** What a PDF reader needs of an embedded TrueType font, and the cmap and names PDFBox needs to embed it. */
    private static final List<String> SUBSET_TABLES = List.of(
            "head", "hhea", "loca", "maxp", "cvt ", "prep", "glyf", "hmtx", "fpgm", "gasp", "cmap", "name", "OS/2",
            "post");

    /** The same without the cmap, which {@link TrueTypeCmap} writes: fontbox writes one for the BMP only. */
    private static final List<String> SUBSET_TABLES_BUT_CMAP =
            SUBSET_TABLES.stream().filter(t -> !t.equals("cmap")).toList();

    private final List<FontSource> sources;
    /** Per font, the code points it draws (shared between parsed sets, never changed). */
    private final List<BitSet> drawn;

    private final TrueTypeFont[] fonts;
    private final CmapLookup[] cmaps;

    /** Fonts whose drawn code points are known: see {@link #drawn()}. */
    ParsedFonts(List<FontSource> sources, List<BitSet> drawn) {
        if (drawn.size() != sources.size()) {
            throw new IllegalArgumentException(drawn.size() + " sets of code points for " + sources.size() + " fonts");
        }
        this.sources = List.copyOf(sources);
        this.drawn = List.copyOf(drawn);
        this.fonts = new TrueTypeFont[sources.size()];
        this.cmaps = new CmapLookup[sources.size()];
    }

    /** Fonts whose drawn code points are still to be found: only {@link #drawn()} may be asked. */
    ParsedFonts(List<FontSource> sources) {
        this.sources = List.copyOf(sources);
        this.drawn = null;
        this.fonts = new TrueTypeFont[sources.size()];
        this.cmaps = new CmapLookup[sources.size()];
    }

    int count() {
        return sources.size();
    }

    /**
     * Index of the first font that draws the code point (supplementary planes included), or {@link #NONE}; never a
     * font for a private-use code point (see {@link FontSet#canPrint(int)}).
     */
    int fontFor(int codePoint) {
        for (int i = 0; i < drawn.size(); i++) {
            if (drawn.get(i).get(codePoint)) {
                return i;
            }
        }
        return NONE;
    }

    /**
     * Per font, the code points it draws: those its cmap maps to a glyph with an outline, or to any glyph for a space.
     * A font may map a character to an empty glyph (WenQuanYi Micro Hei does so for ǎ, ǚ, ℃ and Ⅴ): that would print
     * a blank, so the character is left to the next font. Private-use code points are never drawn. Parses every font.
     */
    List<BitSet> drawn() {
        List<BitSet> all = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) {
            BitSet drawn = new BitSet();
            CmapLookup cmap = cmap(i);
            long[] offsets = glyphOffsets(i);
            for (int gid = 1; gid < offsets.length - 1; gid++) {
                List<Integer> codes = cmap.getCharCodes(gid);
                if (codes == null) {
                    continue;
                }
                boolean outline = offsets[gid + 1] > offsets[gid];
                for (int code : codes) {
                    if (Character.getType(code) != Character.PRIVATE_USE
                            && (outline || Character.isWhitespace(code) || Character.isSpaceChar(code))) {
                        drawn.set(code);
                    }
                }
            }
            all.add(drawn);
        }
        return all;
    }

    /** The name of font {@code index}, as the shipped fonts are described. */
    String name(int index) {
        return sources.get(index).name();
    }

    TrueTypeFont font(int index) {
        if (fonts[index] == null) {
            try {
                fonts[index] = sources.get(index).parser().parse();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot parse shipped font " + name(index), e);
            }
        }
        return fonts[index];
    }

    /**
     * A font of just these characters of font {@code index} (all of which it must have), named with the subset tag, as
     * a parsed TrueType font of its own: embedding it whole costs a width entry per glyph it has, not per glyph of
     * the font it was cut from. Characters beyond the Basic Multilingual Plane (CJK Extension B and later) keep their
     * code points: for them the cut's cmap is written here, with a subtable that maps every plane.
     */
    TrueTypeFont subset(int index, Set<Integer> codePoints, String tag) {
        try {
            return new TTFParser().parse(new RandomAccessReadBuffer(cut(index, codePoints, tag)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot cut shipped font " + name(index), e);
        }
    }

    /** The bytes of {@link #subset}: a TrueType font file of just these characters. */
    byte[] cut(int index, Set<Integer> codePoints, String tag) {
        try {
            boolean beyondBmp = codePoints.stream().anyMatch(c -> c > 0xFFFF);
            TTFSubsetter subsetter = new TTFSubsetter(font(index), beyondBmp ? SUBSET_TABLES_BUT_CMAP : SUBSET_TABLES);
            subsetter.addAll(codePoints);
            subsetter.setPrefix(tag);
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            subsetter.writeToStream(out);
            if (!beyondBmp) {
                return out.toByteArray();
            }
            Map<Integer, Integer> newGlyphOfOld = new HashMap<>();
            subsetter.getGIDMap().forEach((newGlyph, oldGlyph) -> newGlyphOfOld.put(oldGlyph, newGlyph));
            SortedMap<Integer, Integer> glyphOfCodePoint = new TreeMap<>();
            CmapLookup cmap = cmap(index);
            for (int codePoint : codePoints) {
                glyphOfCodePoint.put(codePoint, newGlyphOfOld.get(cmap.getGlyphId(codePoint)));
            }
            return TrueTypeCmap.addTo(out.toByteArray(), glyphOfCodePoint);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot cut shipped font " + name(index), e);
        }
    }

    /** Where each glyph's outline starts in the glyf table; one more entry than glyphs, an empty glyph has length 0. */
    private long[] glyphOffsets(int index) {
        try {
            return font(index).getIndexToLocation().getOffsets();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read shipped font " + name(index), e);
        }
    }

    private CmapLookup cmap(int index) {
        if (cmaps[index] == null) {
            try {
                // prefers the full Unicode (UCS-4) subtable, which is the one that maps Extension B
                cmaps[index] = font(index).getUnicodeCmapLookup();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the cmap of shipped font " + name(index), e);
            }
        }
        return cmaps[index];
    }
}
