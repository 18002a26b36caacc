package org.certhub.rendering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateRendererTests {

    private static CertificateRenderer renderer;

    @BeforeAll
    static void loadFonts() {
        renderer = new CertificateRenderer(FontSet.loadDefault());
    }

    @Test
    void printsCharactersOutsideTheMainFontWithEmbeddedSubsets() throws IOException {
        CertificateFace face = SampleFaces.face(1, SampleFaces.EXTENSION_B_NAME);
        CertificateFace uyghur = SampleFaces.face(2, SampleFaces.UYGHUR_NAME);

        for (CertificateFace f : new CertificateFace[] {face, uyghur}) {
            try (PDDocument document = Loader.loadPDF(renderer.render(f))) {
                assertThat(document.getNumberOfPages()).isEqualTo(1);
                String text = new PDFTextStripper().getText(document);
                assertThat(text).contains(f.fields().get(0).value(), f.number(), f.issuerName(), "企业名称");

                PDResources resources = document.getPage(0).getResources();
                int fonts = 0;
                for (COSName name : resources.getFontNames()) {
                    PDFont font = resources.getFont(name);
                    fonts++;
                    assertThat(font.isEmbedded())
                            .as("%s embedded", font.getName())
                            .isTrue();
                    assertThat(font.getName()).as("subset prefix").matches("[A-Z]{6}\\+.+");
                }
                assertThat(fonts).isPositive();
                assertThat(document.getDocumentInformation().getCustomMetadataValue("ZZBH"))
                        .isEqualTo(f.number());
            }
        }
    }

    /**
     * One name from each ideograph block of GB 18030-2022, and the late additions that only the last fallback font
     * has: each prints, and its characters come back out of the PDF's text.
     */
    @ParameterizedTest(name = "{0}: U+{1}")
    @CsvSource({
        "CJK Unified Ideographs, 5efa",
        "Extension A, 36c3",
        "Extension B, 20bb7",
        "Extension C, 2a736",
        "Extension D, 2b746",
        "Extension E, 2b823",
        "Extension F, 2ceb0",
        "Compatibility Ideographs, f900",
        "Compatibility Ideographs Supplement, 2f800",
        "URO added in Unicode 14, 9fff",
        "Extension A added in Unicode 13, 4dbf",
        "Extension B added in Unicode 14, 2a6df",
        "Extension C added in Unicode 15, 2b739",
        "middle dot of minority names, b7"
    })
    void aNameFromEachBlockPrintsAndComesBackAsText(String block, String codePoint) throws IOException {
        String name = "王" + Character.toString(Integer.parseInt(codePoint, 16)) + "明";
        CertificateFace face = SampleFaces.face(10, name);
        try (PDDocument document = Loader.loadPDF(renderer.render(face))) {
            assertThat(new PDFTextStripper().getText(document)).as(block).contains(name, face.number());
        }
    }

    /** WenQuanYi maps ǎ, ǚ and ℃ to empty glyphs; they come from HanaMinA instead of printing as blanks. */
    @Test
    void pinyinWithToneMarksIsDrawnByAFontThatHasItsGlyphs() throws IOException {
        CertificateFace face = SampleFaces.face(11, "Lǚ Xiǎomíng");
        try (PDDocument document = Loader.loadPDF(renderer.render(face))) {
            assertThat(new PDFTextStripper().getText(document)).contains("Lǚ Xiǎomíng");
            PDResources resources = document.getPage(0).getResources();
            List<String> names = new ArrayList<>();
            for (COSName name : resources.getFontNames()) {
                names.add(resources.getFont(name).getName());
            }
            assertThat(names).anyMatch(n -> n.endsWith("+HanaMinA"));
        }
    }

    @Test
    void refusesACharacterNoShippedFontDrawsAndAPrivateUseOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> renderer.render(SampleFaces.face(12, "王\uD880\uDC00明")))
                .withMessageContaining("U+30000");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> renderer.render(SampleFaces.face(12, "王\uE000明")))
                .withMessageContaining("U+E000");
    }

    @Test
    void needsOnlyTheCutMainFontForGb2312AndTheMiddleDot() throws IOException {
        try (PDDocument document = Loader.loadPDF(renderer.render(SampleFaces.face(4, SampleFaces.UYGHUR_NAME)))) {
            assertThat(document.getPage(0).getResources().getFontNames()).hasSize(1);
        }
    }

    /**
     * An archive's check: veraPDF finds the file PDF/A-2b, and its XMP carries the GB/T 36903 metadata, equal to the
     * document information's, for names and values that XML must escape or that lie beyond the BMP.
     */
    @Test
    void isPdfA2bWithTheNationalMetadataInXmpAndTheDocumentInformation() throws Exception {
        CertificateFace sample = SampleFaces.face(3, SampleFaces.EXTENSION_B_NAME);
        Map<String, String> metadata = new java.util.LinkedHashMap<>(sample.metadata());
        metadata.put("CZZT", SampleFaces.EXTENSION_B_NAME);
        metadata.put("ZZBFJG", "某某 & <建设> \"厅\"");
        CertificateFace face = new CertificateFace(
                "证书 <A&B>",
                sample.number(),
                sample.fields(),
                sample.qrUrl(),
                sample.issuerName(),
                sample.issueDateText(),
                metadata);
        byte[] pdf = renderer.render(face);

        assertThat(org.certhub.testing.VeraPdf.failedRules(pdf)).isEmpty();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            var xmp = javax.xml.parsers.DocumentBuilderFactory.newDefaultNSInstance()
                    .newDocumentBuilder()
                    .parse(document.getDocumentCatalog().getMetadata().exportXMPMetadata());
            assertThat(xmp.getElementsByTagNameNS("http://www.aiim.org/pdfa/ns/id/", "part")
                            .item(0)
                            .getTextContent())
                    .isEqualTo("2");
            assertThat(xmp.getElementsByTagNameNS("http://www.aiim.org/pdfa/ns/id/", "conformance")
                            .item(0)
                            .getTextContent())
                    .isEqualTo("B");
            assertThat(xmp.getElementsByTagNameNS("http://purl.org/dc/elements/1.1/", "title")
                            .item(0)
                            .getTextContent())
                    .isEqualTo("证书 <A&B>")
                    .isEqualTo(document.getDocumentInformation().getTitle());
            for (Map.Entry<String, String> element : metadata.entrySet()) {
                var found = xmp.getElementsByTagNameNS("http://certhub.org/ns/gbt36903/1.0/", element.getKey());
                assertThat(found.getLength()).as(element.getKey()).isEqualTo(1);
                assertThat(found.item(0).getTextContent())
                        .as(element.getKey())
                        .isEqualTo(element.getValue())
                        .isEqualTo(document.getDocumentInformation().getCustomMetadataValue(element.getKey()));
            }
        }
    }

    @Test
    void qrCodeScansToTheVerificationUrl() throws Exception {
        CertificateFace face = SampleFaces.face(6, "张三");
        BufferedImage page;
        try (PDDocument document = Loader.loadPDF(renderer.render(face))) {
            page = new PDFRenderer(document).renderImageWithDPI(0, 150, ImageType.RGB);
        }
        int[] pixels = page.getRGB(0, 0, page.getWidth(), page.getHeight(), null, 0, page.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(
                new HybridBinarizer(new RGBLuminanceSource(page.getWidth(), page.getHeight(), pixels)));
        Result result = new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
        assertThat(result.getText()).isEqualTo(face.qrUrl());
    }

    @Test
    void refusesFieldsThatWouldRunIntoTheSeal() {
        CertificateFace face = SampleFaces.face(5, "张三");
        List<CertificateFace.Field> many = new ArrayList<>(face.fields());
        many.addAll(face.fields());
        many.addAll(face.fields());
        CertificateFace crowded = new CertificateFace(
                face.title(),
                face.number(),
                many,
                face.qrUrl(),
                face.issuerName(),
                face.issueDateText(),
                face.metadata());
        assertThatIllegalArgumentException().isThrownBy(() -> renderer.render(crowded));
    }

    @Test
    void fallsBackToHanaMinForExtensionB() throws IOException {
        try (PDDocument document = Loader.loadPDF(renderer.render(SampleFaces.face(3, SampleFaces.EXTENSION_B_NAME)))) {
            PDResources resources = document.getPage(0).getResources();
            StringBuilder names = new StringBuilder();
            for (COSName name : resources.getFontNames()) {
                names.append(resources.getFont(name).getName()).append(' ');
            }
            assertThat(names.toString()).contains("WenQuanYi", "HanaMin");
        }
    }

    @Test
    void aValueWithLineBreaksPrintsOneLinePerItem() throws IOException {
        CertificateFace face = SampleFaces.face(7, "张伟");
        List<CertificateFace.Field> fields = new ArrayList<>(face.fields());
        fields.add(new CertificateFace.Field("注册专业", "建筑工程（有效期至 2029年11月19日）\n市政公用工程（有效期至 2028年6月30日）"));
        CertificateFace withGroup = new CertificateFace(
                face.title(),
                face.number(),
                fields,
                face.qrUrl(),
                face.issuerName(),
                face.issueDateText(),
                face.metadata());
        try (PDDocument document = Loader.loadPDF(renderer.render(withGroup))) {
            List<String> lines = new PDFTextStripper()
                    .getText(document)
                    .lines()
                    .map(String::strip)
                    .toList();
            assertThat(lines).containsSubsequence("注册专业 建筑工程（有效期至 2029年11月19日）", "市政公用工程（有效期至 2028年6月30日）");
        }
    }

    /**
     * The main font is cut per document to its characters; 堃 and 喆 (common in given names) are outside GB2312, so
     * they come from the full main font, also embedded as a subset, and both read back as text.
     */
    @Test
    void charactersOutsideGb2312ComeFromTheFullMainFontAndExtractAsText() throws IOException {
        CertificateFace face = SampleFaces.face(8, "王堃喆");
        try (PDDocument document = Loader.loadPDF(renderer.render(face))) {
            assertThat(new PDFTextStripper().getText(document)).contains("王堃喆", face.number(), face.issuerName());
            PDResources resources = document.getPage(0).getResources();
            List<String> names = new ArrayList<>();
            for (COSName name : resources.getFontNames()) {
                PDFont font = resources.getFont(name);
                assertThat(font.isEmbedded()).as("%s embedded", font.getName()).isTrue();
                names.add(font.getName());
            }
            assertThat(names).hasSize(2).allMatch(n -> n.matches("[A-Z]{6}\\+WenQuanYi.*"), "WenQuanYi subsets");
        }
    }

    /** Each document carries only its own characters: the embedded main font is small, whatever the font it came from. */
    @Test
    void embedsOnlyTheCharactersTheDocumentUses() throws IOException {
        byte[] pdf = renderer.render(SampleFaces.face(9, "张三"));
        assertThat(pdf.length).as("bytes of a one-page certificate").isLessThan(60_000);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDResources resources = document.getPage(0).getResources();
            COSName name = resources.getFontNames().iterator().next();
            var descendant = ((org.apache.pdfbox.pdmodel.font.PDType0Font) resources.getFont(name)).getDescendantFont();
            int glyphs = ((org.apache.pdfbox.pdmodel.font.PDCIDFontType2) descendant)
                    .getTrueTypeFont()
                    .getNumberOfGlyphs();
            assertThat(glyphs).isBetween(20, 300);
        }
    }
}
