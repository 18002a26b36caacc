package org.certhub.rendering;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.ofdrw.core.basicStructure.pageObj.layer.block.CT_PageBlock;
import org.ofdrw.core.basicStructure.pageObj.layer.block.PathObject;
import org.ofdrw.core.basicStructure.pageObj.layer.block.TextObject;
import org.ofdrw.core.basicType.ST_Box;
import org.ofdrw.core.basicType.ST_ID;
import org.ofdrw.core.basicType.ST_RefID;
import org.ofdrw.core.pageDescription.color.color.CT_Color;
import org.ofdrw.core.text.TextCode;
import org.ofdrw.font.Font;
import org.ofdrw.layout.element.Div;
import org.ofdrw.layout.engine.ResManager;
import org.ofdrw.layout.engine.VPageParseEngine;

/**
 * A page of an OFD (GB/T 33190): what the layout draws is recorded, then written as the page's text and path objects
 * when ofdrw lays the page out. Text objects carry their own advances (DeltaX, one per character, supplementary
 * characters included) from the cut fonts' metrics, so an OFD reader places every glyph where the PDF does; the
 * document's font cuts go into the package as its font files.
 */
final class OfdSurface implements Surface {

    /** Millimetres per PDF point. */
    private static final double MM = 25.4 / 72;

    private static final double PAGE_HEIGHT = PDRectangle.A4.getHeight();

    /** The kind of ofdrw layout element this surface draws; its processor is registered once. */
    private static final String ELEMENT = "CerthubFace";

    static {
        OfdXml.useJdkSaxParser();
        VPageParseEngine.register(ELEMENT, (pageLoc, layer, resources, element, ids) -> {
            try {
                ((Face) element).surface.writeTo(layer, resources, ids);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the certificate's page", e);
            }
        });
    }

    private interface Drawing {
        void writeTo(CT_PageBlock layer, ResManager resources, AtomicInteger ids, ST_Box page) throws IOException;
    }

    private final DocumentFonts fonts;
    private final Path fontFolder;
    private final ST_ID[] fontIds;
    private final List<Drawing> drawings = new ArrayList<>();

    /** @param fontFolder where the document's font cuts are written for ofdrw to copy into the package */
    OfdSurface(DocumentFonts fonts, int fontCount, Path fontFolder) {
        this.fonts = fonts;
        this.fontFolder = fontFolder;
        this.fontIds = new ST_ID[fontCount];
    }

    /** The layout element that writes this surface's drawings when its page is laid out. */
    Div<?> element() {
        return new Face(this);
    }

    private static final class Face extends Div<Face> {

        private final OfdSurface surface;

        Face(OfdSurface surface) {
            super(0d, 0d, PDRectangle.A4.getWidth() * MM, PAGE_HEIGHT * MM);
            this.surface = surface;
        }

        @Override
        public String elementType() {
            return ELEMENT;
        }
    }

    private void writeTo(CT_PageBlock layer, ResManager resources, AtomicInteger ids) throws IOException {
        ST_Box page = new ST_Box(0, 0, PDRectangle.A4.getWidth() * MM, PAGE_HEIGHT * MM);
        for (Drawing drawing : drawings) {
            drawing.writeTo(layer, resources, ids, page);
        }
    }

    @Override
    public void strokeRectangle(float x, float y, float width, float height, float lineWidth, float[] rgb) {
        StringBuilder path = new StringBuilder(64);
        rectangle(path, x, y, width, height);
        addPath(path.toString(), lineWidth, rgb, false);
    }

    @Override
    public void strokeLines(List<float[]> lines, float lineWidth, float[] rgb) {
        StringBuilder path = new StringBuilder(lines.size() * 32);
        for (float[] line : lines) {
            point(path.append(path.isEmpty() ? "M " : " M "), x(line[0]), y(line[1]));
            point(path.append(" L "), x(line[2]), y(line[3]));
        }
        addPath(path.toString(), lineWidth, rgb, false);
    }

    @Override
    public void fillRectangles(List<float[]> rectangles, float[] rgb) {
        StringBuilder path = new StringBuilder(rectangles.size() * 64);
        for (float[] r : rectangles) {
            rectangle(path, r[0], r[1], r[2], r[3]);
        }
        addPath(path.toString(), 0, rgb, true);
    }

