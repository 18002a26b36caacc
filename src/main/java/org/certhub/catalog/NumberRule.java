package org.certhub.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A certificate-number rule such as {@code 苏建安{category}({year}){serial:7}}: literal text, placeholders for
 * canonical fields and {@code {year}} (of the issue date), and one {@code {serial:N}}, a zero-padded counter
 * that is unique within the scope made of all other placeholders. A rule that is a single field placeholder and
 * nothing else, such as {@code {registrationNumber}}, takes the number another system assigned from that field,
 * without a counter.
 */
public final class NumberRule {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)(?::(\\d+))?}");

    private final String pattern;
    private final List<String> scopeNames = new ArrayList<>();
    private final int serialWidth;

    public NumberRule(String pattern) {
        this.pattern = pattern;
        var m = PLACEHOLDER.matcher(pattern);
        int width = -1;
        while (m.find()) {
            if (m.group(1).equals("serial")) {
                if (width >= 0) {
                    throw new IllegalArgumentException("more than one {serial} in number rule " + pattern);
                }
                if (m.group(2) == null) {
                    throw new IllegalArgumentException("{serial} needs a width, as {serial:7}, in " + pattern);
                }
                width = Integer.parseInt(m.group(2));
            } else {
                scopeNames.add(m.group(1));
            }
        }
        boolean fromField = width < 0
                && scopeNames.size() == 1
                && pattern.equals("{" + scopeNames.get(0) + "}")
                && !scopeNames.get(0).equals("year");
        if (!fromField && (width < 1 || width > 18)) {
            throw new IllegalArgumentException("number rule needs one {serial:N} with N from 1 to 18, or to be one "
                    + "field placeholder alone such as {registrationNumber}: " + pattern);
        }
        this.serialWidth = width;
    }

    /** Whether numbers come from a counter; otherwise the number is the value of {@link #sourceField()}. */
    public boolean counted() {
        return serialWidth > 0;
    }

    /** For a rule without a counter: the field that holds the number. */
    public Optional<String> sourceField() {
        return counted() ? Optional.empty() : Optional.of(scopeNames.get(0));
    }

    /** The number of a rule without a counter: the source field's value. */
    public String format(Map<String, String> values) {
        if (counted()) {
            throw new IllegalStateException("number rule " + pattern + " needs a serial");
        }
        return require(values, scopeNames.get(0));
    }

    public String pattern() {
        return pattern;
    }

    /** The names, other than {@code serial}, that the rule refers to; {@code year} is the issue year. */
    public List<String> placeholders() {
        return List.copyOf(scopeNames);
    }

    /** The scope within which serials count: the values of all placeholders but the serial. */
    public String scope(Map<String, String> values) {
        var sb = new StringBuilder();
        for (String name : scopeNames) {
            if (!sb.isEmpty()) {
                sb.append('|');
            }
            sb.append(require(values, name));
        }
        return sb.toString();
    }

    public String format(Map<String, String> values, long serial) {
        String digits = Long.toString(serial);
        if (digits.length() > serialWidth) {
            throw new IllegalStateException("serial " + serial + " overflows " + serialWidth + " digits of " + pattern);
        }
        var m = PLACEHOLDER.matcher(pattern);
        var sb = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1).equals("serial")
                    ? "0".repeat(serialWidth - digits.length()) + digits
                    : require(values, m.group(1));
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String require(Map<String, String> values, String name) {
        String v = values.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("number rule needs a value for {" + name + "}");
        }
        return v;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
