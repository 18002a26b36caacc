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

/**
 * How one source's records become canonical licence data: a file in {@code mappings/}, read by integrators.
 *
 * @param source      the source id, also the inbox folder name
 * @param name        the upstream system's name
 * @param type        the catalogue type code the records become
 * @param version     the mapping's version, recorded with every record it maps
 * @param format      how the source's files look
 * @param operation   the lifecycle operation of its records
 * @param businessKey the canonical fields that identify one certificate: the same key again is a duplicate
 * @param fields      canonical field name to where its value comes from and how it is cleaned up
 */
public record SourceMapping(
        String source,
        String name,
        String type,
        String version,
        Format format,
        String operation,
        List<String> businessKey,
        Map<String, FieldMapping> fields) {

    public SourceMapping {
        businessKey = List.copyOf(businessKey);
        fields = new LinkedHashMap<>(fields);
    }

    /** The shape of a source's files. */
    public record Format(String kind, String encoding, List<String> header) {
        public Format {
            header = header == null ? List.of() : List.copyOf(header);
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
    }

    /** The outcome of mapping one raw record. */
    public record Result(Map<String, String> values, List<RejectReason> problems) {
    }

    /** Maps one raw record (column name to text) to canonical values, noting every value it cannot map. */
    public Result map(Map<String, String> raw) {
        var values = new LinkedHashMap<String, String>();
        var problems = new ArrayList<RejectReason>();
        fields.forEach((name, field) -> {
            String value = field.constant() != null ? field.constant() : raw.get(field.from());
            if (value == null) {
                return;
            }
            for (Normalization n : field.normalize()) {
                value = n.apply(value);
            }
            if (value.isEmpty()) {
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
        return new Result(values, problems);
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
