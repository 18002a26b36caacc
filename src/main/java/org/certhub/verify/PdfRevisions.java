package org.certhub.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;

/**
 * What changed in a sealed PDF after its seal: the file as it is now compared with its sealed revision (the bytes
 * the seal's signature covers), object by object where a reader would see a difference. What the hub itself adds
 * after sealing is allowed: validation data ({@code /DSS}, the extensions entry that announces it) and document
 * timestamps (a new signature field of sub-filter {@code ETSI.RFC3161} with its widget). Anything else is a named
 * change:
 *
 * <ul>
 *   <li>{@code shadow-hide-and-replace}: the page, its content or its resources now point at objects that were
 *       already in the sealed bytes but not shown: content hidden in the signed file and revealed by an update that
 *       only re-points references;
 *   <li>{@code shadow-hide}: an annotation of the sealed page (an overlay) removed or changed, or the visibility of
 *       optional content (layers) changed: something that covered or hid content no longer does;
 *   <li>{@code shadow-replace}: a form field's value, or a font, image or drawing the sealed page used, replaced;
 *   <li>{@code page-content-changed}, {@code pages-added}, {@code pages-removed}, {@code annotation-added},
 *       {@code form-changed}, {@code seal-field-changed}, {@code catalog-changed}, {@code document-info-changed}.
 * </ul>
 */
final class PdfRevisions {

    /** Catalogue entries that validation data and document timestamps add or change. */
    private static final Set<COSName> ALLOWED_IN_CATALOG =
            Set.of(COSName.getPDFName("DSS"), COSName.getPDFName("Extensions"), COSName.ACRO_FORM, COSName.PAGES);

    private static final COSName OC_PROPERTIES = COSName.getPDFName("OCProperties");

    private PdfRevisions() {}

    /**
     * The changes, by name, each once, in the order found; empty when only the allowed additions were made.
     *
     * @param timestamps the signature dictionaries of the document timestamps that verified over their revisions:
     *                   only their fields and widgets may be new
     */
    static List<String> changes(PDDocument sealed, PDDocument now, Set<COSDictionary> timestamps) {
        Set<String> found = new LinkedHashSet<>();
        catalog(sealed, now, found);
        pages(sealed, now, found, timestamps);
        form(sealed, now, found, timestamps);
        var info = new CosEquality(sealed.getDocument());
        if (!info.same(
                sealed.getDocument().getTrailer().getItem(COSName.INFO),
                now.getDocument().getTrailer().getItem(COSName.INFO))) {
            found.add("document-info-changed");
        }
        return new ArrayList<>(found);
    }

    private static void catalog(PDDocument sealed, PDDocument now, Set<String> found) {
        COSDictionary before = sealed.getDocumentCatalog().getCOSObject();
        COSDictionary after = now.getDocumentCatalog().getCOSObject();
        var keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (COSName key : keys) {
            if (ALLOWED_IN_CATALOG.contains(key)) {
                continue;
            }
            var equality = new CosEquality(sealed.getDocument());
            if (!equality.same(before.getItem(key), after.getItem(key))) {
                found.add(key.equals(OC_PROPERTIES) ? "shadow-hide" : "catalog-changed");
            }
        }
    }

    private static void pages(PDDocument sealed, PDDocument now, Set<String> found, Set<COSDictionary> timestamps) {
        int before = sealed.getNumberOfPages();
        int after = now.getNumberOfPages();
        if (after > before) {
            found.add("pages-added");
        } else if (after < before) {
            found.add("pages-removed");
        }
        for (int i = 0; i < Math.min(before, after); i++) {
            PDPage a = sealed.getPage(i);
            PDPage b = now.getPage(i);
            var contents = new CosEquality(sealed.getDocument());
            boolean sameContents = contents.same(
                    a.getCOSObject().getItem(COSName.CONTENTS), b.getCOSObject().getItem(COSName.CONTENTS));
            // the resources, boxes and rotation a page has, its own or inherited from the page tree
            var resources = new CosEquality(sealed.getDocument());
            boolean sameResources = resources.same(resources(a), resources(b));
            var rest = new CosEquality(sealed.getDocument());
            boolean sameRest = rest.sameEntries(
                            a.getCOSObject(), b.getCOSObject(), COSName.CONTENTS, COSName.RESOURCES, COSName.ANNOTS)
                    && sameGeometry(a, b);
            if ((!sameContents && contents.redirected())
                    || (!sameResources && resources.redirected())
                    || (!sameRest && rest.redirected())) {
                found.add("shadow-hide-and-replace");
            } else {
                if (!sameContents || !sameRest) {
                    found.add("page-content-changed");
                }
                if (!sameResources) {
                    found.add("shadow-replace");
                }
            }
            annotations(sealed, a, b, found, timestamps);
        }
    }

