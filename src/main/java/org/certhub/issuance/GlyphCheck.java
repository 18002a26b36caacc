package org.certhub.issuance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.certhub.catalog.CertificateType;
import org.certhub.catalog.FieldDefinition;
import org.certhub.catalog.FieldType;
import org.certhub.mapping.RejectReason;
import org.certhub.rendering.FontSet;

/**
 * Finds, before a licence is issued, the characters of a record that its certificate would print and no shipped font
 * draws: such a certificate could never be sealed. A record with one becomes a reject with rule
 * {@value #RULE}, to be re-driven once a font that has the character ships.
 *
 * <p>Checked are the values of the type's fields that the face prints (its rows' placeholders) or that the
 * certificate number is made of, as the sign stage shows them: an enumeration as its label, a group as its items.
 * Dates print as digits and 年月日; the rest of the face is the catalogue's own text.
 */
final class GlyphCheck {

    static final String RULE = "glyph-missing";
    /** How many of a value's missing characters a reason names. */
    private static final int NAMED = 5;

    private final FontSet fonts;

    GlyphCheck(FontSet fonts) {
        this.fonts = fonts;
    }

    /** One reason per printed field whose value has a character no shipped font draws; none when all print. */
    List<RejectReason> missingGlyphs(CertificateType type, Map<String, String> values) {
        List<RejectReason> reasons = new ArrayList<>(0);
        for (FieldDefinition field : printedFields(type)) {
            for (String text : printed(field, values)) {
                Set<Integer> missing = missing(text);
                if (!missing.isEmpty()) {
                    reasons.add(RejectReason.of(field.name(), text, RULE, message(field, missing)));
                    break;
                }
            }
        }
        return reasons;
    }

    private static Set<FieldDefinition> printedFields(CertificateType type) {
        var names = new LinkedHashSet<>(type.face().placeholders());
        names.addAll(type.numbering().placeholders());
        var fields = new LinkedHashSet<FieldDefinition>();
        for (String name : names) {
            type.field(name).ifPresent(fields::add);
        }
        return fields;
    }

    /** The texts the field puts on the face: none for a date or an absent value. */
    private static List<String> printed(FieldDefinition field, Map<String, String> values) {
        if (field.type() == FieldType.GROUP) {
            return field.displayItems(values, date -> "");
        }
        String value = values.get(field.name());
        if (value == null || field.type() == FieldType.DATE) {
            return List.of();
        }
        // the number carries an enumeration's code, the face its label
        return field.type() == FieldType.ENUM ? List.of(value, field.display(value)) : List.of(value);
    }

    /** The code points of the text that no shipped font draws; a line break starts a new line, it is not drawn. */
    private Set<Integer> missing(String text) {
        var missing = new LinkedHashSet<Integer>();
        text.codePoints().filter(c -> c != '\n' && !fonts.canPrint(c)).forEach(missing::add);
        return missing;
    }

    private static String message(FieldDefinition field, Set<Integer> missing) {
        String named = missing.stream().limit(NAMED).map(GlyphCheck::describe).collect(Collectors.joining("、"));
        String more = missing.size() > NAMED ? " 等 " + missing.size() + " 个字符" : "";
        String namedEnglish =
                missing.stream().limit(NAMED).map(GlyphCheck::describe).collect(Collectors.joining(", "));
        String moreEnglish = missing.size() > NAMED ? " and " + (missing.size() - NAMED) + " more" : "";
        return field.label() + "中的 " + named + more + " 没有可用的字形，证书无法打印；加入含该字的字体后可重新处理 (no shipped font has a glyph for "
                + namedEnglish + moreEnglish + " in " + field.name() + ": the certificate cannot be printed; re-drive"
                + " the record once a font that has it is added)";
    }

    /** U+4DB6 (䶶), or the code point alone for a character that shows nothing. */
    static String describe(int codePoint) {
        String hex = String.format("U+%04X", codePoint);
        int type = Character.getType(codePoint);
        boolean invisible = Character.isISOControl(codePoint)
                || type == Character.FORMAT
                || type == Character.UNASSIGNED
                || type == Character.SURROGATE
                || Character.isWhitespace(codePoint);
        return invisible ? hex : hex + " (" + Character.toString(codePoint) + ")";
    }
}
