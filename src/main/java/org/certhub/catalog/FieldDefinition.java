package org.certhub.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One field of a certificate type's canonical data.
 *
 * @param name          canonical name used by mappings and templates
 * @param label         the label printed on the face and shown to operators
 * @param type          what the value is and which domain checks apply
 * @param required      a record without it is rejected
 * @param maxLength     in characters (code points), 0 for no limit
 * @param values        for {@link FieldType#ENUM}: code to display label
 * @param notInFuture   for dates: later than today is rejected
 * @param derivedFrom   the value is computed from another field (birth date from a citizen ID number)
 * @param metadata      the GB/T 36903 metadata element it fills, if any
 * @param shownPublicly shown on the public verification page ({@code public: true} in YAML)
 */
public record FieldDefinition(
        String name,
        String label,
        FieldType type,
        boolean required,
        int maxLength,
        Map<String, String> values,
        boolean notInFuture,
        String derivedFrom,
        String metadata,
        @JsonProperty("public") boolean shownPublicly) {

    public FieldDefinition {
        values = values == null ? Map.of() : Map.copyOf(values);
        type = type == null ? FieldType.TEXT : type;
    }

    /** What a person reads for a stored value: the label of an enumeration code, or the value itself. */
    public String display(String value) {
        if (value == null) {
            return "";
        }
        return type == FieldType.ENUM ? values.getOrDefault(value, value) : value;
    }
}
