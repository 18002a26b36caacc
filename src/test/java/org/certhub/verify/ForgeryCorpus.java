package org.certhub.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.color.PDColor;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationSquare;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDTextField;
import org.certhub.catalog.SignatureLevel;
import org.certhub.demopki.DemoCertificateAuthority;
import org.certhub.demopki.DemoPki;
import org.certhub.demopki.DemoTimestampAuthority;
import org.certhub.licence.LicenceStatus;
import org.certhub.licence.LicenceVersionView;
import org.certhub.licence.Operation;
import org.certhub.licence.VersionState;
import org.certhub.rendering.CertificateRenderer;
import org.certhub.rendering.FontSet;
import org.certhub.rendering.SampleFaces;
import org.certhub.sealing.PadesSealer;
import org.certhub.sealing.SignatureToken;
import org.certhub.sealing.keys.KeyStoreSignatureToken;
import org.certhub.sealing.ltv.LongTermValidation;
import org.certhub.testing.TestPki;

/**
 * Genuine and forged certificate files for the upload check: the demo PKI seals certificates at every level (held in
 * a library of its own), and each forgery is made as a forger would, with PDFBox on the sealed bytes: flipped bytes,
 * a cut, incremental updates that add a page, an annotation or a form field, the three shadow attacks on files
 * prepared before sealing, a file sealed with another key, one of another issuer, one sealed by the hub's key but
 * never issued, and files with no seal. Each file has the verdict the check must give.
 */
final class ForgeryCorpus {

    /** One file of the corpus. */
    record Sample(String name, byte[] file, FileVerdict expected, String finding) {}

    private static final Instant SIGNING_TIME = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    final DemoPki pki;
    final Path crl;
    final X509Certificate sealCertificate;
    final Map<String, UploadCheck.Held> library = new LinkedHashMap<>();
    final List<Sample> samples;

    private final PadesSealer sealer;
    private final LongTermValidation ltv;
    private final SignatureToken token;
    private final CertificateRenderer renderer;

