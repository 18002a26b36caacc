package org.certhub.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A certificate-number rule such as {@code 苏建安{category}({year}){serial:7}}: literal text, placeholders for
 * canonical fields and {@code {year}} (of the issue date), and one {@code {serial:N}}, a zero-padded counter
 * that is unique within the scope made of all other placeholders.
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
        if (width < 1 || width > 18) {
            throw new IllegalArgumentException("number rule needs one {serial:N} with N from 1 to 18: " + pattern);
        }
        this.serialWidth = width;
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
