package org.certhub.testing;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.verapdf.core.ValidationException;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

/**
 * The PDF Association's veraPDF, as an archive's intake would run it: validates a file against PDF/A-2b and lists the
 * rules it fails.
 */
public final class VeraPdf {

    static {
        VeraGreenfieldFoundryProvider.initialise();
    }

    private VeraPdf() {}

    /**
     * The PDF/A-2b rules the file fails, as {@code <clause>-<test> ×<times>: <description> (at <first place>)}; empty when it conforms.
     */
    public static List<String> failedRules(byte[] pdf) throws Exception {
        PDFAFlavour flavour = PDFAFlavour.PDFA_2_B;
        try (PDFAParser parser = Foundries.defaultInstance().createParser(new ByteArrayInputStream(pdf), flavour);
                PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, false)) {
            ValidationResult result = validator.validate(parser);
            // one line per rule, with its first place and how often it failed
            Map<String, String> first = new LinkedHashMap<>();
            Map<String, Integer> times = new LinkedHashMap<>();
            for (TestAssertion assertion : result.getTestAssertions()) {
                if (assertion.getStatus() == TestAssertion.Status.FAILED) {
                    String rule = assertion.getRuleId().getClause() + "-"
                            + assertion.getRuleId().getTestNumber();
                    first.putIfAbsent(
                            rule,
                            assertion.getMessage() + " (at "
                                    + assertion.getLocation().getContext() + ")");
                    times.merge(rule, 1, Integer::sum);
                }
            }
            List<String> failed = new ArrayList<>();
            first.forEach((rule, what) -> failed.add(rule + " ×" + times.get(rule) + ": " + what));
            if (failed.isEmpty() && !result.isCompliant()) {
                failed.add("not compliant, without a failed assertion: " + result);
            }
            return failed;
        } catch (ValidationException e) {
            throw new AssertionError("veraPDF cannot validate the file", e);
        }
    }
}
