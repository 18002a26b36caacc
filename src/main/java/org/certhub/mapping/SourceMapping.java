package org.certhub.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certhub.licence.Operation;

/**
 * How one source's records become canonical licence data: a file in {@code mappings/}, read by integrators.
 *
 * @param source      the source id, also the inbox folder name
 * @param name        the upstream system's name
 * @param type        the catalogue type code the records become
 * @param version     the mapping's version, recorded with every record it maps
 * @param format      how the source's files and messages look
 * @param operation   the lifecycle operation of its records: a constant ({@code new}) or read from each record
 *                    through a code table; canonical values are {@link Operation} ids, national codes or labels
 * @param businessKey the canonical fields that identify one certificate (for {@code new}) or one operation on it:
 *                    the same key again is a duplicate
 * @param fields      canonical field name to where its value comes from and how it is cleaned up; besides the
 *                    type's fields, {@code licenceNumber} or {@code licenceIdentifier} name the licence an operation
 *                    is for, {@code reason} says why, and {@code applicationNumber} is the upstream's own number for
 *                    the request (申请编号), for business keys
 */
public record SourceMapping(
        String source,
        String name,
        String type,
        String version,
        Format format,
        FieldMapping operation,
        List<String> businessKey,
        Map<String, FieldMapping> fields) {

    /** Canonical fields that are not face fields: which licence an operation is for, and why. */
    public static final java.util.Set<String> LIFECYCLE_FIELDS = java.util.Set.of("licenceNumber",
            "licenceIdentifier", "reason", "applicationNumber");

    public SourceMapping {
        businessKey = businessKey == null ? List.of() : List.copyOf(businessKey);
        fields = fields == null ? new LinkedHashMap<>() : new LinkedHashMap<>(fields);
        operation = operation == null ? FieldMapping.of(Operation.NEW.id()) : operation;
    }

    /**
     * The shape of a source's files and messages.
     *
     * @param kind     {@code csv}, {@code xlsx}, {@code json} (an array of objects or NDJSON) or {@code xml}
     * @param encoding for CSV: the declared character set (a UTF-8 byte-order mark overrides it)
     * @param header   for CSV and XLSX: the header row, exactly; a file whose header differs is refused whole
     * @param record   for XML: the name of the element that holds one record
     * @param sheet    for XLSX: the sheet to read, by name; the first sheet when absent
     */
    public record Format(String kind, String encoding, List<String> header, String record, String sheet) {
        public Format {
            header = header == null ? List.of() : List.copyOf(header);
        }

        /** Whether records are rows under a header, so that {@code from} names a column. */
        public boolean tabular() {
            return "csv".equals(kind) || "xlsx".equals(kind);
        }
    }

    /**
     * @param from        the column (CSV header) that holds the value
     * @param constant    a fixed value instead of a column
     * @param normalize   clean-ups applied in order
     * @param codes       code table: upstream value to canonical code; a value not in it is rejected
     * @param dateFormats accepted date patterns ({@code uuuu-M-d} ...); the canonical value is ISO-8601
     */
    record FieldMapping(String from, String constant, List<Normalization> normalize, Map<String, String> codes,
            List<String> dateFormats, List<DateTimeFormatter> formatters) {

        FieldMapping {
            normalize = normalize == null ? List.of() : List.copyOf(normalize);
            codes = codes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(codes));
            dateFormats = dateFormats == null ? List.of() : List.copyOf(dateFormats);
            // built once: a bad pattern fails the mapping file at load time, and mapping stays cheap per value
            formatters = dateFormats.stream()
                    .map(p -> DateTimeFormatter.ofPattern(p).withResolverStyle(ResolverStyle.STRICT))
                    .toList();
        }

        @JsonCreator
        FieldMapping(@JsonProperty("from") String from, @JsonProperty("constant") String constant,
                @JsonProperty("normalize") List<Normalization> normalize,
                @JsonProperty("codes") Map<String, String> codes,
                @JsonProperty("dateFormats") List<String> dateFormats) {
            this(from, constant, normalize, codes, dateFormats, null);
        }

        /** A plain value in YAML ({@code operation: new}) is a constant. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static FieldMapping of(String constant) {
            return new FieldMapping(null, constant, null, null, null);
        }

        /** The value of this field in a raw record, cleaned up; null when absent or empty. */
        String read(Map<String, String> raw) {
            String value = constant != null ? constant : raw.get(from);
            if (value == null) {
                return null;
            }
            for (Normalization n : normalize) {
                value = n.apply(value);
            }
            return value.isEmpty() ? null : value;
        }
    }

    /** The outcome of mapping one raw record. */
    public record Result(Operation operation, Map<String, String> values, List<RejectReason> problems) {
    }

    /** Maps one raw record (column name to text) to canonical values, noting every value it cannot map. */
    public Result map(Map<String, String> raw) {
        var values = new LinkedHashMap<String, String>();
        var problems = new ArrayList<RejectReason>();
        Operation op = mapOperation(raw, problems);
        fields.forEach((name, field) -> {
            String value = field.read(raw);
            if (value == null) {
                return;
            }
            if (!field.codes().isEmpty()) {
                String code = field.codes().get(value);
                if (code == null) {
                    problems.add(RejectReason.of(name, value, "code-table",
                            "「" + field.from() + "」的值“" + value + "”不在代码表中，可用值：" + field.codes().keySet()));
                    return;
                }
                value = code;
            }
            if (!field.dateFormats().isEmpty()) {
                LocalDate date = parseDate(value, field.formatters());
                if (date == null) {
                    problems.add(RejectReason.of(name, value, "date-format",
                            "「" + field.from() + "」的值“" + value + "”不是有效日期，可用格式：" + field.dateFormats()));
                    return;
                }
                value = date.toString();
            }
            values.put(name, value);
        });
        return new Result(op, values, problems);
    }

    private Operation mapOperation(Map<String, String> raw, List<RejectReason> problems) {
        String value = operation.read(raw);
        if (value == null) {
            problems.add(RejectReason.of("operation", null, "operation",
                    "「" + operation.from() + "」为空，无法确定业务类型 (no operation)"));
            return null;
        }
        String code = operation.codes().isEmpty() ? value : operation.codes().get(value);
        Operation op = Operation.parse(code).orElse(null);
        if (op == null) {
            problems.add(RejectReason.of("operation", value, "operation",
                    "业务类型“" + value + "”无法识别 (unknown operation)" + (operation.codes().isEmpty() ? ""
                            : "，可用值：" + operation.codes().keySet())));
        }
        return op;
    }

    private static LocalDate parseDate(String text, List<DateTimeFormatter> formats) {
        for (DateTimeFormatter f : formats) {
            try {
                return LocalDate.parse(text, f);
            } catch (DateTimeException e) {
                // try the next accepted format
            }
        }
        return null;
    }

    /** The business key of canonical values, or null when a part is missing. */
    public String businessKeyOf(Map<String, String> values) {
        var parts = new ArrayList<String>();
        for (String f : businessKey) {
            String v = values.get(f);
            if (v == null) {
                return null;
            }
            parts.add(v);
        }
        return String.join("|", parts);
    }
}
