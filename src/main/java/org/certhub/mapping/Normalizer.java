package org.certhub.mapping;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.certhub.catalog.Catalogue;
import org.certhub.catalog.CertificateType;
import org.springframework.stereotype.Component;

/** Turns a raw record of a source into canonical licence data through the source's mapping and the catalogue. */
@Component
public class Normalizer {

    private final Mappings mappings;
    private final Catalogue catalogue;

    public Normalizer(Mappings mappings, Catalogue catalogue) {
        this.mappings = mappings;
        this.catalogue = catalogue;
    }

    public Normalized normalize(String sourceId, Map<String, String> payload, LocalDate today) {
        var mapping = mappings.forSource(sourceId).orElse(null);
        if (mapping == null) {
            return new Normalized.Rejected(null, List.of(RejectReason.of(null, sourceId, "no-mapping",
                    "来源 " + sourceId + " 没有映射文件")));
        }
        var problems = new ArrayList<RejectReason>();
        List<String> header = mapping.format().header();
        if (!header.isEmpty() && (payload.size() != header.size() || !payload.keySet().containsAll(header))) {
            problems.add(RejectReason.of(null, Integer.toString(payload.size()), "column-count",
                    "该行有 " + payload.size() + " 列，表头有 " + header.size() + " 列"));
        }
        payload.forEach((column, value) -> {
            if (value != null && value.indexOf('\uFFFD') >= 0) {
                problems.add(RejectReason.of(column, value, "encoding",
                        "「" + column + "」含有无法按 " + mapping.format().encoding() + " 解码的字节"));
            }
        });
        SourceMapping.Result mapped = mapping.map(payload);
        problems.addAll(mapped.problems());
        CertificateType type = catalogue.get(mapping.type());
        var values = mapped.values();
        // A field the mapping could not read is missing from the values: do not also report it as "required".
        var unmapped = mapped.problems().stream().map(RejectReason::field).collect(Collectors.toSet());
        LicenceDataValidator.validate(type, values, today).stream()
                .filter(p -> !unmapped.contains(p.field()))
                .forEach(problems::add);
        if (!problems.isEmpty()) {
            return new Normalized.Rejected(mapping.version(), problems);
        }
        return new Normalized.Accepted(mapping.version(), type, mapping.operation(), values,
                mapping.businessKeyOf(values));
    }
}
