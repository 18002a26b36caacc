package org.certhub.sealing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.certhub.catalog.SignatureLevel;
import org.certhub.demopki.DemoCertificateAuthority;
import org.certhub.demopki.DemoPki;
import org.certhub.demopki.DemoTimestampAuthority;
import org.certhub.rendering.CertificateRenderer;
import org.certhub.rendering.FontSet;
import org.certhub.rendering.SampleFaces;
import org.certhub.sealing.keys.KeyStoreSignatureToken;
import org.certhub.sealing.ltv.LongTermValidation;
import org.certhub.testing.SignatureValidators;
import org.certhub.testing.VeraPdf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seals one certificate at each PAdES baseline level with the demo PKI, its CRL and its TSA, and has EU DSS (the demo
 * root trusted) and poppler's pdfsig check each. B-B and B-T carry no revocation data, so DSS is given the CRL as a
 * validator would fetch it from the certificates' distribution point; B-LT and B-LTA must pass with what they carry.
 * veraPDF checks that every level, and a B-LTA timestamped again for the archive, is still PDF/A-2b.
 */
class PadesLevelsTests {

    private static final Instant SIGNING_TIME = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    static Path dir;

    private static DemoPki pki;
    private static Path crl;
    private static final Map<SignatureLevel, Path> SEALED = new EnumMap<>(SignatureLevel.class);
    private static Instant archiveExpiry;
    private static LongTermValidation ltv;

    @BeforeAll
    static void sealAtEveryLevel() throws Exception {
        pki = DemoPki.ensure(dir.resolve("pki"), SampleFaces.AUTHORITY);
        DemoCertificateAuthority ca = new DemoCertificateAuthority(pki, Clock.systemUTC());
        ltv = new LongTermValidation(
                new DemoTimestampAuthority(pki, Clock.systemUTC()), ca.revocationSource((certificate, issuer) -> {
                    throw new AssertionError("only demo certificates here");
                }));
        PadesSealer sealer = new PadesSealer(
                Files.readAllBytes(pki.sealImage()), CertificateRenderer.sealArea(), "电子证照签章", "南京", ltv);
        SignatureToken token = KeyStoreSignatureToken.open(pki.keystore(), pki.password(), pki.alias());
        byte[] unsigned = new CertificateRenderer(FontSet.loadDefault()).render(SampleFaces.face(8, "张三"));
        for (SignatureLevel level : SignatureLevel.values()) {
            PadesSealer.Sealed sealed = sealer.seal(unsigned, token, level, SIGNING_TIME);
            assertThat(sealed.level()).isEqualTo(level);
            SEALED.put(level, Files.write(dir.resolve(level.label() + ".pdf"), sealed.pdf()));
            if (level == SignatureLevel.B_LTA) {
                archiveExpiry = sealed.archiveTimestampExpiry();
            }
        }
        crl = Files.write(dir.resolve("root.crl"), ca.crl());
    }

    @ParameterizedTest
    @EnumSource(SignatureLevel.class)
    void dssPassesEachLevelAtThatLevel(SignatureLevel level) throws Exception {
        Path[] fetched = level.includes(SignatureLevel.B_LT) ? new Path[0] : new Path[] {crl};
        String report = SignatureValidators.dss(SEALED.get(level), pki.rootCertificate(), fetched);
        assertThat(report)
                .contains(
                        "signatures=1",
                        "indication=TOTAL_PASSED",
                        "format=PAdES-BASELINE-" + level.label().substring(2) + "\n");
        long signatureTimestamps = report.lines()
                .filter(l -> l.startsWith("timestamp=SIGNATURE_TIMESTAMP"))
                .count();
        long documentTimestamps = report.lines()
                .filter(l -> l.startsWith("timestamp=") && !l.startsWith("timestamp=SIGNATURE_TIMESTAMP"))
                .count();
        assertThat(signatureTimestamps).isEqualTo(level.includes(SignatureLevel.B_T) ? 1 : 0);
        assertThat(documentTimestamps).isEqualTo(level == SignatureLevel.B_LTA ? 1 : 0);
        assertThat(report.lines().filter(l -> l.startsWith("timestamp="))).allMatch(l -> l.endsWith("PASSED"));
    }

