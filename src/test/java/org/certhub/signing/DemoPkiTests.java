package org.certhub.signing;

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
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
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
                .certificateChain().get(0);
        assertThat(again).isEqualTo(seal);
        assertThat(readPem(second.rootCertificate())).isEqualTo(root);
    }

    static X509Certificate readPem(Path pem) throws IOException, java.security.GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