    /**
     * A path object: stroked with the line width, or filled. Its path data (GB/T 33190 AbbreviatedData) is written
     * here: ofdrw's own formats every number through a pattern, which was over half of an OFD's rendering samples.
     */
    private void addPath(String path, float lineWidth, float[] rgb, boolean filled) {
        drawings.add((layer, resources, ids, page) -> {
            PathObject object = new PathObject(new ST_ID(ids.incrementAndGet()));
            object.setBoundary(page.clone());
            object.setOFDEntity("AbbreviatedData", path);
            object.setStroke(!filled);
            object.setFill(filled);
            if (filled) {
                object.setFillColor(colour(rgb));
            } else {
                object.setLineWidth(lineWidth * MM);
                object.setStrokeColor(colour(rgb));
            }
            layer.addPageBlock(object);
        });
    }

    @Override
    public void text(List<DocumentFonts.Run> runs, float size, float x, float y, float[] rgb) {
        float start = x;
        for (DocumentFonts.Run run : runs) {
            String text = run.text();
            int font = run.font();
            double baselineX = x(start);
            List<Double> advances = new ArrayList<>(text.length());
            float runWidth = 0;
            for (int i = 0; i < text.length(); ) {
                int codePoint = text.codePointAt(i);
                float advance = fonts.advance(font, codePoint) / 1000f * size;
                runWidth += advance;
                i += Character.charCount(codePoint);
                if (i < text.length()) {
                    // DeltaX: from each character to the next, in millimetres
                    advances.add(round(advance * MM));
                }
            }
            start += runWidth;
            drawings.add((layer, resources, ids, page) -> {
                TextObject object = new TextObject(new ST_ID(ids.incrementAndGet()));
                object.setBoundary(page.clone());
                object.setFont(fontId(font, resources));
                object.setSize(size * MM);
                object.setFill(true);
                object.setFillColor(colour(rgb));
                TextCode code = new TextCode().setContent(text);
                code.addAttribute("X", number(baselineX));
                code.addAttribute("Y", number(y(y)));
                if (!advances.isEmpty()) {
                    StringBuilder deltas = new StringBuilder(advances.size() * 6);
                    for (double advance : advances) {
                        deltas.append(deltas.isEmpty() ? "" : " ").append(number(advance));
                    }
                    code.addAttribute("DeltaX", deltas.toString());
                }
                object.addTextCode(code);
                layer.addPageBlock(object);
            });
        }
    }

    /** The font's resource in the package, added on first use from the document's cut. */
    private ST_RefID fontId(int font, ResManager resources) throws IOException {
        if (fontIds[font] == null) {
            String name = fonts.name(font);
            Path file = Files.write(fontFolder.resolve("font-" + font + ".ttf"), fonts.file(font));
            fontIds[font] = resources.addFont(new Font(name, name, file));
        }
        return fontIds[font].ref();
    }

    private static void rectangle(StringBuilder path, float x, float y, float width, float height) {
        point(path.append(path.isEmpty() ? "M " : " M "), x(x), y(y + height));
        point(path.append(" L "), x(x + width), y(y + height));
        point(path.append(" L "), x(x + width), y(y));
        point(path.append(" L "), x(x), y(y));
        path.append(" C");
    }

    private static void point(StringBuilder path, double x, double y) {
        path.append(number(x)).append(' ').append(number(y));
    }

    /** A length in millimetres as written in the XML: at most three decimals, no trailing zeros. */
    static String number(double mm) {
        long thousandths = Math.round(mm * 1000);
        StringBuilder text = new StringBuilder(10);
        if (thousandths < 0) {
            text.append('-');
            thousandths = -thousandths;
        }
        text.append(thousandths / 1000);
        long fraction = thousandths % 1000;
        if (fraction != 0) {
            text.append('.').append((char) ('0' + fraction / 100));
            if (fraction % 100 != 0) {
                text.append((char) ('0' + fraction / 10 % 10));
                if (fraction % 10 != 0) {
                    text.append((char) ('0' + fraction % 10));
                }
            }
        }
        return text.toString();
    }

    private static double x(float x) {
        return round(x * MM);
    }

    /** OFD's y axis points down from the page's top. */
    private static double y(float y) {
        return round((PAGE_HEIGHT - y) * MM);
    }

    /** A thousandth of a millimetre is well below what any printer resolves, and keeps the XML short. */
    private static double round(double mm) {
        return Math.round(mm * 1000) / 1000.0;
    }

    private static CT_Color colour(float[] rgb) {
        return CT_Color.rgb(Math.round(rgb[0] * 255), Math.round(rgb[1] * 255), Math.round(rgb[2] * 255));
    }
}
