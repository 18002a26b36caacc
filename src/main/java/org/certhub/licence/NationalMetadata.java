package org.certhub.licence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certhub.catalog.CertificateType;

/**
 * The GB/T 36903 metadata of a licence version: under the national platform's field names for publication, and
 * under the standard's abbreviations for embedding in the file.
 */
public final class NationalMetadata {

    private NationalMetadata() {}

    /** Field names of the national platform's interface; face fields go into {@code extend_info}. */
    public static Map<String, Object> platformFields(CertificateType type, LicenceVersionView v) {
        var m = new LinkedHashMap<String, Object>();
        m.put("certificate_name", type.name());
        m.put("certificate_type_name", type.name());
        m.put("certificate_type_code", type.code());
        m.put("certificate_number", v.number());
        m.put("certificate_identifier", v.identifier());
        m.put("certificate_version", "%03d".formatted(v.version()));
        m.put("certificate_issuing_authority_name", type.issuingAuthority().name());
        m.put("certificate_issuing_authority_code", type.issuingAuthority().creditCode());
        m.put("certificate_issued_date", v.issuedOn().toString());
        m.put("certificate_holder_name", v.data().get(type.holderNameField()));
        m.put("certificate_holder_code", v.data().get(type.holderCodeField()));
        m.put("certificate_holder_type", type.holderCodeType());
        m.put(
                "certificate_validate_start",
                v.validFrom() == null ? null : v.validFrom().toString());
        m.put(
                "certificate_validate_end",
                v.validTo() == null ? null : v.validTo().toString());
        m.put("certificate_area_code", type.areaCode());
        m.put("certificate_define_authority_name", type.definingAuthority().name());
        m.put("certificate_define_authority_code", type.definingAuthority().creditCode());
        m.put("certificate_status", v.status().name());
        var extend = new LinkedHashMap<String, Object>();
        type.fields().forEach(f -> {
            String value = v.data().get(f.name());
            if (value != null) {
                extend.put("KZ_" + f.name(), value);
            }
            if (f.type() == org.certhub.catalog.FieldType.GROUP) {
                // a group as a list of items: [{"specialty": "JZ", "validTo": "2029-05-31"}, ...]
                extend.put("KZ_" + f.name(), List.copyOf(f.items(v.data()).values()));
            }
        });
        m.put("extend_info", extend);
        return m;
    }

    /** Keys embedded in the PDF's document information, after the standard's element abbreviations. */
    public static Map<String, String> embeddedKeys(CertificateType type, LicenceVersionView v) {
        var m = new LinkedHashMap<String, String>();
        m.put("ZZMC", type.name());
        m.put("ZZLXDM", type.code());
        m.put("ZZBH", v.number());
        m.put("ZZBS", v.identifier());
        m.put("ZZBFJG", type.issuingAuthority().name());
        m.put("ZZBFJGDM", type.issuingAuthority().creditCode());
        m.put("ZZBFRQ", v.issuedOn().toString());
        m.put("CZZT", v.data().get(type.holderNameField()));
        m.put("CZZTDM", v.data().get(type.holderCodeField()));
        m.put("CZZTDMLXDM", type.holderCodeType());
        if (v.validFrom() != null) {
            m.put("ZZYXQQSRQ", v.validFrom().toString());
        }
        if (v.validTo() != null) {
            m.put("ZZYXQJZRQ", v.validTo().toString());
        }
        return m;
    }
}
