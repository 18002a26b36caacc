package org.certhub.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.certhub.testing.OfdPackages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ofdrw.core.basicStructure.ofd.docInfo.CT_DocInfo;
import org.ofdrw.reader.ContentExtractor;
import org.ofdrw.reader.OFDReader;

/**
 * The OFD face, read back with ofdrw's reader and by unpacking the package: the same text as the PDF, the GB/T 36903
 * metadata as custom data, fonts cut to the characters used, and a vector QR code that decodes to the URL.
 */
class OfdRenderingTests {

    private static CertificateRenderer renderer;

    @BeforeAll
    static void loadFonts() {
        renderer = new CertificateRenderer(FontSet.loadDefault());
    }

    @Test
    void printsTheFaceAsTextWithTheNationalMetadataAsCustomData() throws Exception {
        for (String name : List.of("张三", SampleFaces.EXTENSION_B_NAME, SampleFaces.UYGHUR_NAME)) {
            CertificateFace face = SampleFaces.face(5, name);
            try (OFDReader reader = new OFDReader(new ByteArrayInputStream(renderer.renderOfd(face)))) {
                assertThat(reader.getNumberOfPages()).isEqualTo(1);
                String text = String.join("", new ContentExtractor(reader).getPageContent(1));
                assertThat(text).contains(name, face.number(), face.issuerName(), face.issueDateText(), "企业名称", "扫码验证");
                CT_DocInfo info = reader.getOFDDir().getOfd().getDocBody().getDocInfo();
                assertThat(info.getTile()).isEqualTo(face.title());
                for (Map.Entry<String, String> element : face.metadata().entrySet()) {
                    assertThat(info.getCustomDatas().getCustomDataValue(element.getKey()))
                            .as(element.getKey())
                            .isEqualTo(element.getValue());
                }
            }
        }
    }

    @Test
    void embedsEachFontCutToTheCharactersItDraws() throws Exception {
        CertificateFace face = SampleFaces.face(6, SampleFaces.EXTENSION_B_NAME);
        Map<String, byte[]> entries = OfdPackages.unzip(renderer.renderOfd(face));
        List<byte[]> fonts = entries.entrySet().stream()
                .filter(e -> e.getKey().endsWith(".ttf"))
                .map(Map.Entry::getValue)
                .toList();
        // the main font and HanaMinB for 𠮷
        assertThat(fonts).hasSize(2);
        boolean extensionB = false;
        for (byte[] file : fonts) {
            // the shipped HanaMinB is 30 MB: a cut has the document's characters only
            assertThat(file.length).isLessThan(200_000);
            TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(file));
            assertThat(font.getName()).matches("[A-Z]{6}\\+.+");
            extensionB |= font.getUnicodeCmapLookup().getGlyphId(0x20BB7) > 0;
        }
        assertThat(extensionB).as("a font of the package draws U+20BB7").isTrue();
    }

    @Test
    void theQrCodeIsAVectorPathThatDecodesToTheVerificationUrl() throws Exception {
        CertificateFace face = SampleFaces.face(7, "李四");
        String content =
                new String(OfdPackages.unzip(renderer.renderOfd(face)).get("Doc_0/Pages/Page_0/Content.xml"), "UTF-8");
        // the filled path: the QR code's modules, as rectangles in millimetres
        var filled = java.util.regex.Pattern.compile(
                        "<ofd:PathObject[^>]*Fill=\"true\"[^>]*>.*?"
                                + "<ofd:AbbreviatedData>([^<]*)</ofd:AbbreviatedData>",
                        java.util.regex.Pattern.DOTALL)
                .matcher(content);
        assertThat(filled.find()).as(content).isTrue();
        assertThat(decode(filled.group(1))).isEqualTo(face.qrUrl());
        assertThat(content).doesNotContain("ImageObject");
    }

    /** Draws the rectangles of a path (M x y L ... C per rectangle) at 8 pixels a millimetre and reads the code. */
    private static String decode(String path) throws Exception {
        String[] tokens = path.trim().split("\\s+");
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].equals("M") || tokens[i].equals("L")) {
                points.add(new double[] {Double.parseDouble(tokens[i + 1]), Double.parseDouble(tokens[i + 2])});
            }
        }
        double minX = points.stream().mapToDouble(p -> p[0]).min().orElseThrow();
        double minY = points.stream().mapToDouble(p -> p[1]).min().orElseThrow();
        double maxX = points.stream().mapToDouble(p -> p[0]).max().orElseThrow();
        double maxY = points.stream().mapToDouble(p -> p[1]).max().orElseThrow();
        int scale = 8;
        int quiet = 40;
        int width = (int) Math.ceil((maxX - minX) * scale) + 2 * quiet;
        int height = (int) Math.ceil((maxY - minY) * scale) + 2 * quiet;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(java.awt.Color.BLACK);
        for (int i = 0; i + 3 < points.size(); i += 4) {
            double[] a = points.get(i);
            double[] c = points.get(i + 2);
            int x0 = (int) Math.round((Math.min(a[0], c[0]) - minX) * scale) + quiet;
            int y0 = (int) Math.round((Math.min(a[1], c[1]) - minY) * scale) + quiet;
            int x1 = (int) Math.round((Math.max(a[0], c[0]) - minX) * scale) + quiet;
            int y1 = (int) Math.round((Math.max(a[1], c[1]) - minY) * scale) + quiet;
            g.fillRect(x0, y0, x1 - x0, y1 - y0);
        }
        g.dispose();
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
        return new QRCodeReader()
                .decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.FALSE, DecodeHintType.TRY_HARDER, true))
                .getText();
    }
}
