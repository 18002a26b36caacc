package org.certhub.rendering;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * The fonts shipped with the application (never a font of the host), in the order they are tried for a character:
 * WenQuanYi Micro Hei as the main font, then HanaMinA (cut to what the main font does not draw: CJK Extension A, the
 * compatibility ideographs, radicals, pinyin letters with tone marks), HanaMinB (Extensions B to F, such as 𠮷
 * U+20BB7) and BabelStone Han (cut to the Unicode 13 to 15 additions none of the others has). Together they draw every
 * ideograph of GB 18030-2022 and every character of its one- and two-byte part ({@link Gb18030Repertoire});
 * docs/fonts.md says where each comes from.
 *
 * <p>Holds only immutable data, so one instance can be shared by all threads. Renderers parse {@link TrueTypeFont}
 * objects from these bytes (see {@link #parse()}) and confine each parsed set to one thread at a time, because a
 * parsed font is not thread-safe. {@link #canPrint(int)} answers from a table made once at start-up.
 */
public final class FontSet {

    static final String MAIN_COLLECTION = "/fonts/wqy-microhei.ttc";
    static final String MAIN_FAMILY = "WenQuanYi Micro Hei";
    /** The fallback fonts, in the order they are tried after the main font. */
    static final List<String> FALLBACKS =
            List.of("/fonts/HanaMinA-cut.ttf", "/fonts/HanaMinB.ttf", "/fonts/BabelStoneHan-cut.ttf");

    private static final String MAIN_POSTSCRIPT_NAME = "WenQuanYiMicroHei";

    private final byte[] mainCut;
    private final byte[] mainCollection;
    private final List<byte[]> fallbacks;
    private final List<String> fallbackNames;
    /** Per font, in the order they are tried, the code points it draws. */
    private final List<BitSet> drawn;
    /** Every code point some shipped font draws. */
    private final BitSet printable;

    private FontSet(byte[] mainCut, byte[] mainCollection, List<String> fallbackNames, List<byte[]> fallbacks) {
        this.mainCut = mainCut;
        this.mainCollection = mainCollection;
        this.fallbackNames = List.copyOf(fallbackNames);
        this.fallbacks = List.copyOf(fallbacks);
        this.drawn = new ParsedFonts(sources()).drawn();
        this.printable = new BitSet();
        drawn.forEach(printable::or);
    }

    /**
     * Loads the fonts from the class path, prepares the cut-down main font and the table of printable characters.
     * Takes a second or so; create one instance at start-up and share it.
     */
    public static FontSet loadDefault() {
        return load(FALLBACKS);
    }

    /**
     * The main font with the given fallback fonts (class path resources, tried in this order) instead of the shipped
     * ones: for checking what happens when a font is missing or added.
     */
    public static FontSet load(List<String> fallbackResources) {
        try {
            byte[] collection = resource(MAIN_COLLECTION);
            List<byte[]> fallbacks = new ArrayList<>(fallbackResources.size());
            for (String name : fallbackResources) {
                fallbacks.add(resource(name));
            }
            return new FontSet(cutToCommonCharacters(collection), collection, fallbackResources, fallbacks);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the shipped fonts", e);
        }
    }

    /**
     * Whether a shipped font draws the code point, so that a certificate can print it: maps it to a glyph with an
     * outline (or to any glyph, for a space). Private-use code points never can be printed: what they mean is private,
     * and a font's glyph there would print another character.
     */
    public boolean canPrint(int codePoint) {
        return codePoint >= 0 && printable.get(codePoint);
    }

    /**
     * Fonts for a web page of this text, so that a phone without a font for one of its characters (𠮷 U+20BB7 is
     * missing on many) still shows it: the shipped fonts cut to the text's characters, one font file per shipped font
     * that draws some of them, in the order they are tried. Characters no shipped font draws are left out. Takes tens
     * of milliseconds (more when a character needs the large Extension B font): cache the result.
     */
    public List<byte[]> cutForWeb(String text) {
        ParsedFonts fonts = parse();
        List<Set<Integer>> perFont = new ArrayList<>();
        for (int i = 0; i < fonts.count(); i++) {
            perFont.add(new TreeSet<>());
        }
        text.codePoints().filter(c -> !Character.isISOControl(c)).forEach(c -> {
            int font = fonts.fontFor(c);
            if (font != ParsedFonts.NONE) {
                perFont.get(font).add(c);
            }
        });
        List<byte[]> cuts = new ArrayList<>();
        for (int i = 0; i < perFont.size(); i++) {
            if (!perFont.get(i).isEmpty()) {
                cuts.add(fonts.cut(i, perFont.get(i), "CHWEB" + (char) ('A' + i)));
            }
        }
        return cuts;
    }

    /** Parses a fresh set of fonts from the shared bytes; the caller confines it to one thread at a time. */
    ParsedFonts parse() {
        return new ParsedFonts(sources(), drawn);
    }

    private List<ParsedFonts.FontSource> sources() {
        List<ParsedFonts.FontSource> sources = new ArrayList<>(2 + fallbacks.size());
        sources.add(new ParsedFonts.FontSource("WenQuanYi Micro Hei (GB2312)", () -> parseTrueType(mainCut)));
        sources.add(new ParsedFonts.FontSource(MAIN_FAMILY, () -> mainFromCollection(mainCollection)));
        for (int i = 0; i < fallbacks.size(); i++) {
            byte[] bytes = fallbacks.get(i);
            sources.add(new ParsedFonts.FontSource(fallbackNames.get(i), () -> parseTrueType(bytes)));
        }
        return sources;
    }

    /**
     * The main font for Java 2D drawing (the seal image), at the given size in pixels. Java's
     * {@code Font.createFonts} turns any internal failure into "Problem reading font data" and drops the cause; it was
     * seen now and then when a hub started on a heavily loaded machine, and went away on a second try, so it is tried
     * three times before the start fails.
     */
    static Font awtMainFont(float size) {
        IOException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try (InputStream in = FontSet.class.getResourceAsStream(MAIN_COLLECTION)) {
                if (in == null) {
                    throw new IllegalStateException("Missing font resource " + MAIN_COLLECTION);
                }
                for (Font font : Font.createFonts(in)) {
                    if (MAIN_FAMILY.equals(font.getFamily(Locale.ROOT))) {
                        return font.deriveFont(size);
                    }
                }
                throw new IllegalStateException(MAIN_FAMILY + " not found in " + MAIN_COLLECTION);
            } catch (IOException e) {
                last = e;
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            } catch (FontFormatException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new UncheckedIOException("Cannot load " + MAIN_COLLECTION + " for the seal image", last);
    }

    /**
     * PDFBox writes a width entry for every glyph of the font into each document, so a 20 000-glyph font costs time
     * on every certificate. Cutting the main font once to ASCII + GB2312 (what nearly every certificate uses) made
     * rendering about 1.7x faster; characters outside the cut fall through to the full font.
     */
    private static byte[] cutToCommonCharacters(byte[] collection) throws IOException {
        TrueTypeFont full = mainFromCollection(collection);
        try {
            TTFSubsetter subsetter = new TTFSubsetter(full);
            subsetter.addAll(asciiAndGb2312());
            ByteArrayOutputStream out = new ByteArrayOutputStream(4 << 20);
            subsetter.writeToStream(out);
            return out.toByteArray();
        } finally {
            full.close();
        }
    }

    private static Set<Integer> asciiAndGb2312() {
        Set<Integer> codePoints = new TreeSet<>();
        for (int c = 0x20; c < 0x7f; c++) {
            codePoints.add(c);
        }
        // Latin-1 and general punctuation: the middle dot of transliterated minority names is U+00B7, which Java's
        // GB2312 table maps to U+30FB instead, and dashes and quotes turn up in company names
        for (int c = 0xa0; c <= 0xff; c++) {
            codePoints.add(c);
        }
        for (int c = 0x2010; c <= 0x2027; c++) {
            codePoints.add(c);
        }
        CharsetDecoder gb2312 = Charset.forName("GB2312")
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // GB2312 is EUC-CN: two bytes, each in 0xA1..0xFE; rows above 0xF7 are unassigned
        for (int high = 0xa1; high <= 0xf7; high++) {
            for (int low = 0xa1; low <= 0xfe; low++) {
                try {
                    String s = gb2312.decode(ByteBuffer.wrap(new byte[] {(byte) high, (byte) low}))
                            .toString();
                    s.codePoints().forEach(codePoints::add);
                } catch (CharacterCodingException unassigned) {
                    // holes in the code table
                }
            }
        }
        return codePoints;
    }

    private static TrueTypeFont parseTrueType(byte[] bytes) throws IOException {
        return new TTFParser().parse(new RandomAccessReadBuffer(bytes));
    }

    private static TrueTypeFont mainFromCollection(byte[] bytes) throws IOException {
        // the collection is not closed: closing it would close the font's data source; the font owns it from here
        TrueTypeCollection collection = new TrueTypeCollection(new ByteArrayInputStream(bytes));
        TrueTypeFont font = collection.getFontByName(MAIN_POSTSCRIPT_NAME);
        if (font == null) {
            throw new IOException(MAIN_POSTSCRIPT_NAME + " not found in " + MAIN_COLLECTION);
        }
        return font;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FontSet.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("Missing font resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