    /**
     * Every annotation of the sealed page must still be there, the same; the only new ones allowed are the widgets of
     * document timestamps.
     */
    private static COSBase resources(PDPage page) {
        var resources = page.getResources();
        return resources == null ? null : resources.getCOSObject();
    }

    /** The boxes and rotation as a viewer applies them, inherited ones included. */
    private static boolean sameGeometry(PDPage a, PDPage b) {
        return a.getRotation() == b.getRotation()
                && same(a.getMediaBox(), b.getMediaBox())
                && same(a.getCropBox(), b.getCropBox())
                && same(a.getBleedBox(), b.getBleedBox())
                && same(a.getTrimBox(), b.getTrimBox())
                && same(a.getArtBox(), b.getArtBox())
                && a.getUserUnit() == b.getUserUnit();
    }

    private static boolean same(
            org.apache.pdfbox.pdmodel.common.PDRectangle a, org.apache.pdfbox.pdmodel.common.PDRectangle b) {
        return a.getLowerLeftX() == b.getLowerLeftX()
                && a.getLowerLeftY() == b.getLowerLeftY()
                && a.getUpperRightX() == b.getUpperRightX()
                && a.getUpperRightY() == b.getUpperRightY();
    }

    private static void annotations(
            PDDocument sealed, PDPage a, PDPage b, Set<String> found, Set<COSDictionary> timestamps) {
        List<COSBase> before = items(a.getCOSObject().getDictionaryObject(COSName.ANNOTS));
        List<COSBase> after = new ArrayList<>(items(b.getCOSObject().getDictionaryObject(COSName.ANNOTS)));
        for (COSBase annotation : before) {
            // the same object (by number) first: an annotation changed in place is a change, not a removal
            COSBase match = after.stream()
                    .filter(candidate -> sameKey(annotation, candidate))
                    .findFirst()
                    .orElse(null);
            if (match == null) {
                match = after.stream()
                        .filter(candidate -> new CosEquality(sealed.getDocument()).same(annotation, candidate))
                        .findFirst()
                        .orElse(null);
            }
            if (match != null) {
                after.remove(match);
                if (new CosEquality(sealed.getDocument()).same(annotation, match)) {
                    continue;
                }
            }
            if (isSignatureWidget(annotation)) {
                found.add("seal-field-changed");
            } else if (match != null && isFieldWidget(annotation)) {
                // a form field's appearance replaced: what it shows is another text
                found.add("shadow-replace");
            } else {
                // an overlay removed or changed: what it covered shows
                found.add("shadow-hide");
            }
        }
        for (COSBase annotation : after) {
            if (!isDocumentTimestampWidget(annotation, timestamps)) {
                found.add("annotation-added");
            }
        }
    }

    private static boolean sameKey(COSBase a, COSBase b) {
        return a instanceof COSObject ra
                && b instanceof COSObject rb
                && ra.getKey() != null
                && ra.getKey().equals(rb.getKey());
    }

    private static boolean isFieldWidget(COSBase annotation) {
        COSDictionary widget = resolve(annotation);
        return widget != null && COSName.WIDGET.equals(widget.getCOSName(COSName.SUBTYPE)) && fieldType(widget) != null;
    }

    /**
     * The sealed revision's fields must still be there: a signature field the same, another field with the same
     * value; new fields may only be document timestamps.
     */
    private static void form(PDDocument sealed, PDDocument now, Set<String> found, Set<COSDictionary> timestamps) {
        Map<String, PDField> before = fields(sealed.getDocumentCatalog().getAcroForm(null));
        Map<String, PDField> after = fields(now.getDocumentCatalog().getAcroForm(null));
        for (var entry : before.entrySet()) {
            PDField then = entry.getValue();
            PDField field = after.remove(entry.getKey());
            if (field == null) {
                found.add(then instanceof PDSignatureField ? "seal-field-changed" : "form-changed");
                continue;
            }
            var equality = new CosEquality(sealed.getDocument());
            if (then instanceof PDSignatureField) {
                if (!equality.same(
                        then.getCOSObject().getItem(COSName.V),
                        field.getCOSObject().getItem(COSName.V))) {
                    found.add("seal-field-changed");
                }
            } else if (!equality.same(
                    then.getCOSObject().getItem(COSName.V), field.getCOSObject().getItem(COSName.V))) {
                found.add("shadow-replace");
            } else if (!new CosEquality(sealed.getDocument())
                    .sameEntries(then.getCOSObject(), field.getCOSObject(), COSName.KIDS)) {
                found.add("form-changed");
            }
        }
        for (PDField field : after.values()) {
            COSDictionary value = resolve(field.getCOSObject().getItem(COSName.V));
            if (!(field instanceof PDSignatureField) || value == null || !timestamps.contains(value)) {
                found.add("form-changed");
            }
        }
        PDAcroForm formBefore = sealed.getDocumentCatalog().getAcroForm(null);
        PDAcroForm formAfter = now.getDocumentCatalog().getAcroForm(null);
        if (formBefore != null && formAfter != null) {
            // what else the form says (appearances to rebuild, an XFA form, default appearances) must stay; the
            // fields are compared above, and signing sets the signature flags
            if (!new CosEquality(sealed.getDocument())
                    .sameEntries(
                            formBefore.getCOSObject(),
                            formAfter.getCOSObject(),
                            COSName.FIELDS,
                            COSName.SIG_FLAGS,
                            COSName.DR)) {
                found.add("form-changed");
            }
            COSDictionary resourcesBefore = resolve(formBefore.getCOSObject().getItem(COSName.DR));
            COSDictionary resourcesAfter = resolve(formAfter.getCOSObject().getItem(COSName.DR));
            if (!new CosEquality(sealed.getDocument()).same(resourcesBefore, resourcesAfter)) {
                // the default resources give field appearances their fonts: replacing one replaces what a field
                // shows; resources only added come with a new field
                found.add(replacesAny(sealed, resourcesBefore, resourcesAfter) ? "shadow-replace" : "form-changed");
            }
        }
    }

