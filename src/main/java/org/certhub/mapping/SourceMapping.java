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
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 *                    is for, {@code reason} says why, {@code reference} is the upstream's number of the operation
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

    /**
     * Canonical fields that are not face fields: which licence an operation is for, why, and the upstream's own
     * reference of the operation (a decision or application number, typically part of the business key).
     */
    public static final java.util.Set<String> LIFECYCLE_FIELDS =
            java.util.Set.of("licenceNumber", "licenceIdentifier", "reason", "reference");

    public SourceMapping {
        businessKey = businessKey == null ? List.of() : List.copyOf(businessKey);
        fields = fields == null ? new LinkedHashMap<>() : new LinkedHashMap<>(fields);
        operation = operation == null ? FieldMapping.of(Operation.NEW.id()) : operation;
    }

    /**
     * The shape of a source's files and messages.
     *
     * @param kind     {@code csv}, {@code xlsx} (an Excel workbook: {@code .xlsx} or Excel 97–2003 {@code .xls}),
     *                 {@code json} (an array of objects or NDJSON), {@code xml}, or
     *                 {@code row} (a polled database row, column names in lower case; as a sample or dry-run
     *                 input, JSON objects of the same columns)
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
     * @param each        for a group field of the type: the repeated element of a JSON or XML record whose items
     *                    become the group's items ({@code specialties} for {@code specialties[0].name} ...)
     * @param fields      with {@code each}: how each sub-field is read, {@code from} relative to the item
     */
    record FieldMapping(
            String from,
            String constant,
            List<Normalization> normalize,
            Map<String, String> codes,
            List<String> dateFormats,
            String each,
            Map<String, FieldMapping> fields,
            List<DateTimeFormatter> formatters) {

        FieldMapping {
            normalize = normalize == null ? List.of() : List.copyOf(normalize);
            codes = codes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(codes));
            dateFormats = dateFormats == null ? List.of() : List.copyOf(dateFormats);
            fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
            // built once: a bad pattern fails the mapping file at load time, and mapping stays cheap per value
            formatters = dateFormats.stream()
                    .map(p -> DateTimeFormatter.ofPattern(p).withResolverStyle(ResolverStyle.STRICT))
                    .toList();
        }

        @JsonCreator
        FieldMapping(
                @JsonProperty("from") String from,
                @JsonProperty("constant") String constant,
                @JsonProperty("normalize") List<Normalization> normalize,
                @JsonProperty("codes") Map<String, String> codes,
                @JsonProperty("dateFormats") List<String> dateFormats,
                @JsonProperty("each") String each,
                @JsonProperty("fields") Map<String, FieldMapping> fields) {
            this(from, constant, normalize, codes, dateFormats, each, fields, null);
        }

        /** A plain value in YAML ({@code operation: new}) is a constant. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static FieldMapping of(String constant) {
            return new FieldMapping(null, constant, null, null, null, null, null);
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
    public record Result(Operation operation, Map<String, String> values, List<RejectReason> problems) {}

    /** Maps one raw record (column name to text) to canonical values, noting every value it cannot map. */
    public Result map(Map<String, String> raw) {
        var values = new LinkedHashMap<String, String>();
        var problems = new ArrayList<RejectReason>();
        Operation op = mapOperation(raw, problems);
        fields.forEach((name, field) -> {
            if (field.each() != null) {
                itemsOf(field.each(), raw)
                        .forEach((index, item) -> field.fields()
                                .forEach((sub, subField) -> mapValue(
                                        name + "[" + index + "]." + sub,
                                        subField,
                                        item.values(),
                                        item.path(),
                                        values,
                                        problems)));
            } else {
                mapValue(name, field, raw, "", values, problems);
            }
        });
        return new Result(op, values, problems);
    }

    /** One value read from {@code raw}; {@code path} is where {@code raw} sits in the record, for messages. */
    private static void mapValue(
            String name,
            FieldMapping field,
            Map<String, String> raw,
            String path,
            Map<String, String> values,
            List<RejectReason> problems) {
        String value = field.read(raw);
        if (value == null) {
            return;
        }
        String source = path + field.from();
        if (!field.codes().isEmpty()) {
            String code = field.codes().get(value);
            if (code == null) {
                problems.add(RejectReason.of(
                        name,
                        value,
                        "code-table",
                        "「" + source + "」的值“" + value + "”不在代码表中，可用值："
                                + field.codes().keySet()));
                return;
            }
            value = code;
        }
        if (!field.dateFormats().isEmpty()) {
            LocalDate date = parseDate(value, field.formatters());
            if (date == null) {
                problems.add(RejectReason.of(
                        name,
                        value,
                        "date-format",
                        "「" + source + "」的值“" + value + "”不是有效日期，可用格式：" + field.dateFormats()));
                return;
            }
            value = date.toString();
        }
        values.put(name, value);
    }

    /** One item of a repeated element: its values under paths relative to it, and the path it sits at. */
    private record Item(Map<String, String> values, String path) {}

    /**
     * The items of a repeated element, by position from 0: JSON paths {@code each[0].name}, {@code each[1].name};
     * XML paths {@code each/name}, {@code each[2]/name}. An item that is null in JSON leaves its position empty.
     */
    private SortedMap<Integer, Item> itemsOf(String each, Map<String, String> raw) {
        boolean xml = "xml".equals(format.kind());
        Pattern path = xml
                ? Pattern.compile(Pattern.quote(each) + "(?:\\[(\\d{1,4})])?/(.+)")
                : Pattern.compile(Pattern.quote(each) + "\\[(\\d{1,4})]\\.(.+)");
        var items = new TreeMap<Integer, Item>();
        raw.forEach((key, value) -> {
            Matcher m = key.startsWith(each) ? path.matcher(key) : null;
            if (m != null && m.matches()) {
                // XML counts repeats from 1 and leaves the first unnumbered; canonical items count from 0
                int index = xml
                        ? (m.group(1) == null ? 0 : Integer.parseInt(m.group(1)) - 1)
                        : Integer.parseInt(m.group(1));
                String prefix = key.substring(0, key.length() - m.group(2).length());
                items.computeIfAbsent(index, i -> new Item(new LinkedHashMap<>(), prefix))
                        .values()
                        .put(m.group(2), value);
            }
        });
        return items;
    }

    private Operation mapOperation(Map<String, String> raw, List<RejectReason> problems) {
        String value = operation.read(raw);
        if (value == null) {
            problems.add(RejectReason.of(
                    "operation", null, "operation", "「" + operation.from() + "」为空，无法确定业务类型 (no operation)"));
            return null;
        }
        String code = operation.codes().isEmpty() ? value : operation.codes().get(value);
        Operation op = Operation.parse(code).orElse(null);
        if (op == null) {
            problems.add(RejectReason.of(
                    "operation",
                    value,
                    "operation",
                    "业务类型“" + value + "”无法识别 (unknown operation)"
                            + (operation.codes().isEmpty()
                                    ? ""
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
