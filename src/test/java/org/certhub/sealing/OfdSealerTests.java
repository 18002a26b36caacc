package org.certhub.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.certhub.demopki.DemoPki;
import org.certhub.rendering.CertificateRenderer;
import org.certhub.rendering.FontSet;
import org.certhub.rendering.SampleFaces;
import org.certhub.sealing.keys.KeyStoreSignatureToken;
import org.certhub.testing.OfdPackages;
import org.certhub.testing.SignatureValidators;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ofdrw.reader.OFDReader;
import org.ofdrw.sign.verify.OFDValidator;
import org.ofdrw.sign.verify.container.SESV4ValidateContainer;

/**
 * Seals a certificate's OFD with the demo PKI's SM2 seal and has ofdrw's own verification check it, trusting the demo
 * SM2 root; then a corpus of tampered copies, each of which must fail it.
 */
class OfdSealerTests {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    static Path dir;

    private static DemoPki pki;
    private static CertificateRenderer renderer;
    private static SignatureToken sealKey;
    private static ElectronicSeal seal;
    private static byte[] sealed;

    @BeforeAll
    static void sealOne() throws Exception {
        pki = DemoPki.ensure(dir.resolve("pki"), SampleFaces.AUTHORITY);
        renderer = new CertificateRenderer(FontSet.loadDefault());
        sealKey = KeyStoreSignatureToken.open(pki.sm2Keystore(), pki.password(), pki.alias());
        SignatureToken maker = KeyStoreSignatureToken.open(pki.sm2RootKeystore(), pki.password(), "root");
        seal = ElectronicSeal.make(
                "3200000000001",
                SampleFaces.AUTHORITY + "电子印章",
                List.of(sealKey.certificateChain().get(0)),
                Files.readAllBytes(pki.sealImage()),
                42,
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(365)),
                NOW,
                maker);
        sealed = new OfdSealer(seal).seal(renderer.renderOfd(SampleFaces.face(21, "张三")), sealKey, NOW);
    }

    private static String verify(byte[] ofd, String name) throws Exception {
        Path file = Files.write(dir.resolve(name + ".ofd"), ofd);
        return SignatureValidators.ofdrw(file, pki.sm2RootCertificate());
    }

    @Test
    void ofdrwVerifiesTheSealAndItsSignerIsTheSealsKey() throws Exception {
        String report = verify(sealed, "sealed");
        assertThat(report)
                .contains("ofdrw=PASSED", "signatures=1", "trust=PASSED", "indication=TOTAL_PASSED")
                .contains("serial="
                        + sealKey.certificateChain().get(0).getSerialNumber().toString(16))
                .contains("seal=" + SampleFaces.AUTHORITY + "电子印章");
    }

    @Test
    void theElectronicSealReadsBackWithTheMakersSignatureChecked() {
        ElectronicSeal read = ElectronicSeal.parse(seal.der());
        assertThat(read.name()).isEqualTo(SampleFaces.AUTHORITY + "电子印章");
        assertThat(read.signers()).containsExactly(sealKey.certificateChain().get(0));
        assertThat(read.lists(sealKey.certificateChain().get(0))).isTrue();
        assertThat(read.pictureType()).isEqualTo("PNG");
        byte[] forged = seal.der().clone();
        // a byte of the seal's image: the maker's signature no longer covers it
        int image = indexOf(forged, read.picture()) + read.picture().length / 2;
        forged[image] ^= 1;
        assertThatThrownBy(() -> ElectronicSeal.parse(forged)).hasMessageContaining("maker's signature");
    }

    @Test
    void aChangedByteInThePageContentFailsIt() throws Exception {
        Map<String, byte[]> entries = OfdPackages.unzip(sealed);
        String page = "Doc_0/Pages/Page_0/Content.xml";
        String content = new String(entries.get(page), StandardCharsets.UTF_8);
        assertThat(content).contains("张三");
        entries.put(page, content.replace("张三", "李三").getBytes(StandardCharsets.UTF_8));
        assertThat(verify(OfdPackages.zip(entries), "changed-content"))
                .contains("ofdrw=FAILED FileIntegrityException", "indication=FAILED");
    }

    @Test
    void aReplacedSealImageFailsIt() throws Exception {
        Map<String, byte[]> entries = OfdPackages.unzip(sealed);
        String esl = entries.keySet().stream()
                .filter(n -> n.endsWith("Seal.esl"))
                .findFirst()
                .orElseThrow();
        byte[] replaced = entries.get(esl).clone();
        int image = indexOf(replaced, seal.picture()) + seal.picture().length / 2;
        replaced[image] ^= (byte) 0xff;
        entries.put(esl, replaced);
        assertThat(verify(OfdPackages.zip(entries), "replaced-image")).contains("ofdrw=FAILED", "indication=FAILED");
    }

    @Test
    void aRemovedSignatureFailsIt() throws Exception {
        Map<String, byte[]> entries = OfdPackages.unzip(sealed);
        entries.keySet().removeIf(n -> n.contains("/Signs/"));
        String ofd = new String(entries.get("OFD.xml"), StandardCharsets.UTF_8);
        entries.put(
                "OFD.xml",
                ofd.replaceAll("<ofd:Signatures>[^<]*</ofd:Signatures>", "").getBytes(StandardCharsets.UTF_8));
        assertThat(verify(OfdPackages.zip(entries), "removed-signature"))
                .contains("ofdrw=FAILED", "signatures=0", "indication=FAILED");
    }

    @Test
    void aFileSignedAgainWithAnotherKeyAndSealFailsIt() throws Exception {
        // another authority's PKI: its own SM2 root makes its own seal, with the same name, for its own key
        DemoPki other = DemoPki.ensure(dir.resolve("other-pki"), SampleFaces.AUTHORITY);
        SignatureToken otherKey = KeyStoreSignatureToken.open(other.sm2Keystore(), other.password(), other.alias());
        ElectronicSeal otherSeal = ElectronicSeal.make(
                "3200000000001",
                SampleFaces.AUTHORITY + "电子印章",
                List.of(otherKey.certificateChain().get(0)),
                Files.readAllBytes(pki.sealImage()),
                42,
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(365)),
                NOW,
                KeyStoreSignatureToken.open(other.sm2RootKeystore(), other.password(), "root"));
        byte[] forged = renderer.renderOfd(SampleFaces.face(21, "李四"));
        String report = verify(new OfdSealer(otherSeal).seal(forged, otherKey, NOW), "re-signed");
        // intact as a file, so ofdrw's integrity checks pass: the signer is what is not trusted
        assertThat(report)
                .contains("ofdrw=PASSED", "trust=FAILED signer not issued by a trusted root")
                .contains("indication=FAILED");
    }

    @Test
    void aKeyTheSealDoesNotListIsRefused() throws Exception {
        DemoPki other = DemoPki.ensure(dir.resolve("unlisted-pki"), SampleFaces.AUTHORITY);
        SignatureToken unlisted = KeyStoreSignatureToken.open(other.sm2Keystore(), other.password(), other.alias());
        assertThatThrownBy(
                        () -> new OfdSealer(seal).seal(renderer.renderOfd(SampleFaces.face(22, "王五")), unlisted, NOW))
                .hasMessageContaining("does not list the certificate");
    }

    /**
     * What breaks with one BouncyCastle on the class path: ofdrw 2.3.3 signs on 1.87 (above), but its verification
     * reads seals with methods BouncyCastle removed in 1.75 (ofdrw issue 391), which is why {@link
     * SignatureValidators#ofdrw} runs it on 1.68 in its own JVM. When this fails, ofdrw verifies on the hub's class
     * path and that JVM can go.
     */
    @Test
    void ofdrwsOwnVerificationCannotRunOnTheProjectsBouncyCastle() throws Exception {
        Path file = Files.write(dir.resolve("in-process.ofd"), sealed);
        try (OFDReader reader = new OFDReader(file);
                OFDValidator validator = new OFDValidator(reader)) {
            validator.setValidator(new SESV4ValidateContainer());
            assertThatThrownBy(validator::exeValidate).isInstanceOf(NoSuchMethodError.class);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