    ForgeryCorpus(Path dir) throws Exception {
        pki = DemoPki.ensure(dir.resolve("pki"), SampleFaces.AUTHORITY);
        DemoCertificateAuthority ca = new DemoCertificateAuthority(pki, Clock.systemUTC());
        ltv = new LongTermValidation(
                new DemoTimestampAuthority(pki, Clock.systemUTC()), ca.revocationSource((certificate, issuer) -> {
                    throw new AssertionError("only demo certificates here");
                }));
        sealer = new PadesSealer(
                Files.readAllBytes(pki.sealImage()), CertificateRenderer.sealArea(), "电子证照签章", "南京", ltv);
        token = KeyStoreSignatureToken.open(pki.keystore(), pki.password(), pki.alias());
        sealCertificate = token.certificateChain().get(0);
        renderer = new CertificateRenderer(FontSet.loadDefault());
        crl = Files.write(dir.resolve("root.crl"), ca.crl());

        var list = new java.util.ArrayList<Sample>();
        int serial = 100;
        for (SignatureLevel level : SignatureLevel.values()) {
            byte[] sealed = issue(++serial, level);
            list.add(new Sample("genuine " + level.label(), sealed, FileVerdict.GENUINE, "library-same-file"));
        }
        byte[] blta = issue(++serial, SignatureLevel.B_LTA);
        list.add(new Sample(
                "genuine B-LTA, re-timestamped since",
                ltv.extend(blta).pdf(),
                FileVerdict.GENUINE,
                "library-later-revision"));
        byte[] older = seal(unsigned(++serial), SignatureLevel.B_LTA);
        hold(serial, ltv.extend(older).pdf());
        list.add(new Sample(
                "genuine B-LTA, a copy from before the library's re-timestamp",
                older,
                FileVerdict.GENUINE,
                "library-earlier-revision"));

        byte[] blt = issue(++serial, SignatureLevel.B_LT);
        list.add(new Sample(
                "a byte changed in the sealed part", flip(blt), FileVerdict.MODIFIED, "seal-signature-invalid"));
        byte[] bb = issue(++serial, SignatureLevel.B_B);
        list.add(new Sample(
                "cut short", java.util.Arrays.copyOf(bb, bb.length - 200), FileVerdict.MODIFIED, "truncated"));
        list.add(new Sample("a page added after sealing", addPage(bb), FileVerdict.MODIFIED, "pages-added"));
        list.add(new Sample(
                "an annotation added after sealing", addAnnotation(bb), FileVerdict.MODIFIED, "annotation-added"));
        list.add(new Sample("a form field added after sealing", addField(bb), FileVerdict.MODIFIED, "form-changed"));
        list.add(new Sample(
                "shadow attack: hide (the overlay removed after sealing)",
                shadowHide(++serial),
                FileVerdict.MODIFIED,
                "shadow-hide"));
        list.add(new Sample(
                "shadow attack: replace (a field's value replaced after sealing)",
                shadowReplace(++serial),
                FileVerdict.MODIFIED,
                "shadow-replace"));
        list.add(new Sample(
                "shadow attack: hide-and-replace (the page re-pointed at hidden content)",
                shadowHideAndReplace(++serial),
                FileVerdict.MODIFIED,
                "shadow-hide-and-replace"));

        list.add(new Sample(
                "a visible widget claiming to be a document timestamp, drawn over the page",
                fakeTimestampWidget(bb),
                FileVerdict.MODIFIED,
                "annotation-added"));
        list.add(new Sample(
                "the page tree's rotation and crop box changed after sealing",
                rotatedPageTree(bb),
                FileVerdict.MODIFIED,
                "page-content-changed"));
        list.add(new Sample(
                "the form told to rebuild its appearances after sealing",
                needAppearances(bb),
                FileVerdict.MODIFIED,
                "form-changed"));

        TestPki other = new TestPki(dir.resolve("other-pki"));
        TestPki.Seal forged = other.issue("江苏省住房和城乡建设厅", "EC", Duration.ofDays(365));
        char[] password = "forger".toCharArray();
        SignatureToken forger =
                KeyStoreSignatureToken.open(forged.writePkcs12(dir.resolve("forger.p12"), password), password, "seal");
        int resealed = serial - 8; // the byte-flipped one's face: an identifier the library holds
        list.add(new Sample(
                "an issued certificate re-sealed with another key",
                sealer.seal(unsigned(resealed), forger, SignatureLevel.B_B, SIGNING_TIME)
                        .pdf(),
                FileVerdict.UNKNOWN_SEAL,
                "unknown-seal"));
        DemoPki otherIssuer = DemoPki.ensure(dir.resolve("other-issuer"), "浙江省住房和城乡建设厅");
        list.add(new Sample(
                "a valid certificate of another issuer",
                new PadesSealer(
                                Files.readAllBytes(otherIssuer.sealImage()),
                                CertificateRenderer.sealArea(),
                                "电子证照签章",
                                "杭州")
                        .seal(
                                unsigned(++serial),
                                KeyStoreSignatureToken.open(
                                        otherIssuer.keystore(), otherIssuer.password(), otherIssuer.alias()),
                                SIGNING_TIME),
                FileVerdict.UNKNOWN_SEAL,
                "unknown-seal"));
        list.add(new Sample(
                "sealed with the hub's key but never issued",
                seal(unsigned(++serial), SignatureLevel.B_B),
                FileVerdict.NOT_IN_LIBRARY,
                "not-in-library"));
        list.add(new Sample("a PDF without a seal", unsigned(++serial), FileVerdict.NOT_SEALED, "no-seal"));
        list.add(new Sample(
                "not a PDF",
                "证书编号,姓名\n苏建安B(2026)0000001,张三\n".getBytes(StandardCharsets.UTF_8),
                FileVerdict.NOT_SEALED,
                "not-a-pdf"));
        samples = List.copyOf(list);
    }

    /** The library as a check port. */
    UploadCheck.Library libraryPort() {
        return identifier -> java.util.Optional.ofNullable(library.get(identifier));
    }

