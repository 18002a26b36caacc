package org.certhub.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.fontbox.ttf.GlyphData;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every character of GB 18030-2022 that a name can hold has a glyph in the shipped fonts, asked through the hub's own
 * {@link FontSet} and the parsed fonts the renderer draws with, one code point at a time.
 */
class FontSetTests {

    private static FontSet fonts;
    private static ParsedFonts parsed;

    @BeforeAll
    static void loadFonts() {
        fonts = FontSet.loadDefault();
        parsed = fonts.parse();
    }

    @Test
    void everyIdeographOfGb18030HasADrawnGlyph() {
        for (Gb18030Repertoire.Block block : Gb18030Repertoire.Block.values()) {
            List<String> missing = new ArrayList<>();
            block.codePoints().forEach(c -> {
                if (!fonts.canPrint(c) || !hasOutline(c)) {
                    missing.add(String.format("U+%04X", c));
                }
            });
            assertThat(missing)
                    .as("%s: code points without a glyph", block.title())
                    .isEmpty();
        }
    }

    @Test
    void everyCharacterOfTheOneAndTwoBytePartHasAGlyph() {
        List<String> missing = new ArrayList<>();
        Gb18030Repertoire.oneAndTwoByteCharacters().forEach(c -> {
            boolean blank = Character.isWhitespace(c) || Character.getType(c) == Character.SPACE_SEPARATOR;
            if (!fonts.canPrint(c) || !blank && !hasOutline(c)) {
                missing.add(String.format("U+%04X %s", c, Character.getName(c)));
            }
        });
        assertThat(missing).isEmpty();
        assertThat(Gb18030Repertoire.oneAndTwoByteCharacters().count())
                .as("GBK's 21,886 characters and more")
                .isGreaterThan(21_886);
        assertThat(fonts.canPrint('·')).as("the middle dot of minority names").isTrue();
    }

    /** The ranges are written out for Unicode 15; the JDK's Unicode 13 must not know an ideograph they leave out. */
    @Test
    void theBlocksHoldEveryIdeographTheJdkKnowsAndGb18030MapsThemAll() {
        for (Gb18030Repertoire.Block block : Gb18030Repertoire.Block.values()) {
            int first = block.codePoints().min().orElseThrow();
            int last = block.codePoints().max().orElseThrow();
            IntStream.rangeClosed(first, last)
                    .filter(Character::isIdeographic)
                    .forEach(c -> assertThat(block.contains(c))
                            .as("U+%04X in %s", c, block.title())
                            .isTrue());
        }
        assertThat(Gb18030Repertoire.ideographs().count())
                .as("URO 20,992, A 6,592, B 42,720, C 4,154, D 222, E 5,762, F 7,473, compatibility 472 + 542")
                .isEqualTo(20_992 + 6_592 + 42_720 + 4_154 + 222 + 5_762 + 7_473 + 472 + 542);
        Charset gb18030 = Charset.forName("GB18030");
        Gb18030Repertoire.ideographs().forEach(c -> {
            String s = Character.toString(c);
            assertThat(new String(s.getBytes(gb18030), gb18030)).isEqualTo(s);
        });
        assertThat(new String(new byte[] {(byte) 0xFE, 0x59}, gb18030))
                .as("the JDK maps GB 18030 as the 2022 edition does")
                .isEqualTo("\u9FB4");
    }

    @Test
    void nothingOutsideTheFontsAndNoPrivateUseCharacterCountsAsPrintable() {
        assertThat(fonts.canPrint(0x30000)).as("Extension G").isFalse();
        assertThat(fonts.canPrint(0xE000))
                .as("private use, GB 18030's user-defined area")
                .isFalse();
        assertThat(fonts.canPrint(0xF137))
                .as("private use, which HanaMinA draws")
                .isFalse();
        assertThat(fonts.canPrint(0xF0000)).as("supplementary private use").isFalse();
        assertThat(fonts.canPrint('张')).isTrue();
    }

    @Test
    void aFontLeftOutLeavesItsCharactersUnprintable() {
        FontSet withoutBabelStone = FontSet.load(FontSet.FALLBACKS.subList(0, 2));
        assertThat(withoutBabelStone.canPrint(0x4DBF)).isFalse();
        assertThat(fonts.canPrint(0x4DBF)).isTrue();
    }

    /** fontbox writes a cut's cmap for the Basic Multilingual Plane only; the hub writes its own for every plane. */
    @Test
    void aFontCutToADocumentsCharactersKeepsThoseOfEveryPlane() throws IOException {
        int hanaMinB = parsed.fontFor(0x20BB7);
        int tu = 0x2A6A5; // 𪚥, also Extension B
        TrueTypeFont cut = parsed.subset(hanaMinB, Set.of(0x20BB7, tu, (int) 'A'), "ABCDEF+");

        assertThat(cut.getNumberOfGlyphs()).isEqualTo(4);
        var cmap = cut.getUnicodeCmapLookup();
        assertThat(cmap.getGlyphId(0x20BB7)).isPositive();
        assertThat(cmap.getGlyphId(tu)).isPositive().isNotEqualTo(cmap.getGlyphId(0x20BB7));
        assertThat(cut.getCmap().getSubtable(3, 1).getGlyphId('A'))
                .as("the BMP subtable, for readers that know no other")
                .isEqualTo(cmap.getGlyphId('A'))
                .isPositive();
        assertThat(cut.getName()).isEqualTo("ABCDEF+HanaMinB");

        int main = parsed.fontFor('张');
        TrueTypeFont bmp = parsed.subset(main, Set.of((int) '张', (int) '三'), "ABCDEF+");
        assertThat(bmp.getUnicodeCmapLookup().getGlyphId('张')).isPositive();
        assertThat(bmp.getUnicodeCmapLookup().getGlyphId('三')).isPositive();
    }

    /** The glyph the renderer would draw for the code point has an outline: not an empty box. */
    private static boolean hasOutline(int codePoint) {
        int font = parsed.fontFor(codePoint);
        if (font == ParsedFonts.NONE) {
            return false;
        }
        try {
            TrueTypeFont ttf = parsed.font(font);
            int glyph = ttf.getUnicodeCmapLookup().getGlyphId(codePoint);
            GlyphData data = ttf.getGlyph().getGlyph(glyph);
            if (data == null) {
                return false;
            }
            PDRectangle box = new PDRectangle(data.getBoundingBox());
            return box.getWidth() > 0 && box.getHeight() > 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
