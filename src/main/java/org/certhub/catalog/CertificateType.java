package org.certhub.catalog;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
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
 * @param validity          how long a certificate is valid from its issue date
 * @param numbering         the certificate-number rule
 * @param fields            the canonical fields
 * @param face              what the face shows
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
        FaceTemplate face) {

    public CertificateType {
        fields = List.copyOf(fields);
    }

    public Optional<FieldDefinition> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /** The last day of validity for a certificate issued on the given day. */
    public LocalDate validTo(LocalDate issuedOn) {
        return issuedOn.plus(validity).minusDays(1);
    }
}