    @Test
    void bltWithoutItsValidationDataIsNotLongTerm() throws Exception {
        // the same validator, without the CRL: B-T cannot be validated for want of revocation data, which is why B-LT
        // carries it
        String report = SignatureValidators.dss(SEALED.get(SignatureLevel.B_T), pki.rootCertificate());
        assertThat(report).doesNotContain("indication=TOTAL_PASSED");
    }

    @ParameterizedTest
    @EnumSource(SignatureLevel.class)
    void pdfsigAcceptsTheSealAtEachLevel(SignatureLevel level) throws Exception {
        String report = SignatureValidators.pdfsig(SEALED.get(level));
        assertThat(report).contains("Signature #1", "Signature is Valid.", "ETSI.CAdES.detached");
        if (level == SignatureLevel.B_LTA) {
            // pdfsig cannot check document timestamps ("Unable to validate this type of signature"); DSS does above
            assertThat(report).contains("Signature #2", "certhub Demo Time-Stamping Unit", "Total document signed");
        } else {
            assertThat(report).doesNotContain("Signature #2");
        }
        if (!level.includes(SignatureLevel.B_LT)) {
            // from B-LT on, the DSS (and the document timestamp) follow the seal as incremental updates
            assertThat(report).contains("Total document signed");
        }
    }

    @ParameterizedTest
    @EnumSource(SignatureLevel.class)
    void theSealsWidgetSitsOnTheSealImageAtEachLevel(SignatureLevel level) throws Exception {
        try (PDDocument document = Loader.loadPDF(SEALED.get(level).toFile())) {
            PDAnnotationWidget widget =
                    document.getSignatureFields().get(0).getWidgets().get(0);
            PDRectangle expected = CertificateRenderer.sealArea();
            PDRectangle actual = widget.getRectangle();
            assertThat(List.of(
                            actual.getLowerLeftX(),
                            actual.getLowerLeftY(),
                            actual.getUpperRightX(),
                            actual.getUpperRightY()))
                    .isEqualTo(List.of(
                            expected.getLowerLeftX(),
                            expected.getLowerLeftY(),
                            expected.getUpperRightX(),
                            expected.getUpperRightY()));
            assertThat(document.getPage(0).getAnnotations()).contains(widget);

            PDSignature seal = document.getSignatureDictionaries().get(0);
            int[] range = seal.getByteRange();
            int reserved = level == SignatureLevel.B_B ? 4096 : 4096 + LongTermValidation.TIMESTAMP_SIZE;
            assertThat(range[2] - range[1]).as("reserved hex contents").isEqualTo(2 * reserved + 2);

            COSDictionary dss =
                    document.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.getPDFName("DSS"));
            if (level.includes(SignatureLevel.B_LT)) {
                COSArray certs = dss.getCOSArray(COSName.getPDFName("Certs"));
                // seal certificate, TSA certificate, root
                assertThat(certs.size()).isEqualTo(3);
                assertThat(dss.getCOSArray(COSName.getPDFName("CRLs")).size()).isEqualTo(1);
            } else {
                assertThat(dss).isNull();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SignatureLevel.class)
    void eachLevelIsPdfA2bInVeraPdf(SignatureLevel level) throws Exception {
        assertThat(VeraPdf.failedRules(Files.readAllBytes(SEALED.get(level)))).isEmpty();
    }

    @Test
    void anArchiveTimestampedAgainStaysPdfA2bAndPassesDss() throws Exception {
        byte[] again =
                ltv.extend(Files.readAllBytes(SEALED.get(SignatureLevel.B_LTA))).pdf();
        Path file = Files.write(dir.resolve("re-timestamped.pdf"), again);
        assertThat(VeraPdf.failedRules(again)).isEmpty();
        String report = SignatureValidators.dss(file, pki.rootCertificate());
        assertThat(report).contains("indication=TOTAL_PASSED", "format=PAdES-BASELINE-LTA\n");
        assertThat(report.lines().filter(l -> l.startsWith("timestamp=DOCUMENT_TIMESTAMP")))
                .hasSize(2)
                .allMatch(l -> l.endsWith("PASSED"));
    }

    @Test
    void bltaReportsWhenItsTimestampCertificateExpires() {
        assertThat(archiveExpiry).isEqualTo(pki.tsaChain().get(0).getNotAfter().toInstant());
    }
}
