package org.certhub.holder;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.platform.Sha256;
import org.certhub.verify.HolderNames;

/**
 * What a holder types to sign in: the ID number, the name and one certificate number, each as a person types it on a
 * phone (full-width digits and brackets, spaces, a lower-case x), read in the form the library keeps them.
 */
record SignInForm(String idNumber, String name, String number) {

    /** Longer than any ID number, name or certificate number: refused before it reaches the database. */
    static final int MAX_LENGTH = 100;

    static SignInForm of(String idNumber, String name, String number) {
        return new SignInForm(idNumber(idNumber), name == null ? "" : name.strip(), number(number));
    }

    /** An ID number as kept: half-width, without spaces, the check character X upper-case. */
    static String idNumber(String typed) {
        return typed == null ? "" : compact(typed);
    }

    /** A certificate number as compared: half-width (full-width brackets as ASCII ones), without spaces, upper-case. */
    static String number(String typed) {
        return typed == null ? "" : compact(typed);
    }

    private static String compact(String typed) {
        return Normalizer.normalize(typed, Normalizer.Form.NFKC)
                .replaceAll("\\s+", "")
                .toUpperCase(Locale.ROOT);
    }

    /** The message key of what is wrong with the form as such (not whether it names a holder), if anything. */
    Optional<String> problem() {
        if (idNumber.isEmpty() || name.isEmpty() || number.isEmpty()) {
            return Optional.of("holder.problem.missing");
        }
        if (idNumber.length() > MAX_LENGTH || name.length() > MAX_LENGTH || number.length() > MAX_LENGTH) {
            return Optional.of("holder.problem.tooLong");
        }
        if (!CitizenIdNumber.hasValidShape(idNumber)
                || CitizenIdNumber.checkCharacter(idNumber.substring(0, 17)) != idNumber.charAt(17)) {
            return Optional.of("holder.problem.idNumber");
        }
        return Optional.empty();
    }

    /**
     * The key under which failed sign-ins of this ID number and name are counted: their SHA-256, the name compared as
     * the query compares names, so that the same pair typed another way counts as the same.
     */
    String pairKey() {
        return Sha256.hex(idNumber + "\n" + HolderNames.normal(name));
    }

    /**
     * The key under which failed sign-ins naming this certificate number are counted, whatever ID number they give:
     * the public pages show a certificate's number, name and masked ID number, so guessing the hidden digits of the
     * ID number is locked by the number too.
     */
    String numberKey() {
        return Sha256.hex("number\n" + number);
    }
}
