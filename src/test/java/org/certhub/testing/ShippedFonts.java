package org.certhub.testing;

import org.certhub.rendering.FontSet;

/** The shipped fonts, loaded once per test JVM (a second or more) and shared, as the application shares its bean. */
public final class ShippedFonts {

    private ShippedFonts() {}

    public static FontSet get() {
        return Holder.FONTS;
    }

    private static final class Holder {
        static final FontSet FONTS = FontSet.loadDefault();
    }
}
