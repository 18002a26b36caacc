package org.certhub.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.certhub.platform.Sha256;
import org.certhub.rendering.FontSet;
import org.springframework.stereotype.Component;

/**
 * Web fonts for the public pages, cut from the fonts the certificates are printed with: a phone that lacks a font for
 * a holder's rare character (𠮷 U+20BB7 shows as an empty box on many) gets the glyph from the hub, as the PDF does,
 * and a browser with no Chinese font at all still shows the pages' own words. Two kinds, each one file per shipped
 * font involved: the page's (its certificate's text, named in the URL, so that any node can make it) and the pages'
 * own words (every message of the public pages, made once). The CSS lists them after the usual system fonts: a
 * browser downloads one only for a character its own fonts lack. The holder's corner ({@code holder}) uses them too.
 */
@Component
public class PageFonts {

    /** Characters at most in one page's font: a certificate's text is far below. */
    static final int MAX_CHARACTERS = 400;

    /** The message keys of the public pages whose words the pages' own font carries. */
    private static final List<String> PUBLIC_MESSAGES =
            List.of("verify.", "query.", "check.", "status.", "verdict.", "finding.", "scan.", "holder.");

    private final FontSet fonts;
    private final Cache<String, List<byte[]>> cuts = Caffeine.newBuilder()
            .maximumWeight(64L << 20)
            .weigher(PageFonts::weight)
            .build();
    private volatile Words own;

    PageFonts(FontSet fonts) {
        this.fonts = fonts;
    }

    /** The pages' own words as one text, and the fonts cut to it. */
    private record Words(String text, String version, List<byte[]> cuts) {}

    /** The {@code <style>} content of a page showing this text: its fonts, then the pages' own, after the system's. */
    public String css(String pageText) {
        String characters = characters(pageText);
        String key =
                Base64.getUrlEncoder().withoutPadding().encodeToString(characters.getBytes(StandardCharsets.UTF_8));
        var css = new StringBuilder();
        var families = new StringBuilder("\"PingFang SC\", \"Microsoft YaHei\", \"Noto Sans CJK SC\"");
        int pageCuts = characters.isEmpty() ? 0 : page(characters).size();
        for (int i = 0; i < pageCuts; i++) {
            face(css, families, "certhub-page-" + i, "/fonts/page/" + i + ".ttf?t=" + key);
        }
        Words own = own();
        for (int i = 0; i < own.cuts().size(); i++) {
            face(css, families, "certhub-ui-" + i, "/fonts/ui/" + i + ".ttf?v=" + own.version());
        }
        css.append("body { font-family: ").append(families).append(", sans-serif; }\n");
        return css.toString();
    }

    private static void face(StringBuilder css, StringBuilder families, String family, String url) {
        css.append("@font-face { font-family: \"")
                .append(family)
                .append("\"; src: url(\"")
                .append(url)
                .append("\") format(\"truetype\"); font-display: swap; }\n");
        families.append(", \"").append(family).append('"');
    }

    /** Font {@code index} of the page font named by {@code key}, or null when there is none such. */
    byte[] page(String key, int index) {
        String characters;
        try {
            characters = new String(Base64.getUrlDecoder().decode(key), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (characters.isEmpty()
                || characters.codePointCount(0, characters.length()) > MAX_CHARACTERS
                || !characters.equals(characters(characters))) {
            // only the keys this class makes: distinct characters in order, so one text has one key and one cut
            return null;
        }
        List<byte[]> cut = page(characters);
        return index >= 0 && index < cut.size() ? cut.get(index) : null;
    }

    /** Font {@code index} of the pages' own words, or null. */
    byte[] ui(int index) {
        List<byte[]> cut = own().cuts();
        return index >= 0 && index < cut.size() ? cut.get(index) : null;
    }

    private List<byte[]> page(String characters) {
        return cuts.get(characters, fonts::cutForWeb);
    }

    /** The distinct characters of a text beyond ASCII (every system font has those), in code point order, capped. */
    static String characters(String text) {
        return characters(text, MAX_CHARACTERS);
    }

    private static String characters(String text, int cap) {
        var distinct = new TreeSet<Integer>();
        text.codePoints().filter(c -> c > 0x7e && !Character.isISOControl(c)).forEach(distinct::add);
        var out = new StringBuilder();
        distinct.stream().limit(cap).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** The pages' own words and their fonts, made on first use. */
    private Words own() {
        Words made = own;
        if (made == null) {
            synchronized (this) {
                if (own == null) {
                    own = words();
                }
                made = own;
            }
        }
        return made;
    }

    private Words words() {
        var text = new StringBuilder();
        for (String bundle : List.of("/messages.properties", "/messages_en.properties")) {
            var messages = new Properties();
            try (InputStream in = PageFonts.class.getResourceAsStream(bundle)) {
                if (in == null) {
                    continue;
                }
                messages.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            messages.forEach((key, value) -> {
                if (PUBLIC_MESSAGES.stream().anyMatch(prefix -> key.toString().startsWith(prefix))) {
                    text.append(value);
                }
            });
        }
        // the language links and the verdict marks
        text.append("中文·✓✗");
        String all = characters(text.toString(), Integer.MAX_VALUE);
        return new Words(all, Sha256.hex(all).substring(0, 16), fonts.cutForWeb(all));
    }

    private static int weight(String key, List<byte[]> value) {
        return key.length() + value.stream().mapToInt(b -> b.length).sum();
    }
}
