package org.certhub.verify;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Whether the name a person typed is the holder's name: the same after compatibility normalisation (full-width
 * letters, compatibility ideographs), without spaces, with every form of the middle dot of transcribed names
 * (阿卜杜·热合曼 typed with ・, •, ‧, ．, . or ∙) as one, and Latin letters in either case. The public query and the
 * holder's sign-in ({@code holder}) compare names so.
 */
public final class HolderNames {

    private static final String DOTS = "·•‧・･．.∙⋅";

    private HolderNames() {}

    public static boolean same(String holder, String typed) {
        if (holder == null || typed == null) {
            return false;
        }
        String a = normal(holder);
        return !a.isEmpty() && a.equals(normal(typed));
    }

    public static String normal(String name) {
        String nfkc = Normalizer.normalize(name, Normalizer.Form.NFKC);
        var out = new StringBuilder(nfkc.length());
        nfkc.codePoints().forEach(c -> {
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return;
            }
            out.appendCodePoint(DOTS.indexOf(c) >= 0 ? '·' : c);
        });
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
