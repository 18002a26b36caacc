package org.certhub.codes;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/** Checks of the 18-character citizen identity number after GB 11643. */
public final class CitizenIdNumber {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private CitizenIdNumber() {}

    /** 17 ASCII digits and a digit or X (checked on every row of every file: no regular expression). */
    public static boolean hasValidShape(String id) {
        if (id == null || id.length() != 18) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return false;
            }
        }
        char last = id.charAt(17);
        return last >= '0' && last <= '9' || last == 'X';
    }

    /** The MOD 11-2 check character of the first 17 digits. */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** The birth date in positions 7-14, if it is a real date. */
    public static Optional<LocalDate> birthDate(String id) {
        try {
            return Optional.of(LocalDate.of(
                    Integer.parseInt(id.substring(6, 10)),
                    Integer.parseInt(id.substring(10, 12)),
                    Integer.parseInt(id.substring(12, 14))));
        } catch (DateTimeException | NumberFormatException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** 1 for male, 2 for female, from the parity of the sequence code. */
    public static String gender(String id) {
        return (id.charAt(16) - '0') % 2 == 1 ? "1" : "2";
    }

    /**
     * Masks everything in a text that looks like a citizen ID number, for messages that go to logs, error files or
     * API answers: first 3 and last 4 digits stay (last 3 of a 15-digit number), separators stay, the rest becomes
     * {@code *}. Digits may be half- or full-width; recognised are
     * <ul>
     *   <li>a run of 15 or more digits, the 18th may be X (also when too long or too short to be valid: a mistyped ID
     *       number is still one), unless a run of other than 15 or 18 touches a Latin letter (the 17 digits that start
     *       a licence identifier such as {@code 11100000000013338W011});
     *   <li>groups of digits with one space or hyphen (or their full-width forms) between them that add up to 15 or
     *       18 digits, every group but the last at least 3 long: {@code 320102 19800101 1234},
     *       {@code 320102-19800101-123X}, {@code 3201 0219 8001 0112 34}.
     * </ul>
     * Dates, times, phone numbers and licence numbers such as {@code 苏建安A(2026)0000001} stay as they are.
     */
    public static String maskWithin(String text) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < n) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            // the groups of a run of digits joined by single separators: start, end (exclusive), ends with X
            var groups = new java.util.ArrayList<int[]>();
            int j = i;
            while (true) {
                int start = j;
                while (j < n && isDigit(text.charAt(j))) {
                    j++;
                }
                boolean x = false;
                if (j < n && isCheckX(text.charAt(j)) && (j + 1 == n || !isLetterOrDigit(text.charAt(j + 1)))) {
                    j++;
                    x = true;
                }
                groups.add(new int[] {start, j, x ? 1 : 0});
                if (x
                        || j + 1 >= n
                        || !isSeparator(text.charAt(j))
                        || !(isDigit(text.charAt(j + 1)) || loneCheckX(text, j + 1))) {
                    break;
                }
                j++;
                if (!isDigit(text.charAt(j))) { // a lone X after the separator: the check character on its own
                    groups.add(new int[] {j, j + 1, 1});
                    j++;
                    break;
                }
            }
            boolean letterBefore = i > 0 && isLatinLetter(text.charAt(i - 1));
            boolean letterAfter = j < n && isLatinLetter(text.charAt(j));
            int g = 0;
            while (g < groups.size()) {
                int last = idWindowFrom(groups, g, g == 0 && letterBefore, letterAfter);
                if (last < 0) {
                    int[] group = groups.get(g);
                    int length = group[1] - group[0];
                    boolean touchesLetter = (g == 0 && letterBefore) || (g == groups.size() - 1 && letterAfter);
                    boolean idLength = length == 15 || length == 18;
                    if (length >= 15 && (idLength || !touchesLetter)) {
                        last = g;
                    }
                }
                if (last >= 0) {
                    if (out == null) {
                        out = new StringBuilder(n);
                    }
                    int from = groups.get(g)[0];
                    int to = groups.get(last)[1];
                    out.append(text, copied, from);
                    mask(text, from, to, out);
                    copied = to;
                    g = last + 1;
                } else {
                    g++;
                }
            }
            i = j;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, n).toString();
    }

    /**
     * The last group of the longest run of two or more groups from {@code first} that spells an ID number (15 or
     * 18 digits, X only at the end, every group but the last at least 3 digits), or -1.
     */
    private static int idWindowFrom(
            java.util.List<int[]> groups, int first, boolean letterBefore, boolean letterAfter) {
        if (letterBefore && groups.get(first)[1] - groups.get(first)[0] < 6) {
            return -1; // the tail of a hexadecimal UUID (...-a716-446655440000), not a region code
        }
        int found = -1;
        int digits = groups.get(first)[1] - groups.get(first)[0];
        for (int g = first + 1; g < groups.size(); g++) {
            int[] previous = groups.get(g - 1);
            if (previous[1] - previous[0] < 3 || previous[2] == 1) {
                break;
            }
            int[] group = groups.get(g);
            digits += group[1] - group[0];
            if (digits > 18) {
                break;
            }
            boolean atEnd = g == groups.size() - 1;
            if ((digits == 18 || digits == 15 && group[2] == 0) && !(atEnd && letterAfter)) {
                found = g;
            }
        }
        return found;
    }

    private static void mask(String text, int from, int to, StringBuilder out) {
        int digits = 0;
        for (int k = from; k < to; k++) {
            if (!isSeparator(text.charAt(k))) {
                digits++;
            }
        }
        int keepEnd = digits >= 18 ? 4 : 3;
        int seen = 0;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (isSeparator(c)) {
                out.append(c);
                continue;
            }
            out.append(seen < 3 || seen >= digits - keepEnd ? c : '*');
            seen++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9' || c >= '\uFF10' && c <= '\uFF19';
    }

    private static boolean isCheckX(char c) {
        return c == 'X' || c == 'x' || c == '\uFF38' || c == '\uFF58';
    }

    private static boolean loneCheckX(String text, int at) {
        return isCheckX(text.charAt(at)) && (at + 1 == text.length() || !isLetterOrDigit(text.charAt(at + 1)));
    }

    private static boolean isSeparator(char c) {
        return c == ' '
                || c == '-'
                || c == '\u00A0'
                || c == '\u3000'
                || c == '\uFF0D'
                || c >= '\u2010' && c <= '\u2015';
    }

    private static boolean isLatinLetter(char c) {
        return c >= 'A' && c <= 'Z'
                || c >= 'a' && c <= 'z'
                || c >= '\uFF21' && c <= '\uFF3A'
                || c >= '\uFF41' && c <= '\uFF5A';
    }

    private static boolean isLetterOrDigit(char c) {
        return isDigit(c) || isLatinLetter(c);
    }

    /** The masked form shown on public pages: first 3 and last 4 characters. */
    public static String mask(String id) {
        if (id == null || id.length() < 8) {
            return "****";
        }
        return id.substring(0, 3) + "*".repeat(id.length() - 7) + id.substring(id.length() - 4);
    }
}
