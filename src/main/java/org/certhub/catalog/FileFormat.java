package org.certhub.catalog;

import java.util.Locale;

/** The file formats a certificate is issued in. */
public enum FileFormat {

    /** PDF/A-2b sealed with a PAdES signature. */
    PDF,
    /** OFD (GB/T 33190) sealed with an electronic seal of GB/T 38540 on SM2. */
    OFD;

    /** The file name extension, without the dot: {@code pdf}, {@code ofd}. */
    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format of a catalogue's {@code files:} entry.
     *
     * @throws IllegalArgumentException for anything but {@code pdf} and {@code ofd}
     */
    public static FileFormat parse(String value) {
        for (FileFormat format : values()) {
            if (format.extension().equals(value)) {
                return format;
            }
        }
        throw new IllegalArgumentException("files: '" + value + "' is not a file format (pdf or ofd)");
    }
}