    /** The hub's seals: the demo seal only. */
    UploadCheck.Seals sealsPort() {
        return (signer, certificates, at) -> signer.equals(sealCertificate);
    }

    private byte[] issue(int serial, SignatureLevel level) {
        byte[] sealed = seal(unsigned(serial), level);
        hold(serial, sealed);
        return sealed;
    }

    private void hold(int serial, byte[] file) {
        String identifier = identifier(serial);
        library.put(identifier, new UploadCheck.Held(version(identifier), file));
    }

    private byte[] seal(byte[] unsigned, SignatureLevel level) {
        return sealer.seal(unsigned, token, level, SIGNING_TIME).pdf();
    }

    private byte[] unsigned(int serial) {
        return renderer.render(SampleFaces.face(serial, "张三"));
    }

    static String identifier(int serial) {
        return SampleFaces.face(serial, "张三").metadata().get(UploadCheck.IDENTIFIER_KEY);
    }

    /** A published, valid version of the safety-management type with this identifier. */
    static LicenceVersionView version(String identifier) {
        LocalDate on = LocalDate.of(2026, 11, 27);
        return new LicenceVersionView(
                1,
                1,
                "11100000000013338W009",
                identifier,
                1,
                "苏建安B(2026)0000001",
                LicenceStatus.VALID,
                VersionState.PUBLISHED,
                Map.of("holderName", "张三"),
                on,
                on,
                on,
                on.plusYears(3),
                "token",
                null,
                null,
                null,
                1,
                null,
                null,
                Operation.NEW,
                null,
                null);
    }

    /** One byte of the first revision changed: in the page's content, well before the seal's /Contents. */
    private static byte[] flip(byte[] sealed) {
        byte[] copy = sealed.clone();
        int at = sealed.length / 4;
        copy[at] = (byte) (copy[at] ^ 0x01);
        return copy;
    }

    private static byte[] addPage(byte[] sealed) throws IOException {
        return update(sealed, document -> {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            document.getPages().getCOSObject().setNeedToBeUpdated(true);
        });
    }

    private static byte[] addAnnotation(byte[] sealed) throws IOException {
        return update(sealed, document -> {
            PDPage page = document.getPage(0);
            PDAnnotationText note = new PDAnnotationText();
            note.setRectangle(new PDRectangle(100, 500, 20, 20));
            note.setContents("有效期延长至 2035 年");
            page.getAnnotations().add(note);
            markAnnotations(page);
        });
    }

    private static byte[] addField(byte[] sealed) throws IOException {
        return update(sealed, document -> {
            PDAcroForm form = document.getDocumentCatalog().getAcroForm();
            PDTextField field = new PDTextField(form);
            field.setPartialName("category");
            PDAnnotationWidget widget = field.getWidgets().get(0);
            widget.setRectangle(new PDRectangle(100, 400, 100, 20));
            widget.setPage(document.getPage(0));
            document.getPage(0).getAnnotations().add(widget);
            form.getFields().add(field);
            form.getCOSObject().setNeedToBeUpdated(true);
            markAnnotations(document.getPage(0));
        });
    }

