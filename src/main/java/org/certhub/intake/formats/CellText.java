package org.certhub.intake.formats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;

/**
 * The text of a spreadsheet cell's number, one rule for every workbook format: what Excel shows in the cell, through
 * its number format (POI's {@link DataFormatter}): leading zeros ({@code 000000000}: {@code 002611001}), percentages,
 * thousands separators, literal text ({@code "第"0"号"}). Two kinds of format keep the number's own text instead:
 * <ul>
 *   <li>a date format, built-in or custom, makes an ISO date ({@code 2026-11-20}, with its time if it has one,
 *       {@code 2026-11-20T08:30}; a time of day alone, a number below 1, {@code 08:30}), whether the workbook counts
 *       from 1900 or 1904: how Excel shows a date depends on the clerk's regional settings (the built-in short date
 *       is {@code 11/20/26} to POI and {@code 2026/11/20} to a Chinese Excel), while the date is the same, and the
 *       mappings' date rules read ISO. The built-in formats 27–36 and 50–58, which a workbook names by number only,
 *       are dates and times in every East Asian Excel ({@code yyyy"年"m"月"d"日"} is 31 in Chinese Excel);
 *   <li>General and Text ({@code @}) show the number as it was typed, as Excel's formula bar shows it: at most 15
 *       significant digits, no exponent, no trailing zeros ({@code 13912345678}, {@code 0.3}); a General cell too
 *       narrow for the number would show {@code 1.39123E+10} or {@code ####}, which is not the value.
 * </ul>
 * A format that hides the number or cannot be applied leaves the number's own text too: a value is never lost to its
 * display.
 */
final class CellText {

    /** The built-in formats of East Asian Excel (ECMA-376 18.8.30), all dates or times, that POI does not know. */
    private static final Set<Integer> EAST_ASIAN_DATES =
            Set.of(27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58);

    private static final Rule PLAIN = new Rule(Kind.PLAIN, false, false, false);
    private static final Rule DATE = new Rule(Kind.DATE, false, false, false);

    /** Excel's own limit for a number format; a longer one is not Excel's and is not applied. */
    private static final int MAX_FORMAT_LENGTH = 255;

    private static final MathContext EXCEL_PRECISION = new MathContext(15);

    private enum Kind {
        DATE,
        PLAIN,
        FORMATTED
    }

    /** How a format treats numbers: its kind, and for each sign whether its section shows nothing. */
    private record Rule(Kind kind, boolean hidesPositive, boolean hidesNegative, boolean hidesZero) {

        boolean hides(double value) {
            return value > 0 ? hidesPositive : value < 0 ? hidesNegative : hidesZero;
        }
    }

    private final boolean date1904;
    private final DataFormatter formatter = new DataFormatter(Locale.ROOT);
    private final Map<String, Rule> rules = new HashMap<>();

    CellText(boolean date1904) {
        this.date1904 = date1904;
    }

    /**
     * @param formatIndex  the number format's index (built-in formats below 164)
     * @param formatString the number format, or null when the workbook has none for the cell
     * @throws NumberFormatException for a value that is no number (infinite or NaN), which no workbook holds
     */
    String number(double value, int formatIndex, String formatString) {
        Rule rule = rules.computeIfAbsent(formatIndex + ":" + formatString, k -> ruleOf(formatIndex, formatString));
        Kind kind = rule.hides(value) ? Kind.PLAIN : rule.kind();
        if (kind == Kind.DATE && DateUtil.isValidExcelDate(value)) {
            LocalDateTime at = DateUtil.getLocalDateTime(value, date1904, true);
            if (value < 1) {
                return at.toLocalTime().toString();
            }
            return at.toLocalTime().equals(LocalTime.MIDNIGHT)
                    ? at.toLocalDate().toString()
                    : at.toString();
        }
        String plain = plain(value);
        if (kind == Kind.FORMATTED) {
            try {
                // padding (_) and fill (*) characters lay the text out in the cell: they are not part of it
                String shown = formatter
                        .formatRawCellContents(value, formatIndex, formatString, date1904)
                        .strip();
                if (!shown.isEmpty()) {
                    return shown;
                }
            } catch (RuntimeException e) {
                // a format POI cannot apply: the number as it is
            }
        }
        return plain;
    }

    static String bool(boolean value) {
        return value ? "TRUE" : "FALSE";
    }

    private static String plain(double value) {
        BigDecimal n = BigDecimal.valueOf(value).round(EXCEL_PRECISION).stripTrailingZeros();
        return n.signum() == 0 ? "0" : n.toPlainString();
    }

    private static Rule ruleOf(int formatIndex, String formatString) {
        if (formatString == null || formatString.startsWith("reserved-")) {
            // a built-in format POI knows by number only: none, or one of East Asian Excel's
            return EAST_ASIAN_DATES.contains(formatIndex) ? DATE : PLAIN;
        }
        String format = formatString.strip();
        if (format.isEmpty()
                || format.equalsIgnoreCase("General")
                || format.equals("@")
                || format.length() > MAX_FORMAT_LENGTH) {
            return PLAIN;
        }
        Kind kind = DateUtil.isADateFormat(formatIndex, formatString) ? Kind.DATE : Kind.FORMATTED;
        // positive;negative;zero;text: a missing section is the first one's, an empty one shows nothing
        List<String> sections = sections(format);
        boolean positive = sections.get(0).isBlank();
        boolean negative = sections.size() > 1 ? sections.get(1).isBlank() : positive;
        boolean zero = sections.size() > 2 ? sections.get(2).isBlank() : positive;
        return new Rule(kind, positive, negative, zero);
    }

    /** The format's sections, split at the semicolons that are not quoted or escaped. */
    private static List<String> sections(String format) {
        var sections = new ArrayList<String>();
        var current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == ';' && !quoted) {
                sections.add(current.toString());
                current.setLength(0);
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && !quoted && i + 1 < format.length()) {
                current.append(c);
                c = format.charAt(++i);
            }
            current.append(c);
        }
        sections.add(current.toString());
        return sections;
    }
}
