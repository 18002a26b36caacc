package org.certhub.catalog;

import java.util.Map;

/**
 * What a certificate type says in English, for the public pages in English ({@code english:} in its catalogue entry):
 * the licence's name, the issuing authority's, the fields' labels, the enumerations' values and the groups' item
 * formats. Fields of a group are named {@code group.field}. Whatever it leaves out is shown as the catalogue says it
 * in Chinese.
 *
 * @param name             the licence name
 * @param issuingAuthority the issuing authority's name
 * @param labels           field name to label
 * @param values           enumeration field name to (code to value)
 * @param itemFormats      group field name to item format, with the same {@code {subField}} placeholders
 */
public record English(
        String name,
        String issuingAuthority,
        Map<String, String> labels,
        Map<String, Map<String, String>> values,
        Map<String, String> itemFormats) {

    /** Nothing in English: every text as the catalogue says it. */
    public static final English NONE = new English(null, null, Map.of(), Map.of(), Map.of());

    public English {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        values = values == null ? Map.of() : Map.copyOf(values);
        itemFormats = itemFormats == null ? Map.of() : Map.copyOf(itemFormats);
    }

    /** The label of a field ({@code group.field} for a group's), or its Chinese one. */
    public String label(String field, String chinese) {
        return labels.getOrDefault(field, chinese);
    }

    /** The value of an enumeration's code, or its Chinese one. */
    public String value(String field, String code, String chinese) {
        return values.getOrDefault(field, Map.of()).getOrDefault(code, chinese);
    }
}
