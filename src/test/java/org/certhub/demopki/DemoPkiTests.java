package org.certhub.demopki;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.imageio.ImageIO;
import org.certhub.rendering.SampleFaces;
import org.certhub.sealing.keys.KeyStoreSignatureToken;
import org.certhub.sealing.ltv.CrlDistributionPoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoPkiTests {

    @TempDir
    Path dir;

    @Test
    void createsFilesOnceAndReusesThem() throws Exception {
        DemoPki first = DemoPki.ensure(dir, SampleFaces.AUTHORITY);
        assertThat(first.keystore()).exists();
        assertThat(first.rootCertificate()).exists();
        assertThat(first.sealImage()).exists();
        Path passwordFile = dir.resolve("seal.p12.password");
        assertThat(passwordFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.keystore())))
                .isEqualTo("rw-------");
        byte[] keystoreBytes = Files.readAllBytes(first.keystore());
        byte[] sealBytes = Files.readAllBytes(first.sealImage());

        KeyStoreSignatureToken token = KeyStoreSignatureToken.open(first.keystore(), first.password(), first.alias());
        X509Certificate seal = token.certificateChain().get(0);
        X509Certificate root = readPem(first.rootCertificate());
        assertThat(seal.getSubjectX500Principal().getName()).contains("CN=" + SampleFaces.AUTHORITY, "C=CN");
        assertThat(seal.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(seal.getKeyUsage()[1]).as("nonRepudiation").isTrue();
        assertThat(seal.getBasicConstraints()).isEqualTo(-1);
        seal.verify(root.getPublicKey());
        assertThat(token.signatureAlgorithm()).isEqualTo("SHA256withECDSA");

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(sealBytes));
        assertThat(image.getWidth()).isEqualTo(400);
        assertThat(image.getColorModel().hasAlpha()).isTrue();
        assertThat(image.getRGB(0, 0) >>> 24).as("transparent corner").isZero();

        DemoPki second = DemoPki.ensure(dir, SampleFaces.AUTHORITY);
        assertThat(second.password()).isEqualTo(first.password());
        assertThat(Files.readAllBytes(second.keystore())).isEqualTo(keystoreBytes);
        assertThat(Files.readAllBytes(second.sealImage())).isEqualTo(sealBytes);
        X509Certificate again = KeyStoreSignatureToken.open(second.keystore(), second.password(), second.alias())
                .certificateChain()
                .get(0);
        assertThat(again).isEqualTo(seal);
        assertThat(readPem(second.rootCertificate())).isEqualTo(root);

        // what real PKIs have: a CRL distribution point on the hub, a TSA certificate for time-stamping only
        assertThat(CrlDistributionPoints.distributionPoint(seal)).isEqualTo("http://localhost:8080/pki/crl/root.crl");
        X509Certificate tsa = first.tsaChain().get(0);
        tsa.verify(root.getPublicKey());
        assertThat(tsa.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.8");
        assertThat(tsa.getCriticalExtensionOIDs()).contains("2.5.29.37");
        assertThat(CrlDistributionPoints.distributionPoint(tsa)).isEqualTo("http://localhost:8080/pki/crl/root.crl");
        assertThat(first.root()).isEqualTo(root);
        assertThat(second.tsaChain()).isEqualTo(first.tsaChain());
    }

    @Test
    void aFolderOfThePreviousVersionIsUpgradedInPlaceKeepingTheSealKey() throws Exception {
        X509Certificate[] old = PreviousDemoPki.create(dir, SampleFaces.AUTHORITY);
        byte[] image = Files.readAllBytes(dir.resolve("seal.png"));

        DemoPki upgraded = DemoPki.ensure(dir, SampleFaces.AUTHORITY, "https://certs.example.gov.cn/");

        KeyStoreSignatureToken token =
                KeyStoreSignatureToken.open(upgraded.keystore(), upgraded.password(), upgraded.alias());
        X509Certificate seal = token.certificateChain().get(0);
        assertThat(seal.getPublicKey()).as("same seal key").isEqualTo(old[0].getPublicKey());
        assertThat(seal.getSubjectX500Principal()).isEqualTo(old[0].getSubjectX500Principal());
        assertThat(seal).isNotEqualTo(old[0]);
        assertThat(CrlDistributionPoints.distributionPoint(seal))
                .isEqualTo("https://certs.example.gov.cn/pki/crl/root.crl");
        X509Certificate root = readPem(upgraded.rootCertificate());
        assertThat(root).isNotEqualTo(old[1]).isEqualTo(upgraded.root());
        seal.verify(root.getPublicKey());
        assertThat(token.certificateChain()).containsExactly(seal, root);
        assertThat(readPem(dir.resolve("root-previous.pem")))
                .as("kept for earlier files")
                .isEqualTo(old[1]);
        upgraded.tsaChain().get(0).verify(root.getPublicKey());
        assertThat(Files.readAllBytes(dir.resolve("seal.png"))).isEqualTo(image);
        // the key still signs what its new certificate says
        byte[] signature = token.sign("data".getBytes());
        var verifier = java.security.Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(seal);
        verifier.update("data".getBytes());
        assertThat(verifier.verify(signature)).isTrue();

        // nothing more to do on the next start; a new public URL re-issues the certificates for the same keys
        DemoPki again = DemoPki.ensure(dir, SampleFaces.AUTHORITY, "https://certs.example.gov.cn/");
        assertThat(KeyStoreSignatureToken.open(again.keystore(), again.password(), again.alias())
                        .certificateChain()
                        .get(0))
                .isEqualTo(seal);
        DemoPki moved = DemoPki.ensure(dir, SampleFaces.AUTHORITY, "https://certhub.example.org");
        X509Certificate movedSeal = KeyStoreSignatureToken.open(moved.keystore(), moved.password(), moved.alias())
                .certificateChain()
                .get(0);
        assertThat(CrlDistributionPoints.distributionPoint(movedSeal))
                .isEqualTo("https://certhub.example.org/pki/crl/root.crl");
        assertThat(movedSeal.getPublicKey()).isEqualTo(old[0].getPublicKey());
        assertThat(CrlDistributionPoints.distributionPoint(moved.tsaChain().get(0)))
                .isEqualTo("https://certhub.example.org/pki/crl/root.crl");
        assertThat(moved.root()).isEqualTo(root);
    }

    static X509Certificate readPem(Path pem) throws IOException, java.security.GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void aCrlServerThatDoesNotAnswerDefersSealingInsteadOfFailingIt(@TempDir Path dir) throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DemoPki pki = DemoPki.ensure(dir, SampleFaces.AUTHORITY, "http://127.0.0.1:" + closedPort);
        X509Certificate tsa = pki.tsaChain().get(0);
        var crls = new CrlDistributionPoints(new org.certhub.sealing.ltv.LinkFetcher(
                new org.certhub.sealing.ltv.FetchSettings(
                        java.time.Duration.ofSeconds(2),
                        java.time.Duration.ofSeconds(2),
                        org.springframework.util.unit.DataSize.ofMegabytes(10),
                        3,
                        java.util.List.of()),
                org.certhub.sealing.ltv.LinkFetcher.LOOPBACK));
        // B-LT and up wait for it (the version is parked, see SigningStage), rather than failing for good
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> crls.crl(tsa, pki.root()))
                .isInstanceOf(org.certhub.sealing.ltv.RevocationDataUnavailableException.class)
                .isInstanceOf(org.certhub.sealing.ltv.SealingDeferredException.class)
                .hasMessageContaining("http://127.0.0.1:" + closedPort + "/pki/crl/root.crl");
    }
}
