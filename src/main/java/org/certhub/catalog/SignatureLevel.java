package org.certhub.catalog;

import java.util.Arrays;

/**
 * The PAdES baseline level a certificate type is sealed at (ETSI EN 319 142-1).
 *
 * <ul>
 * <li>{@link #B_B}: the signature alone;</li>
 * <li>{@link #B_T}: plus an RFC 3161 signature timestamp that proves when it was made;</li>
 * <li>{@link #B_LT}: plus the chain's certificates and revocation data in the document security store, so it can
 * be validated without going back to the CA;</li>
 * <li>{@link #B_LTA}: plus a document timestamp over all of it, renewed before its TSA certificate expires, for
 * documents that must stay verifiable for years.</li>
 * </ul>
 */
public enum SignatureLevel {
    B_B("B-B"),
    B_T("B-T"),
    B_LT("B-LT"),
    B_LTA("B-LTA");

    private final String label;

    SignatureLevel(String label) {
        this.label = label;
    }

    /** The ETSI name, e.g. {@code B-LTA}. */
    public String label() {
        return label;
    }

    /** Whether this level includes everything {@code other} requires. */
    public boolean includes(SignatureLevel other) {
        return compareTo(other) >= 0;
    }

    /** Parses {@code B-B}, {@code B-T}, {@code B-LT} or {@code B-LTA} (case-insensitive, {@code _} for {@code -}). */
    public static SignatureLevel parse(String text) {
        String wanted = text == null
                ? ""
                : text.trim().toUpperCase(java.util.Locale.ROOT).replace('_', '-');
        return Arrays.stream(values())
                .filter(l -> l.label.equals(wanted))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("signature level must be one of B-B, B-T, B-LT, B-LTA: " + text));
    }

    @Override
    public String toString() {
        return label;
    }
}
