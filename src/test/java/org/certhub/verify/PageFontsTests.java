package org.certhub.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.certhub.rendering.FontSet;
import org.junit.jupiter.api.Test;

class PageFontsTests {

    private static final PageFonts FONTS = new PageFonts(FontSet.loadDefault());

    @Test
    void aPageWithARareCharacterGetsAFontThatDrawsItAfterTheSystemFonts() throws Exception {
        String css = FONTS.css("𠮷田 A1");

        var url =
                Pattern.compile("/fonts/page/(\\d)\\.ttf\\?t=([A-Za-z0-9_-]+)").matcher(css);
        int faces = 0;
        boolean drawsRare = false;
        while (url.find()) {
            faces++;
            byte[] font = FONTS.page(url.group(2), Integer.parseInt(url.group(1)));
            assertThat(font).isNotNull();
            try (TrueTypeFont parsed = new TTFParser().parse(new RandomAccessReadBuffer(font))) {
                drawsRare |= parsed.getUnicodeCmapLookup().getGlyphId(0x20BB7) > 0;
            }
        }
        assertThat(faces).as("the main font for 田, HanaMinB for 𠮷").isEqualTo(2);
        assertThat(drawsRare).isTrue();
        assertThat(css).containsSubsequence("\"PingFang SC\"", "certhub-page-0", "certhub-ui-0", "sans-serif");
    }

    @Test
    void onlyTheKeysThePagesMakeAreServed() {
        assertThat(FONTS.page(encode("田𠮷"), 0) != null)
                .as("in code point order")
                .isTrue();
        assertThat(FONTS.page(encode("𠮷田"), 0) == null)
                .as("not in code point order")
                .isTrue();
        assertThat(FONTS.page(encode("田田"), 0) == null).as("not distinct").isTrue();
        assertThat(FONTS.page("not base64!", 0) == null).as("not a key").isTrue();
        var tooMany = new StringBuilder();
        for (int c = 0x4E00; c < 0x4E00 + PageFonts.MAX_CHARACTERS + 1; c++) {
            tooMany.appendCodePoint(c);
        }
        assertThat(FONTS.page(encode(tooMany.toString()), 0) == null)
                .as("too many")
                .isTrue();
        assertThat(FONTS.page(encode("一"), 5) == null).as("no such font").isTrue();
    }

    @Test
    void thePagesOwnWordsHaveAFontToo() throws Exception {
        byte[] font = FONTS.ui(0);
        assertThat(font).isNotNull();
        try (TrueTypeFont parsed = new TTFParser().parse(new RandomAccessReadBuffer(font))) {
            for (int c : "证书核验文件查询暂扣撤销".codePoints().toArray()) {
                assertThat(parsed.getUnicodeCmapLookup().getGlyphId(c))
                        .as(Character.toString(c))
                        .isPositive();
            }
        }
    }

    private static String encode(String characters) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(characters.getBytes(StandardCharsets.UTF_8));
    }
}
