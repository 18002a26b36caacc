package org.certhub.rendering;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.ofdrw.layout.OFDDoc;
import org.ofdrw.layout.PageLayout;
import org.ofdrw.layout.VirtualPage;

/**
 * Renders certificate faces to unsigned, single-page A4 portrait PDF/A-2b files.
 *
 * <p>Thread-safe. Parsed fonts are reused across documents (parsing them per document was ten times slower) but are
 * not thread-safe, so each render borrows a set from a pool and returns it afterwards: the number of parsed sets
 * follows the peak number of concurrent renders, not the number of threads that ever called.
 */
public final class CertificateRenderer {

    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN = 36;
    private static final float CONTENT_LEFT = 72;
    private static final float CONTENT_RIGHT = PAGE.getWidth() - 72;

    private static final float TITLE_SIZE = 22;
    private static final float TITLE_MIN_SIZE = 16;
    private static final float TITLE_BASELINE = 730;
    private static final float NUMBER_SIZE = 12;
    private static final float FIELD_SIZE = 12;
    private static final float LABEL_WIDTH = 110;
    private static final float CELL_PADDING = 8;
    private static final float LINE_HEIGHT = FIELD_SIZE * 1.5f;
    private static final float ISSUER_SIZE = 14;
    private static final float QR_SIDE = 96;
    private static final float QR_X = CONTENT_LEFT;
    private static final float QR_Y = 96;
    /** The table must end above the QR code and the seal. */
    private static final float TABLE_LOWEST = QR_Y + QR_SIDE + 24;

    /** Seal: 42 mm, the common diameter of an official round seal, centred on the issuer name. */
    private static final float SEAL_SIDE = 42 / 25.4f * 72;

    private static final float ISSUER_CENTER_X = 420;
    private static final float ISSUER_BASELINE = 150;
    private static final PDRectangle SEAL_AREA = new PDRectangle(
            ISSUER_CENTER_X - SEAL_SIDE / 2,
            ISSUER_BASELINE + ISSUER_SIZE / 2 - 8 - SEAL_SIDE / 2,
            SEAL_SIDE,
            SEAL_SIDE);

    private static final float[] FRAME_COLOUR = {0.55f, 0.10f, 0.10f};
    private static final float[] TEXT_COLOUR = {0.1f, 0.1f, 0.1f};
    private static final float[] RULE_COLOUR = {0.6f, 0.6f, 0.6f};
    private static final float[] QR_COLOUR = {0, 0, 0};

    private static final String NUMBER_LABEL = "证书编号：";
    private static final String QR_CAPTION = "扫码验证";

    private final FontSet fontSet;
    private final Queue<ParsedFonts> idleFonts = new ConcurrentLinkedQueue<>();

    public CertificateRenderer(FontSet fonts) {
        this.fontSet = Objects.requireNonNull(fonts, "fonts");
    }

    /** Where the seal goes on page 1, in PDF user space: the signer places its visible signature here. */
    public static PDRectangle sealArea() {
        // PDRectangle is mutable: hand out copies
        return new PDRectangle(
                SEAL_AREA.getLowerLeftX(), SEAL_AREA.getLowerLeftY(), SEAL_AREA.getWidth(), SEAL_AREA.getHeight());
    }

    /** Renders one certificate to the bytes of an unsigned one-page A4 PDF. */
    public byte[] render(CertificateFace face) {
        return withFonts(fonts -> render(face, fonts));
    }

    /** Renders one certificate to the bytes of an unsigned one-page A4 OFD (GB/T 33190). */
    public byte[] renderOfd(CertificateFace face) {
        return withFonts(fonts -> renderOfd(face, fonts));
    }

    /** Lends a parsed font set to one render. */
    private byte[] withFonts(java.util.function.Function<ParsedFonts, byte[]> render) {
        ParsedFonts fonts = idleFonts.poll();
        if (fonts == null) {
            fonts = fontSet.parse();
        }
        try {
            return render.apply(fonts);
        } finally {
            // only after the document is saved and closed: until then PDFBox still reads the fonts to subset them
            idleFonts.offer(fonts);
        }
    }

