package org.certhub.sealing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.certhub.demopki.DemoPki;
import org.certhub.rendering.CertificateRenderer;
import org.certhub.rendering.FontSet;
import org.certhub.rendering.SampleFaces;
import org.certhub.sealing.keys.KeyStoreSignatureToken;
import org.certhub.testing.SignatureValidators;
import org.certhub.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seals a certificate with the demo key and has independent validators check it: poppler's pdfsig and EU DSS. Both
 * must also reject a copy with one signed byte flipped, so a validator that accepts everything cannot pass.
 *
 * <p>Missing validators skip their check, unless {@code CERTHUB_SERVICES=required}.
 */
class PadesSealerTests {

    // the demo certificate is made when the test runs, so the signing time must be "now" too
    private static final Instant SIGNING_TIME = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    static Path dir;

    private static DemoPki pki;
    private static Path sealed;
    private static Path tampered;

    @BeforeAll
    static void seal() throws IOException {
        pki = DemoPki.ensure(dir.resolve("pki"), SampleFaces.AUTHORITY);
        CertificateRenderer renderer = new CertificateRenderer(FontSet.loadDefault());
        PadesSealer sealer =
                new PadesSealer(Files.readAllBytes(pki.sealImage()), CertificateRenderer.sealArea(), "电子证照签章", "南京");
        SignatureToken token = KeyStoreSignatureToken.open(pki.keystore(), pki.password(), pki.alias());
        byte[] pdf = sealer.seal(renderer.render(SampleFaces.face(7, SampleFaces.UYGHUR_NAME)), token, SIGNING_TIME);
        sealed = Files.write(dir.resolve("sealed.pdf"), pdf);

        // byte 10 sits in the binary comment after %PDF-1.x: inside the first signed range, yet the file still parses
        assertThat(new String(pdf, 0, 10, StandardCharsets.ISO_8859_1))
                .startsWith("%PDF-1.")
                .endsWith("\n%");
        byte[] flipped = pdf.clone();
        flipped[10] ^= 0x01;
        tampered = Files.write(dir.resolve("tampered.pdf"), flipped);
    }

