package org.certhub.rendering;

import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/** A page of a PDF: the document's font cuts embedded as Type 0 fonts, on first use. */
final class PdfSurface implements Surface {

    private final PDDocument document;
    private final PDPageContentStream content;
    private final DocumentFonts fonts;
    private final PDType0Font[] loaded;

    PdfSurface(PDDocument document, PDPageContentStream content, DocumentFonts fonts, int fontCount) {
        this.document = document;
        this.content = content;
        this.fonts = fonts;
        this.loaded = new PDType0Font[fontCount];
    }

    @Override
    public void strokeRectangle(float x, float y, float width, float height, float lineWidth, float[] rgb)
            throws IOException {
        content.setStrokingColor(rgb[0], rgb[1], rgb[2]);
        content.setLineWidth(lineWidth);
        content.addRect(x, y, width, height);
        content.stroke();
    }

    @Override
    public void strokeLines(List<float[]> lines, float lineWidth, float[] rgb) throws IOException {
        content.setStrokingColor(rgb[0], rgb[1], rgb[2]);
        content.setLineWidth(lineWidth);
        for (float[] line : lines) {
            content.moveTo(line[0], line[1]);
            content.lineTo(line[2], line[3]);
        }
        content.stroke();
    }

    @Override
    public void fillRectangles(List<float[]> rectangles, float[] rgb) throws IOException {
        content.setNonStrokingColor(rgb[0], rgb[1], rgb[2]);
        for (float[] r : rectangles) {
            content.addRect(r[0], r[1], r[2], r[3]);
        }
        content.fill();
    }

    @Override
    public void text(List<DocumentFonts.Run> runs, float size, float x, float y, float[] rgb) throws IOException {
        content.setNonStrokingColor(rgb[0], rgb[1], rgb[2]);
        content.beginText();
        content.newLineAtOffset(x, y);
        for (DocumentFonts.Run run : runs) {
            content.setFont(font(run.font()), size);
            content.showText(run.text());
        }
        content.endText();
    }

    private PDType0Font font(int index) throws IOException {
        if (loaded[index] == null) {
            // embedded whole: it is already cut to the document's characters
            loaded[index] = PDType0Font.load(document, fonts.cut(index), false);
        }
        return loaded[index];
    }
}
