package org.certhub.catalog;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the face of a certificate shows. Row values are text with {@code {field}} placeholders; besides the
 * type's fields, {@code {number}}, {@code {issuedOn}}, {@code {validFrom}}, {@code {validTo}} and {@code {issuer}}
 * are known.
 */
public record FaceTemplate(String title, List<Row> rows) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    public FaceTemplate {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    public record Row(String label, String value) {}

    /** The names of the placeholders the rows' values print, in the order they first appear. */
    public Set<String> placeholders() {
        var names = new LinkedHashSet<String>();
        for (Row row : rows) {
            PLACEHOLDER.matcher(row.value()).results().forEach(r -> names.add(r.group(1)));
        }
        return names;
    }
}