    private static byte[] renderOfd(CertificateFace face, ParsedFonts fonts) {
        Path work = null;
        try {
            // ofdrw copies font files into the package from paths: the document's cuts are written here first
            work = Files.createTempDirectory("certhub-ofd");
            DocumentFonts text = DocumentFonts.forTexts(fonts, texts(face));
            OfdSurface surface = new OfdSurface(text, fonts.count(), work);
            draw(face, text, surface);
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            try (OFDDoc document = new OFDDoc(out)) {
                PageLayout a4 = PageLayout.A4();
                document.setDefaultPageLayout(a4);
                VirtualPage page = new VirtualPage(a4);
                page.add(surface.element());
                document.addVPage(page);
                OfdMetadata.apply(
                        document.getOfdDir().getOfd().getDocBody().getDocInfo(), face.title(), face.metadata());
            }
            return out.toByteArray();
        } catch (IOException | org.dom4j.DocumentException e) {
            throw new UncheckedIOException(
                    "Cannot render certificate " + face.number() + " as OFD",
                    e instanceof IOException io ? io : new IOException(e));
        } finally {
            if (work != null) {
                org.springframework.util.FileSystemUtils.deleteRecursively(work.toFile());
            }
        }
    }

    private static byte[] render(CertificateFace face, ParsedFonts fonts) {
        try (PDDocument document = new PDDocument()) {
            DocumentFonts text = DocumentFonts.forTexts(fonts, texts(face));
            PDPage page = new PDPage(PAGE);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                draw(face, text, new PdfSurface(document, content, text, fonts.count()));
            }
            PdfA.apply(document, face.title(), face.metadata());
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot render certificate " + face.number(), e);
        }
    }

    /** The face's layout, the same for every file format. */
    static void draw(CertificateFace face, DocumentFonts text, Surface surface) throws IOException {
        drawFrame(surface);
        float y = drawTitle(surface, text, face.title());
        y = drawCentred(surface, text, NUMBER_LABEL + face.number(), NUMBER_SIZE, y - 26);
        drawFields(surface, text, face.fields(), y - 24);
        drawQrCode(surface, text, face.qrUrl());
        drawCentredAt(surface, text, face.issuerName(), ISSUER_SIZE, ISSUER_CENTER_X, ISSUER_BASELINE);
        drawCentredAt(surface, text, face.issueDateText(), FIELD_SIZE, ISSUER_CENTER_X, ISSUER_BASELINE - 22);
    }

    /** Every string the face prints, so that the fonts can be cut to their characters before layout starts. */
    private static List<String> texts(CertificateFace face) {
        List<String> texts = new ArrayList<>(2 * face.fields().size() + 6);
        texts.add(face.title());
        texts.add(NUMBER_LABEL + face.number());
        for (CertificateFace.Field field : face.fields()) {
            texts.add(field.label());
            texts.add(field.value());
        }
        texts.add(QR_CAPTION);
        texts.add(face.issuerName());
        texts.add(face.issueDateText());
        return texts;
    }

    private static void drawFrame(Surface surface) throws IOException {
        surface.strokeRectangle(
                MARGIN, MARGIN, PAGE.getWidth() - 2 * MARGIN, PAGE.getHeight() - 2 * MARGIN, 3, FRAME_COLOUR);
        float inset = MARGIN + 6;
        surface.strokeRectangle(
                inset, inset, PAGE.getWidth() - 2 * inset, PAGE.getHeight() - 2 * inset, 0.8f, FRAME_COLOUR);
    }

    /** Shrinks a long title down to a minimum size, then wraps it. Returns the baseline of the last line. */
    private static float drawTitle(Surface surface, DocumentFonts text, String title) throws IOException {
        float available = CONTENT_RIGHT - CONTENT_LEFT;
        float size = TITLE_SIZE;
        float width = text.width(title, size);
        if (width > available) {
            size = Math.max(TITLE_MIN_SIZE, size * available / width);
        }
        float y = TITLE_BASELINE;
        List<String> lines = wrap(text, title, size, available);
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                y -= size * 1.4f;
            }
            drawCentred(surface, text, lines.get(i), size, y);
        }
        return y;
    }

    private static void drawFields(Surface surface, DocumentFonts text, List<CertificateFace.Field> fields, float top)
            throws IOException {
        float valueLeft = CONTENT_LEFT + LABEL_WIDTH;
        float valueWidth = CONTENT_RIGHT - valueLeft - 2 * CELL_PADDING;
        float y = top;
        List<Float> rules = new ArrayList<>();
        rules.add(y);
        for (CertificateFace.Field field : fields) {
            List<String> lines = new ArrayList<>();
            for (String line : field.value().split("\n", -1)) {
                lines.addAll(wrap(text, line, FIELD_SIZE, valueWidth));
            }
            float rowHeight = Math.max(1, lines.size()) * LINE_HEIGHT + 2 * CELL_PADDING;
            float firstBaseline = y - CELL_PADDING - FIELD_SIZE;
            surface.text(text.runs(field.label()), FIELD_SIZE, CONTENT_LEFT + CELL_PADDING, firstBaseline, TEXT_COLOUR);
            for (int i = 0; i < lines.size(); i++) {
                surface.text(
                        text.runs(lines.get(i)),
                        FIELD_SIZE,
                        valueLeft + CELL_PADDING,
                        firstBaseline - i * LINE_HEIGHT,
                        TEXT_COLOUR);
            }
            y -= rowHeight;
            rules.add(y);
        }
        if (y < TABLE_LOWEST) {
            // overlapping the seal would make the certificate unreadable; a second page is not a certificate
            throw new IllegalArgumentException("The fields do not fit on one certificate page");
        }
        List<float[]> lines = new ArrayList<>(rules.size() + 3);
        for (float rule : rules) {
            lines.add(new float[] {CONTENT_LEFT, rule, CONTENT_RIGHT, rule});
        }
        lines.add(new float[] {CONTENT_LEFT, top, CONTENT_LEFT, y});
        lines.add(new float[] {valueLeft, top, valueLeft, y});
        lines.add(new float[] {CONTENT_RIGHT, top, CONTENT_RIGHT, y});
        surface.strokeLines(lines, 0.5f, RULE_COLOUR);
    }

    private static void drawQrCode(Surface surface, DocumentFonts text, String url) throws IOException {
        surface.fillRectangles(QrCode.encode(url).rectangles(QR_X, QR_Y, QR_SIDE), QR_COLOUR);
        drawCentredAt(surface, text, QR_CAPTION, 9, QR_X + QR_SIDE / 2, QR_Y - 14);
    }

    private static float drawCentred(Surface surface, DocumentFonts text, String line, float size, float y)
            throws IOException {
        drawCentredAt(surface, text, line, size, PAGE.getWidth() / 2, y);
        return y;
    }

    private static void drawCentredAt(
            Surface surface, DocumentFonts text, String line, float size, float centreX, float y) throws IOException {
        surface.text(text.runs(line), size, centreX - text.width(line, size) / 2, y, TEXT_COLOUR);
    }

    /**
     * Greedy line breaking by code point: CJK text has no spaces to break at, and the values on a certificate are
     * short enough that breaking Latin words mid-word is an acceptable rarity.
     */
    private static List<String> wrap(DocumentFonts text, String value, float size, float width) {
        if (text.width(value, size) <= width) {
            return List.of(value);
        }
        List<String> lines = new ArrayList<>(2);
        int start = 0;
        int end = 0;
        while (end < value.length()) {
            int next = end + Character.charCount(value.codePointAt(end));
            if (end > start && text.width(value.substring(start, next), size) > width) {
                lines.add(value.substring(start, end));
                start = end;
            }
            end = next;
        }
        if (start < value.length() || lines.isEmpty()) {
            lines.add(value.substring(start));
        }
        return lines;
    }
}