    /** Whether a resource the sealed revision had (a font, an image ...) is now another or gone. */
    private static boolean replacesAny(PDDocument sealed, COSDictionary before, COSDictionary after) {
        if (before == null) {
            return false;
        }
        for (COSName category : before.keySet()) {
            COSDictionary named = resolve(before.getItem(category));
            COSDictionary namedNow = after == null ? null : resolve(after.getItem(category));
            if (named == null) {
                continue;
            }
            for (COSName name : named.keySet()) {
                if (namedNow == null
                        || !new CosEquality(sealed.getDocument()).same(named.getItem(name), namedNow.getItem(name))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<String, PDField> fields(PDAcroForm form) {
        var fields = new LinkedHashMap<String, PDField>();
        if (form != null) {
            for (PDField field : form.getFieldTree()) {
                fields.put(field.getFullyQualifiedName(), field);
            }
        }
        return fields;
    }

    private static List<COSBase> items(COSBase array) {
        var items = new ArrayList<COSBase>();
        if (array instanceof COSArray annotations) {
            for (int i = 0; i < annotations.size(); i++) {
                items.add(annotations.get(i));
            }
        }
        return items;
    }

    private static COSDictionary resolve(COSBase base) {
        COSBase object = base instanceof COSObject reference ? reference.getObject() : base;
        return object instanceof COSDictionary dictionary ? dictionary : null;
    }

    /** A widget (merged with its field, or a kid of one) of a signature field. */
    private static boolean isSignatureWidget(COSBase annotation) {
        COSDictionary widget = resolve(annotation);
        return widget != null && COSName.SIG.equals(fieldType(widget));
    }

    /**
     * A widget the hub's document timestamps add: of a signature field whose value is one of the document timestamps
     * that verified, and invisible (no area, or hidden), so that it cannot draw over the page.
     */
    private static boolean isDocumentTimestampWidget(COSBase annotation, Set<COSDictionary> timestamps) {
        COSDictionary widget = resolve(annotation);
        if (widget == null
                || !COSName.WIDGET.equals(widget.getCOSName(COSName.SUBTYPE))
                || !COSName.SIG.equals(fieldType(widget))) {
            return false;
        }
        COSDictionary field = widget.containsKey(COSName.FT) ? widget : resolve(widget.getItem(COSName.PARENT));
        COSDictionary value = field == null ? null : resolve(field.getItem(COSName.V));
        return value != null && timestamps.contains(value) && invisible(widget);
    }

    private static boolean invisible(COSDictionary widget) {
        int flags = widget.getInt(COSName.F, 0);
        boolean hidden = (flags & 2) != 0 || (flags & 32) != 0; // Hidden, NoView
        if (hidden) {
            return true;
        }
        COSArray rect = widget.getCOSArray(COSName.RECT);
        if (rect == null || rect.size() != 4) {
            return true;
        }
        var area = new org.apache.pdfbox.pdmodel.common.PDRectangle(rect);
        return area.getWidth() == 0 || area.getHeight() == 0;
    }

    private static COSName fieldType(COSDictionary widget) {
        COSName type = widget.getCOSName(COSName.FT);
        if (type == null) {
            COSDictionary parent = resolve(widget.getItem(COSName.PARENT));
            type = parent == null ? null : parent.getCOSName(COSName.FT);
        }
        return type;
    }

    static boolean isDocumentTimestamp(PDSignature signature) {
        return signature != null && "ETSI.RFC3161".equals(signature.getSubFilter());
    }
}
