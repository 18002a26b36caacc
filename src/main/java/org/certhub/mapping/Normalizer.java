package org.certhub.mapping;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.certhub.catalog.Catalogue;
import org.certhub.catalog.CertificateType;
import org.certhub.licence.Operation;
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
            return new Normalized.Rejected(
                    null, List.of(RejectReason.of(null, sourceId, "no-mapping", "来源 " + sourceId + " 没有映射文件")));
        }
        return normalize(mapping, payload, today);
    }

    /** Normalizes with the given mapping, live or not (a dry run of an edited mapping). */
    public Normalized normalize(SourceMapping mapping, Map<String, String> payload, LocalDate today) {
        if (payload.containsKey("_raw") && payload.size() == 1) {
            return new Normalized.Rejected(
                    mapping.version(),
                    List.of(RejectReason.of(
                            null,
                            null,
                            "unreadable",
                            "记录无法按 " + mapping.format().kind() + " 读取 (the record could not be read)")));
        }
        var problems = new ArrayList<RejectReason>();
        List<String> header = mapping.format().header();
        if (!header.isEmpty()
                && (payload.size() != header.size() || !payload.keySet().containsAll(header))) {
            problems.add(RejectReason.of(
                    null,
                    Integer.toString(payload.size()),
                    "column-count",
                    "该行有 " + payload.size() + " 列，表头有 " + header.size() + " 列"));
        }
        String charset =
                mapping.format().encoding() == null ? "UTF-8" : mapping.format().encoding();
        payload.forEach((column, value) -> {
            if (value != null && value.indexOf('\uFFFD') >= 0) {
                problems.add(RejectReason.of(column, value, "encoding", "「" + column + "」含有无法按 " + charset + " 解码的字节"));
            }
        });
        SourceMapping.Result mapped = mapping.map(payload);
        problems.addAll(mapped.problems());
        CertificateType type = catalogue.get(mapping.type());
        var values = new java.util.LinkedHashMap<>(mapped.values());
        String number = values.remove("licenceNumber");
        String identifier = values.remove("licenceIdentifier");
        String reason = values.remove("reason");
        values.remove("reference");
        Operation op = mapped.operation();
        if (op != null && op != Operation.NEW && number == null && identifier == null) {
            problems.add(RejectReason.of(
                    "licenceNumber",
                    null,
                    "licence-reference",
                    op.label() + "须指明证书编号或证照标识 (" + op.id() + " needs the licence number or identifier)"));
        }
        if ((op == Operation.SUSPEND || op == Operation.REVOKE) && reason == null) {
            problems.add(
                    RejectReason.of("reason", null, "reason", op.label() + "须说明原因 (" + op.id() + " needs a reason)"));
        }
        // A field the mapping could not read is missing from the values: do not also report it as "required".
        var unmapped = mapped.problems().stream().map(RejectReason::field).collect(Collectors.toSet());
        boolean partial = op != Operation.NEW;
        LicenceDataValidator.validate(type, values, today, partial).stream()
                .filter(p -> !unmapped.contains(p.field()))
                .forEach(problems::add);
        if (!problems.isEmpty()) {
            return new Normalized.Rejected(mapping.version(), problems);
        }
        String businessKey = mapping.businessKeyOf(mapped.values());
        if (businessKey == null) {
            return new Normalized.Rejected(
                    mapping.version(),
                    List.of(RejectReason.of(
                            null,
                            null,
                            "business-key",
                            "缺少业务主键所需的字段 " + mapping.businessKey() + " (business key incomplete)")));
        }
        return new Normalized.Accepted(
                mapping.version(), type, op, values, businessKey, identifier != null ? identifier : number, reason);
    }
}
