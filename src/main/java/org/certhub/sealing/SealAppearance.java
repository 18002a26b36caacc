package org.certhub.sealing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;

/**
 * The visible-signature template: a tiny PDF whose signature widget shows the seal image over the seal area. PDFBox
 * copies the widget's rectangle and appearance into each signed document, so the template is built (and the PNG
 * decoded and re-compressed) once, and only its bytes are reused.
 */
final class SealAppearance {

    private SealAppearance() {}

    static byte[] template(byte[] sealPng, PDRectangle pageSize, PDRectangle area) {
        try (PDDocument template = new PDDocument()) {
            PDPage page = new PDPage(pageSize);
            template.addPage(page);

            PDAcroForm form = new PDAcroForm(template);
            template.getDocumentCatalog().setAcroForm(form);
            form.setSignaturesExist(true);
            form.setAppendOnly(true);
            form.getCOSObject().setDirect(true);
            PDSignatureField field = new PDSignatureField(form);
            form.getFields().add(field);

            PDAnnotationWidget widget = field.getWidgets().get(0);
            widget.setRectangle(area);
            widget.setPage(page);
            // printed, so the seal appears on paper copies too
            widget.setPrinted(true);
            page.getAnnotations().add(widget);

            PDFormXObject appearanceForm = new PDFormXObject(new PDStream(template));
            appearanceForm.setResources(new PDResources());
            appearanceForm.setFormType(1);
            appearanceForm.setBBox(new PDRectangle(area.getWidth(), area.getHeight()));
            PDAppearanceStream appearanceStream = new PDAppearanceStream(appearanceForm.getCOSObject());
            PDAppearanceDictionary appearance = new PDAppearanceDictionary();
            appearance.getCOSObject().setDirect(true);
            appearance.setNormalAppearance(appearanceStream);
            widget.setAppearance(appearance);

            PDImageXObject seal = PDImageXObject.createFromByteArray(template, sealPng, "seal");
            try (PDPageContentStream content = new PDPageContentStream(template, appearanceStream)) {
                content.drawImage(seal, 0, 0, area.getWidth(), area.getHeight());
            }

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            template.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build the seal appearance", e);
        }
    }
}
