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
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * The CJK fonts shipped with the application (never a font of the host): WenQuanYi Micro Hei as the main font and
 * HanaMinB as the fallback for characters the main font lacks, such as CJK Extension B (𠮷 U+20BB7).
 *
 * <p>Holds only immutable font bytes, so one instance can be shared by all threads. Renderers parse
 * {@link TrueTypeFont} objects from these bytes (see {@link #parse()}) and confine each parsed set to one thread at a
 * time, because a parsed font is not thread-safe.
 */
public final class FontSet {

    static final String MAIN_COLLECTION = "/fonts/wqy-microhei.ttc";
    static final String MAIN_FAMILY = "WenQuanYi Micro Hei";
    static final String FALLBACK = "/fonts/HanaMinB.ttf";

    private static final String MAIN_POSTSCRIPT_NAME = "WenQuanYiMicroHei";

    private final byte[] mainCut;
    private final byte[] mainCollection;
    private final byte[] fallback;

    private FontSet(byte[] mainCut, byte[] mainCollection, byte[] fallback) {
        this.mainCut = mainCut;
        this.mainCollection = mainCollection;
        this.fallback = fallback;
    }

    /**
     * Loads the fonts from the class path and prepares the cut-down main font. Takes a second or so; create one
     * instance at start-up and share it.
     */
    public static FontSet loadDefault() {
        try {
            byte[] collection = resource(MAIN_COLLECTION);
            byte[] fallback = resource(FALLBACK);
            return new FontSet(cutToCommonCharacters(collection), collection, fallback);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the shipped fonts", e);
        }
    }

    /** Parses a fresh set of fonts from the shared bytes; the caller confines it to one thread at a time. */
    ParsedFonts parse() {
        return new ParsedFonts(
                () -> parseTrueType(mainCut), () -> mainFromCollection(mainCollection), () -> parseTrueType(fallback));
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