    @Test
    void signatureIsPadesBaselineBOnTheSeal() throws Exception {
        try (PDDocument document = Loader.loadPDF(sealed.toFile())) {
            PDSignature signature = document.getLastSignatureDictionary();
            assertThat(signature.getSubFilter()).isEqualTo("ETSI.CAdES.detached");
            assertThat(signature.getSignDate().toInstant()).isEqualTo(SIGNING_TIME.truncatedTo(ChronoUnit.SECONDS));
            int[] range = signature.getByteRange();
            assertThat(range[0]).isZero();
            assertThat(range[2] - range[1]).as("reserved hex contents").isEqualTo(2 * 4096 + 2);
            assertThat(range[2] + range[3]).as("whole file signed").isEqualTo(Files.size(sealed));

            PDSignatureField field = document.getSignatureFields().get(0);
            PDAnnotationWidget widget = field.getWidgets().get(0);
            PDRectangle expected = CertificateRenderer.sealArea();
            assertThat(widget.getRectangle().getLowerLeftX()).isEqualTo(expected.getLowerLeftX());
            assertThat(widget.getRectangle().getUpperRightY()).isEqualTo(expected.getUpperRightY());
            assertThat(widget.isPrinted()).isTrue();
            assertThat(widget.getPage()).isEqualTo(document.getPage(0));
            assertThat(document.getPage(0).getAnnotations()).contains(widget);

            // /Contents is zero-padded to the reserved size; BouncyCastle 1.87 rejects trailing bytes, so read one
            // object
            CMSSignedData cms;
            try (ASN1InputStream in = new ASN1InputStream(signature.getContents())) {
                cms = new CMSSignedData(ContentInfo.getInstance(in.readObject()));
            }
            SignerInformation signer =
                    cms.getSignerInfos().getSigners().iterator().next();
            assertThat(signer.getDigestAlgOID()).isEqualTo("2.16.840.1.101.3.4.2.1");
            assertThat(signer.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2))
                    .isNotNull();
            assertThat(signer.getSignedAttributes().get(CMSAttributes.signingTime))
                    .isNull();
        }
    }

    @Test
    void pdfsigAcceptsTheSealAndRejectsTampering() throws Exception {
        String good = SignatureValidators.pdfsig(sealed);
        assertThat(good).contains("Signature is Valid.", "Total document signed", "ETSI.CAdES.detached");

        String bad = SignatureValidators.pdfsig(tampered);
        assertThat(bad).contains("Signature Validation:").doesNotContain("Signature is Valid.");
    }

    @Test
    void dssReportsTotalPassedForBaselineBAndRejectsTampering() throws Exception {
        // B-B carries no revocation data: give DSS the CRL that the seal certificate's distribution point serves
        Path crl = Files.write(
                dir.resolve("root.crl"),
                new org.certhub.demopki.DemoCertificateAuthority(pki, java.time.Clock.systemUTC()).crl());
        String good = SignatureValidators.dss(sealed, pki.rootCertificate(), crl);
        assertThat(good).contains("signatures=1", "indication=TOTAL_PASSED", "format=PAdES-BASELINE-B");

        String bad = SignatureValidators.dss(tampered, pki.rootCertificate(), crl);
        assertThat(bad).contains("signatures=1", "indication=TOTAL_FAILED", "subIndication=HASH_FAILURE");
    }

    @Test
    void aCaChainOfLargeRsaCertificatesFitsTheRoomReservedForIt() throws Exception {
        // a CA-issued seal: RSA-2048 seal, then intermediates and a root with RSA-4096 keys, ~6 KB of certificates
        TestPki ca = new TestPki(dir.resolve("rsa-ca"));
        TestPki.Seal seal = ca.issue("江苏省住房和城乡建设厅电子印章", "RSA", java.time.Duration.ofDays(30));
        List<java.security.cert.X509Certificate> chain = new ArrayList<>(seal.chain());
        var generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(4096);
        var big = generator.generateKeyPair();
        for (int i = 0; i < 3; i++) {
            var name = new org.bouncycastle.asn1.x500.X500Name("C=CN,O=某省电子认证服务有限公司,OU=第" + i + "级,CN=某省电子认证根证书 " + i);
            chain.add(new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                    .getCertificate(new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                                    name,
                                    java.math.BigInteger.valueOf(100 + i),
                                    java.util.Date.from(SIGNING_TIME.minus(1, ChronoUnit.DAYS)),
                                    java.util.Date.from(SIGNING_TIME.plus(3650, ChronoUnit.DAYS)),
                                    name,
                                    big.getPublic())
                            .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA")
                                    .build(big.getPrivate()))));
        }
        int certificates = 0;
        for (var certificate : chain) {
            certificates += certificate.getEncoded().length;
        }
        assertThat(certificates)
                .as("the chain alone is larger than the 4 KB a demo B-B signature gets")
                .isGreaterThan(4096);
        SignatureToken token = new SignatureToken() {
            @Override
            public List<java.security.cert.X509Certificate> certificateChain() {
                return chain;
            }

            @Override
            public String signatureAlgorithm() {
                return "SHA256withRSA";
            }

            @Override
            public byte[] sign(byte[] data) {
                try {
                    var signature = java.security.Signature.getInstance("SHA256withRSA");
                    signature.initSign(seal.key());
                    signature.update(data);
                    return signature.sign();
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        PadesSealer sealer =
                new PadesSealer(Files.readAllBytes(pki.sealImage()), CertificateRenderer.sealArea(), "电子证照签章", "南京");
        byte[] pdf = sealer.seal(
                new CertificateRenderer(FontSet.loadDefault()).render(SampleFaces.face(8, "王五")), token, SIGNING_TIME);
        Path file = Files.write(dir.resolve("rsa-chain.pdf"), pdf);
        assertThat(SignatureValidators.pdfsig(file)).contains("Signature is Valid.", "Total document signed");
    }
}
