package org.certhub.catalog;

import java.time.LocalDate;
import java.time.Period;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A certificate type of the catalogue (GB/T 36902 catalogue entry plus what the hub needs to issue it).
 *
 * @param code              the 21-character type code, e.g. {@code 11100000000013338W011}
 * @param name              the licence name (证照名称)
 * @param holderCategory    person or organisation
 * @param holderCodeType    GB/T 36903 holder code type, e.g. {@code 111} for the citizen ID number
 * @param holderNameField   the field holding the holder's name
 * @param holderCodeField   the field holding the holder's code (ID number or credit code)
 * @param definingAuthority who defines the type
 * @param issuingAuthority  who issues and seals it
 * @param areaCode          the issuer's area code (管辖属地编码)
 * @param validity          how long a certificate is valid from its issue date; null when {@code validToFrom} says
 *                          where the end of validity comes from
 * @param numbering         the certificate-number rule
 * @param fields            the canonical fields
 * @param face              what the face shows
 * @param validToFrom       {@code group.dateField}: the licence is valid until the latest of the items' dates
 *                          (a registered constructor's specialties each have their own), instead of a period
 * @param sealing           which seal, at which PAdES level, and whether a sealer must approve
 * @param english           its texts in English, for the public pages in English
 */
public record CertificateType(
        String code,
        String name,
        String holderCategory,
        String holderCodeType,
        String holderNameField,
        String holderCodeField,
        Authority definingAuthority,
        Authority issuingAuthority,
        String areaCode,
        Period validity,
        NumberRule numbering,
        List<FieldDefinition> fields,
        FaceTemplate face,
        String validToFrom,
        SealingPolicy sealing,
        English english) {

    public CertificateType {
        fields = List.copyOf(fields);
        english = english == null ? English.NONE : english;
        if (sealing == null) {
            sealing = SealingPolicy.DEFAULT;
        }
    }

    public Optional<FieldDefinition> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /** The last day of validity for a certificate issued on the given day. */
    public LocalDate validTo(LocalDate issuedOn) {
        if (validity == null) {
            throw new IllegalStateException("type " + code + " takes its validity from " + validToFrom);
        }
        return issuedOn.plus(validity).minusDays(1);
    }

    /**
     * The last day of validity of a version issued (or renewed) on the given day with the given data: after the
     * validity period, or the latest date of the group named by {@code validToFrom} (null when it has none).
     */
    public LocalDate validTo(LocalDate issuedOn, Map<String, String> data) {
        if (validToFrom == null) {
            return validTo(issuedOn);
        }
        int dot = validToFrom.indexOf('.');
        String subField = validToFrom.substring(dot + 1);
        return field(validToFrom.substring(0, dot)).orElseThrow().items(data).values().stream()
                .map(item -> item.get(subField))
                .filter(Objects::nonNull)
                .map(LocalDate::parse)
                .max(Comparator.naturalOrder())
                .orElse(null);
    }

    /** Whether the end of validity follows the data (so a change of the data can move it). */
    public boolean validityFromData() {
        return validToFrom != null;
    }

    /**
     * The current data with changes applied. A group in the changes replaces the group as a whole: a change that
     * lists two specialties leaves two, whatever the licence had before.
     */
    public Map<String, String> withChanges(Map<String, String> current, Map<String, String> changes) {
        var merged = new LinkedHashMap<>(current);
        for (FieldDefinition f : fields) {
            if (f.type() == FieldType.GROUP && changes.keySet().stream().anyMatch(f::ownsKey)) {
                merged.keySet().removeIf(f::ownsKey);
            }
        }
        merged.putAll(changes);
        return merged;
    }
}
