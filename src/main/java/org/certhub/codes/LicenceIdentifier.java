package org.certhub.codes;

import java.util.regex.Pattern;

/**
 * A licence identifier after GB/T 36904: {@code root.typeCode.issuerCode.serial.version.check}.
 * The check character is ISO/IEC 7064 MOD 37,36 over segments 2 to 5 joined without dots.
 */
public record LicenceIdentifier(String typeCode, String issuerCode, String serial, int version) {

    public static final String ROOT = "1.2.156.3005.2";
    private static final Pattern SEGMENT = Pattern.compile("[0-9A-Z]+");
    private static final Pattern FULL =
            Pattern.compile(Pattern.quote(ROOT) + "\\.([0-9A-Z]+)\\.([0-9A-Z]+)\\.([0-9A-Z]+)\\.(\\d{3})\\.([0-9A-Z])");

    public LicenceIdentifier {
        requireSegment("type code", typeCode);
        requireSegment("issuer code", issuerCode);
        requireSegment("serial", serial);
        if (version < 1 || version > 999) {
            throw new IllegalArgumentException("version must be 1..999: " + version);
        }
    }

    public static LicenceIdentifier parse(String text) {
        var m = FULL.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a GB/T 36904 identifier: " + text);
        }
        var id = new LicenceIdentifier(m.group(1), m.group(2), m.group(3), Integer.parseInt(m.group(4)));
        if (id.checkCharacter() != m.group(5).charAt(0)) {
            throw new IllegalArgumentException(
                    "wrong check character in " + text + ", expected " + id.checkCharacter());
        }
        return id;
    }

    public String versionText() {
        return "%03d".formatted(version);
    }

    public LicenceIdentifier withVersion(int newVersion) {
        return new LicenceIdentifier(typeCode, issuerCode, serial, newVersion);
    }

    public char checkCharacter() {
        return mod3736(typeCode + issuerCode + serial + versionText());
    }

    @Override
    public String toString() {
        return String.join(".", ROOT, typeCode, issuerCode, serial, versionText()) + "." + checkCharacter();
    }

    /** ISO/IEC 7064 MOD 37,36 (GB/T 17710): 0-9 map to 0-9, A-Z to 10-35. */
    static char mod3736(String text) {
        int p = 36;
        for (int i = 0; i < text.length(); i++) {
            p = (p + value(text.charAt(i))) % 36;
            if (p == 0) {
                p = 36;
            }
            p = (2 * p) % 37;
        }
        return Character.toUpperCase(Character.forDigit((37 - p) % 36, 36));
    }

    private static int value(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        throw new IllegalArgumentException("character not allowed in an identifier: " + c);
    }

    private static void requireSegment(String what, String value) {
        if (value == null || !SEGMENT.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be upper-case letters and digits: " + value);
        }
    }
}
