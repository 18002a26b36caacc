package org.certhub.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.regex.Pattern;

/** Text clean-ups a mapping applies to a value before it is validated. */
enum Normalization {
    /** Removes surrounding white space, including the ideographic space U+3000 and no-break spaces. */
    @JsonProperty("trim")
    TRIM {
        @Override
        String apply(String s) {
            String t = s.strip();
            // the pattern only when an edge holds one of the spaces strip() keeps (checked on every value)
            return t.isEmpty() || !isOtherSpace(t.charAt(0)) && !isOtherSpace(t.charAt(t.length() - 1))
                    ? t
                    : EDGE_SPACES.matcher(t).replaceAll("").strip();
        }
    },
    /** Full-width ASCII forms (ＡＢＣ１２３) to their half-width letters and digits. */
    @JsonProperty("half-width")
    HALF_WIDTH {
        @Override
        String apply(String s) {
            var sb = new StringBuilder(s.length());
            s.codePoints().forEach(cp -> {
                if (cp >= 0xFF01 && cp <= 0xFF5E) {
                    sb.append((char) (cp - 0xFEE0));
                } else if (cp == 0x3000) {
                    sb.append(' ');
                } else {
                    sb.appendCodePoint(cp);
                }
            });
            return sb.toString();
        }
    },
    @JsonProperty("upper-case")
    UPPER_CASE {
        @Override
        String apply(String s) {
            return s.toUpperCase(Locale.ROOT);
        }
    },
    /** The look-alikes of the middle dot in minority names (•, ・, ‧, ･, ．) to U+00B7. */
    @JsonProperty("middle-dot")
    MIDDLE_DOT {
        @Override
        String apply(String s) {
            return MIDDLE_DOTS.matcher(s).replaceAll("\u00B7");
        }
    };

    abstract String apply(String value);

    private static boolean isOtherSpace(char c) {
        return c == '\u3000' || c == '\u00A0' || c == '\uFEFF';
    }

    private static final Pattern EDGE_SPACES = Pattern.compile("^[\\u3000\\u00A0\\uFEFF]+|[\\u3000\\u00A0\\uFEFF]+$");
    private static final Pattern MIDDLE_DOTS =
            Pattern.compile("\\s*[\\u2022\\u30FB\\u2027\\uFF65\\uFF0E\\u00B7\\u2219]\\s*");
}
