package org.certhub.approval;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.util.Matrix;

/**
 * Marks a rendered certificate as a preview: a diagonal "预览 未盖章 PREVIEW - NOT SEALED" across every page, so that
 * a preview that leaves the sealer's screen cannot pass for a certificate (it carries no seal either).
 */
final class PreviewStamp {

    static final String TEXT = "预览 未盖章 PREVIEW - NOT SEALED";
    private static final String FONT = "/fonts/wqy-microhei.ttc";
    private static final String FONT_NAME = "WenQuanYiMicroHei";
    private static final float SIZE = 30;

    private PreviewStamp() {}

    static byte[] stamp(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf);
                InputStream fontFile = PreviewStamp.class.getResourceAsStream(FONT);
                TrueTypeCollection fonts = new TrueTypeCollection(fontFile)) {
            PDType0Font font = PDType0Font.load(document, fonts.getFontByName(FONT_NAME), true);
            var translucent = new PDExtendedGraphicsState();
            translucent.setNonStrokingAlphaConstant(0.35f);
            for (PDPage page : document.getPages()) {
                var box = page.getMediaBox();
                float width = font.getStringWidth(TEXT) / 1000 * SIZE;
                double angle = Math.atan2(box.getHeight(), box.getWidth());
                float cx = box.getLowerLeftX() + box.getWidth() / 2;
                float cy = box.getLowerLeftY() + box.getHeight() / 2;
                try (var content =
                        new PDPageContentStream(document, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
                    content.setGraphicsStateParameters(translucent);
                    content.setNonStrokingColor(0.8f, 0f, 0f);
                    content.beginText();
                    content.setFont(font, SIZE);
                    var matrix = Matrix.getRotateInstance(angle, cx, cy);
                    matrix.translate(-width / 2, -SIZE / 3);
                    content.setTextMatrix(matrix);
                    content.showText(TEXT);
                    content.endText();
                }
            }
            document.getDocumentInformation().setTitle("预览（未盖章） preview, not sealed");
            var out = new ByteArrayOutputStream(pdf.length + 64 * 1024);
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark the preview", e);
        }
    }
}
