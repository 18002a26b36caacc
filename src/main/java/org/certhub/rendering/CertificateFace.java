package org.certhub.rendering;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What goes on the face of one certificate.
 *
 * @param title         certificate title, printed at the top
 * @param number        printed certificate number
 * @param fields        label/value rows in display order
 * @param qrUrl         verification URL encoded in the QR code
 * @param issuerName    issuing authority, printed bottom right where the seal lands
 * @param issueDateText issue date as printed under {@code issuerName}
 * @param metadata      GB/T 36903 metadata, embedded as custom keys of the PDF document information dictionary
 */
public record CertificateFace(
        String title,
        String number,
        List<Field> fields,
        String qrUrl,
        String issuerName,
        String issueDateText,
        Map<String, String> metadata) {

    public CertificateFace {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(qrUrl, "qrUrl");
        Objects.requireNonNull(issuerName, "issuerName");
        Objects.requireNonNull(issueDateText, "issueDateText");
        fields = List.copyOf(fields);
        // keep the caller's order so the information dictionary is written deterministically
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * One label/value row of the certificate table.
     *
     * @param label row label, e.g. 姓名
     * @param value row value; may be empty but not null; a line break starts a new line (one per item of a group)
     */
    public record Field(String label, String value) {

        public Field {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }
    }
}
