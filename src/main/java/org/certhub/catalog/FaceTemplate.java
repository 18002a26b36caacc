package org.certhub.catalog;

import java.util.List;

/**
 * What the face of a certificate shows. Row values are text with {@code {field}} placeholders; besides the
 * type's fields, {@code {number}}, {@code {issuedOn}}, {@code {validFrom}}, {@code {validTo}} and {@code {issuer}}
 * are known.
 */
public record FaceTemplate(String title, List<Row> rows) {

    public FaceTemplate {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    public record Row(String label, String value) {}
}
