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

    private static final java.util.regex.Pattern ID_LIKE = java.util.regex.Pattern.compile(
            "([0-9\\uFF10-\\uFF19]{3})[0-9\\uFF10-\\uFF19]{8,11}([0-9\\uFF10-\\uFF19]{3}[0-9Xx\\uFF10-\\uFF19\\uFF38\\uFF58]?)");

    /**
     * Masks everything in a text that looks like a citizen ID number (15 or 18 characters, half- or full-width),
     * for messages that go to logs, error files or API errors: first 3 and last 3-4 characters stay.
     */
    public static String maskWithin(String text) {
        if (text == null) {
            return null;
        }
        return ID_LIKE.matcher(text)
                .replaceAll(m -> m.group(1)
                        + "*"
                                .repeat(m.group().length()
                                        - m.group(1).length()
                                        - m.group(2).length())
                        + m.group(2));
    }

    /** The masked form shown on public pages: first 3 and last 4 characters. */
    public static String mask(String id) {
        if (id == null || id.length() < 8) {
            return "****";
        }
        return id.substring(0, 3) + "*".repeat(id.length() - 7) + id.substring(id.length() - 4);
    }
}
