package org.certhub.intake.formats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import org.apache.poi.ss.usermodel.DateUtil;

/**
 * The text of a spreadsheet cell's number, one rule for every workbook format: a date-formatted number becomes an
 * ISO date (with its time, if it has one), whether the workbook counts from 1900 or 1904; any other number plain text
 * with at most 15 significant digits, no exponent and no trailing zeros, as Excel shows it.
 */
final class CellText {

    private static final MathContext EXCEL_PRECISION = new MathContext(15);

    private final boolean date1904;
    private final Map<String, Boolean> dateFormats = new HashMap<>();

    CellText(boolean date1904) {
        this.date1904 = date1904;
    }

    /**
     * @param formatIndex  the number format's index (built-in formats below 164)
     * @param formatString the number format, or null when the workbook has none for the cell
     * @throws NumberFormatException for a value that is no number (infinite or NaN), which no workbook holds
     */
    String number(double value, int formatIndex, String formatString) {
        if (formatString != null && isDateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
            LocalDateTime at = DateUtil.getLocalDateTime(value, date1904);
            return at.toLocalTime().equals(LocalTime.MIDNIGHT)
                    ? at.toLocalDate().toString()
                    : at.toString();
        }
        BigDecimal n = BigDecimal.valueOf(value).round(EXCEL_PRECISION).stripTrailingZeros();
        return n.signum() == 0 ? "0" : n.toPlainString();
    }

    static String bool(boolean value) {
        return value ? "TRUE" : "FALSE";
    }

    private boolean isDateFormat(int formatIndex, String formatString) {
        return dateFormats.computeIfAbsent(
                formatIndex + ":" + formatString, k -> DateUtil.isADateFormat(formatIndex, formatString));
    }
}