    /**
     * A genuine certificate whose page an update points at a content stream that expands to a gigabyte (deflated twice:
     * a few kilobytes in the file).
     */
    byte[] compressionBomb() throws IOException {
        var once = new ByteArrayOutputStream();
        try (var deflate = new java.util.zip.DeflaterOutputStream(once, new java.util.zip.Deflater(9))) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1024; i++) {
                deflate.write(zeros);
            }
        }
        var twice = new ByteArrayOutputStream();
        try (var deflate = new java.util.zip.DeflaterOutputStream(twice, new java.util.zip.Deflater(9))) {
            deflate.write(once.toByteArray());
        }
        byte[] sealed = library.values().iterator().next().file();
        return update(sealed, document -> {
            COSStream bomb = document.getDocument().createCOSStream();
            try (OutputStream out = bomb.createRawOutputStream()) {
                out.write(twice.toByteArray());
            }
            COSArray filters = new COSArray();
            filters.add(COSName.FLATE_DECODE);
            filters.add(COSName.FLATE_DECODE);
            bomb.setItem(COSName.FILTER, filters);
            PDPage page = document.getPage(0);
            page.getCOSObject().setItem(COSName.CONTENTS, bomb);
            page.getCOSObject().setNeedToBeUpdated(true);
        });
    }

    /**
     * A widget on the whole page that says it is a signature field's, with a value of sub-filter ETSI.RFC3161 (and no
     * timestamp), whose appearance paints the page white and writes another text.
     */
    private static byte[] fakeTimestampWidget(byte[] sealed) throws IOException {
        return update(sealed, document -> {
            PDPage page = document.getPage(0);
            COSDictionary value = new COSDictionary();
            value.setItem(COSName.TYPE, COSName.getPDFName("DocTimeStamp"));
            value.setItem(COSName.SUB_FILTER, COSName.getPDFName("ETSI.RFC3161"));
            COSStream appearance = document.getDocument().createCOSStream();
            try (OutputStream out = appearance.createOutputStream()) {
                out.write("1 g 0 0 595 842 re f 0 g BT /Helvetica 40 Tf 100 400 Td (VALID 2099) Tj ET"
                        .getBytes(StandardCharsets.US_ASCII));
            }
            appearance.setItem(COSName.TYPE, COSName.XOBJECT);
            appearance.setItem(COSName.SUBTYPE, COSName.FORM);
            COSArray box = new COSArray();
            for (float f : new float[] {0, 0, 595, 842}) {
                box.add(new org.apache.pdfbox.cos.COSFloat(f));
            }
            appearance.setItem(COSName.BBOX, box);
            COSDictionary normal = new COSDictionary();
            normal.setItem(COSName.N, appearance);
            COSDictionary widget = new COSDictionary();
            widget.setItem(COSName.TYPE, COSName.ANNOT);
            widget.setItem(COSName.SUBTYPE, COSName.WIDGET);
            widget.setItem(COSName.FT, COSName.SIG);
            widget.setItem(COSName.V, value);
            widget.setItem(COSName.RECT, box);
            widget.setItem(COSName.AP, normal);
            widget.setInt(COSName.F, 4);
            page.getAnnotations().add(new PDAnnotationWidget(widget));
            markAnnotations(page);
        });
    }

    /** The page tree's root turned upside down and cropped to half the page: inherited by the page. */
    private static byte[] rotatedPageTree(byte[] sealed) throws IOException {
        return update(sealed, document -> {
            COSDictionary tree = document.getPages().getCOSObject();
            tree.setInt(COSName.ROTATE, 180);
            COSArray crop = new COSArray();
            for (float f : new float[] {0, 400, 595, 842}) {
                crop.add(new org.apache.pdfbox.cos.COSFloat(f));
            }
            tree.setItem(COSName.CROP_BOX, crop);
            tree.setNeedToBeUpdated(true);
        });
    }

    /** A viewer that rebuilds the form's appearances shows what the fields' values say, not what was sealed. */
    private static byte[] needAppearances(byte[] sealed) throws IOException {
        return update(sealed, document -> {
            COSDictionary form = document.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.ACRO_FORM);
            form.setBoolean(COSName.NEED_APPEARANCES, true);
            form.setNeedToBeUpdated(true);
        });
    }

    /** Sealed with a white square over part of the face; the update takes the square away. */
    private byte[] shadowHide(int serial) throws IOException {
        byte[] prepared = prepare(unsigned(serial), document -> {
            PDAnnotationSquare overlay = new PDAnnotationSquare();
            overlay.setRectangle(new PDRectangle(60, 300, 300, 120));
            overlay.setColor(new PDColor(new float[] {1, 1, 1}, PDDeviceRGB.INSTANCE));
            overlay.setInteriorColor(new PDColor(new float[] {1, 1, 1}, PDDeviceRGB.INSTANCE));
            overlay.setPrinted(true);
            document.getPage(0).getAnnotations().add(overlay);
        });
        byte[] sealed = seal(prepared, SignatureLevel.B_B);
        hold(serial, sealed);
        return update(sealed, document -> {
            PDPage page = document.getPage(0);
            List<PDAnnotation> annotations = page.getAnnotations();
            annotations.removeIf(a -> a instanceof PDAnnotationSquare);
            page.setAnnotations(annotations);
            markAnnotations(page);
        });
    }

    /** Sealed with a form field showing one category; the update gives it another. */
    private byte[] shadowReplace(int serial) throws IOException {
        byte[] prepared = prepare(unsigned(serial), document -> {
            PDAcroForm form = new PDAcroForm(document);
            document.getDocumentCatalog().setAcroForm(form);
            form.setDefaultResources(new org.apache.pdfbox.pdmodel.PDResources());
            form.getDefaultResources()
                    .put(
                            COSName.getPDFName("Helv"),
                            new org.apache.pdfbox.pdmodel.font.PDType1Font(
                                    org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA));
            form.setDefaultAppearance("/Helv 12 Tf 0 g");
            PDTextField field = new PDTextField(form);
            field.setPartialName("category");
            PDAnnotationWidget widget = field.getWidgets().get(0);
            widget.setRectangle(new PDRectangle(300, 200, 80, 20));
            widget.setPage(document.getPage(0));
            widget.setPrinted(true);
            document.getPage(0).getAnnotations().add(widget);
            form.getFields().add(field);
            field.setValue("C");
        });
        byte[] sealed = seal(prepared, SignatureLevel.B_B);
        hold(serial, sealed);
        return update(sealed, document -> {
            PDTextField field =
                    (PDTextField) document.getDocumentCatalog().getAcroForm().getField("category");
            field.setValue("A");
            field.getCOSObject().setNeedToBeUpdated(true);
            field.getWidgets().get(0).getCOSObject().setNeedToBeUpdated(true);
            field.getWidgets().get(0).getAppearance().getCOSObject().setNeedToBeUpdated(true);
        });
    }

    /**
     * Sealed with a second content stream kept out of sight (reachable from the catalogue only); the update points
     * the page at it, and changes nothing else.
     */
    private byte[] shadowHideAndReplace(int serial) throws IOException {
        byte[] prepared = prepare(unsigned(serial), document -> {
            COSStream hidden = document.getDocument().createCOSStream();
            try (OutputStream out = hidden.createOutputStream()) {
                out.write("BT /F1 48 Tf 100 400 Td (VOID) Tj ET".getBytes(StandardCharsets.US_ASCII));
            }
            document.getDocumentCatalog().getCOSObject().setItem(COSName.getPDFName("Hidden"), hidden);
        });
        byte[] sealed = seal(prepared, SignatureLevel.B_B);
        hold(serial, sealed);
        return update(sealed, document -> {
            COSBase hidden = document.getDocumentCatalog().getCOSObject().getItem(COSName.getPDFName("Hidden"));
            PDPage page = document.getPage(0);
            page.getCOSObject().setItem(COSName.CONTENTS, hidden);
            page.getCOSObject().setNeedToBeUpdated(true);
        });
    }

    interface Change {
        void apply(PDDocument document) throws IOException;
    }

    /** A file prepared before sealing: the change, saved whole. */
    private static byte[] prepare(byte[] pdf, Change change) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            change.apply(document);
            var out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    /** A change appended as an incremental update, as a forger would make it. */
    static byte[] update(byte[] sealed, Change change) throws IOException {
        try (PDDocument document = Loader.loadPDF(sealed)) {
            change.apply(document);
            document.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
            var out = new ByteArrayOutputStream();
            document.saveIncremental(out);
            byte[] update = out.toByteArray();
            return update.length > sealed.length ? update : concat(sealed, update);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static void markAnnotations(PDPage page) {
        page.getCOSObject().setNeedToBeUpdated(true);
        COSBase annotations = page.getCOSObject().getItem(COSName.ANNOTS);
        if (annotations instanceof COSArray array) {
            array.setNeedToBeUpdated(true);
        }
        if (annotations instanceof org.apache.pdfbox.cos.COSObject reference
                && reference.getObject() instanceof COSDictionary dictionary) {
            dictionary.setNeedToBeUpdated(true);
        }
    }
}
