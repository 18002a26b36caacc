package org.certhub.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * @param fields        for {@link FieldType#GROUP}: the sub-fields of each item
 * @param itemFormat    for {@link FieldType#GROUP}: how one item reads on the face and the public page, with
 *                      {@code {subField}} placeholders, e.g. {@code {specialty}（有效期至 {validTo}）}
 * @param pattern       for {@link FieldType#TEXT}: a regular expression the whole value must match
 * @param example       a value of the right shape, quoted when a value does not match {@code pattern}
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
        @JsonProperty("public") boolean shownPublicly,
        List<FieldDefinition> fields,
        String itemFormat,
        String pattern,
        String example) {

    private static final Pattern ITEM_PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
    private static final Map<String, Pattern> ITEM_KEYS = new ConcurrentHashMap<>();

    public FieldDefinition {
        values = values == null ? Map.of() : Map.copyOf(values);
        type = type == null ? FieldType.TEXT : type;
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /** Whether the value has the shape {@code pattern} asks for (always, without a pattern). */
    public boolean hasPatternShape(String value) {
        return pattern == null
                || PATTERNS.computeIfAbsent(pattern, Pattern::compile)
                        .matcher(value)
                        .matches();
    }

    /** The canonical key of a sub-field of one item of this group: {@code specialties[0].validTo}. */
    public String itemKey(int index, String subField) {
        return name + "[" + index + "]." + subField;
    }

    /**
     * The items of this group in canonical values, by index, each as sub-field name to value; an index that holds
     * no value is absent. Keys of the group that name no sub-field are kept, for the validator to refuse.
     */
    public SortedMap<Integer, Map<String, String>> items(Map<String, String> canonical) {
        var items = new TreeMap<Integer, Map<String, String>>();
        Pattern key = ITEM_KEYS.computeIfAbsent(
                name, n -> Pattern.compile(Pattern.quote(n) + "\\[(\\d{1,4})]\\.([A-Za-z][A-Za-z0-9]*)"));
        canonical.forEach((k, v) -> {
            if (k.startsWith(name) && v != null) {
                Matcher m = key.matcher(k);
                if (m.matches()) {
                    items.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new LinkedHashMap<>())
                            .put(m.group(2), v);
                }
            }
        });
        return items;
    }

    /** Whether a canonical key belongs to this group ({@code specialties[...}). */
    public boolean ownsKey(String canonicalKey) {
        return type == FieldType.GROUP && canonicalKey.startsWith(name + "[");
    }

    /**
     * How each item of this group reads, in order, after {@code itemFormat}: enumeration codes as their labels,
     * dates in the given style.
     */
    public List<String> displayItems(Map<String, String> canonical, Function<LocalDate, String> dateStyle) {
        return displayItems(canonical, dateStyle, (sub, v) -> sub.display(v), itemFormat);
    }

    /**
     * How each item reads, with the given way of showing an enumeration's code and the given item format (another
     * language's).
     */
    public List<String> displayItems(
            Map<String, String> canonical,
            Function<LocalDate, String> dateStyle,
            java.util.function.BiFunction<FieldDefinition, String, String> display,
            String itemFormat) {
        var lines = new ArrayList<String>();
        for (Map<String, String> item : items(canonical).values()) {
            var shown = new LinkedHashMap<String, String>();
            for (FieldDefinition sub : fields) {
                String v = item.get(sub.name());
                shown.put(
                        sub.name(),
                        v == null
                                ? ""
                                : sub.type() == FieldType.DATE
                                        ? dateStyle.apply(LocalDate.parse(v))
                                        : display.apply(sub, v));
            }
            if (itemFormat == null) {
                lines.add(String.join(" ", shown.values()).strip());
            } else {
                Matcher m = ITEM_PLACEHOLDER.matcher(itemFormat);
                lines.add(m.replaceAll(r -> Matcher.quoteReplacement(shown.getOrDefault(r.group(1), ""))));
            }
        }
        return lines;
    }

    /** The {@code {subField}} placeholders of {@code itemFormat}. */
    List<String> itemFormatPlaceholders() {
        return itemFormat == null
                ? List.of()
                : ITEM_PLACEHOLDER
                        .matcher(itemFormat)
                        .results()
                        .map(r -> r.group(1))
                        .toList();
    }

    /** What a person reads for a stored value: the label of an enumeration code, or the value itself. */
    public String display(String value) {
        if (value == null) {
            return "";
        }
        return type == FieldType.ENUM ? values.getOrDefault(value, value) : value;
    }
}
