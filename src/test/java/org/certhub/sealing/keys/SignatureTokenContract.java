package org.certhub.sealing.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.certhub.demopki.DemoPki;
import org.certhub.rendering.CertificateRenderer;
import org.certhub.sealing.PadesSealer;
import org.certhub.sealing.SignatureToken;
import org.certhub.testing.SignatureValidators;
import org.certhub.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every key provider behind {@link SignatureToken} must do, run against each provider (PKCS#12, PKCS#11) by a
 * subclass that knows how to put a key there. Keys are issued by a test root; the PKCS#11 one lives on SoftHSM2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SignatureTokenContract {

    /** Sessions (concurrent signatures) the tokens under test allow. */
    static final int SESSIONS = 2;

    TestPki pki;
    Path dir;

    /** Puts the seal's key where the provider keeps it and returns the reference to it (bounded to SESSIONS). */
    abstract KeyReference store(String name, TestPki.Seal seal) throws Exception;

    /** The environment the references' secrets are read from. */
    abstract String environment(String variable);

    /** The same reference with a wrong password or PIN in the environment. */
    abstract KeyReference withWrongSecret(KeyReference reference);

    /** The same reference naming a key label (alias) that does not exist. */
    abstract KeyReference withMissingKey(KeyReference reference);

    @BeforeAll
    void createPki() throws Exception {
        dir = Files.createDirectories(
                Path.of("target", "keys-contract", getClass().getSimpleName()));
        pki = new TestPki(dir);
    }

    GuardedSignatureToken open(KeyReference reference) {
        return GuardedSignatureToken.of(reference, reference.open(this::environment), "test key", Clock.systemUTC());
    }

    @ParameterizedTest
    @ValueSource(strings = {"EC", "RSA"})
    void signaturesVerifyWithTheChainsPublicKey(String algorithm) throws Exception {
        SignatureToken token =
                open(store("verify-" + algorithm, pki.issue("验证 " + algorithm, algorithm, Duration.ofDays(365))));
        byte[] data = "signed attributes".getBytes(StandardCharsets.UTF_8);
        byte[] signature = token.sign(data);

        assertThat(token.signatureAlgorithm()).isEqualTo("SHA256with" + (algorithm.equals("EC") ? "ECDSA" : "RSA"));
        assertThat(verifies(token, data, signature)).isTrue();
        assertThat(verifies(token, "other data".getBytes(StandardCharsets.UTF_8), signature))
                .isFalse();
    }

    @Test
    void theChainStartsWithTheSignerAndEndsWithTheRoot() throws Exception {
        TestPki.Seal seal = pki.issue("链序", "EC", Duration.ofDays(365));
        List<X509Certificate> chain = open(store("chain", seal)).certificateChain();

        assertThat(chain).hasSize(2);
        assertThat(chain.get(0)).isEqualTo(seal.chain().get(0));
        assertThat(chain.get(0).getBasicConstraints()).as("signer is not a CA").isEqualTo(-1);
        assertThat(chain.get(1)).isEqualTo(pki.root());
        chain.get(0).verify(chain.get(1).getPublicKey());
    }

    @Test
    void moreThreadsThanSessionsAllSignAndNeverExceedTheBound() throws Exception {
        GuardedSignatureToken token = open(store("concurrent", pki.issue("并发", "EC", Duration.ofDays(365))));
        int threads = 4 * SESSIONS;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Boolean>> work = new ArrayList<>();
            for (int i = 0; i < threads * 10; i++) {
                byte[] data = ("document " + i).getBytes(StandardCharsets.UTF_8);
                work.add(() -> verifies(token, data, token.sign(data)));
            }
            for (Future<Boolean> result : pool.invokeAll(work)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(token.permits()).isEqualTo(SESSIONS);
        assertThat(token.peakConcurrency()).isBetween(1, SESSIONS);
    }

    @Test
    void aPdfSealedThroughItPassesDss() throws Exception {
        SignatureToken token = open(store("pdf", pki.issue("江苏省住房和城乡建设厅", "EC", Duration.ofDays(365))));
        DemoPki demo = DemoPki.ensure(dir.resolve("demo"), "江苏省住房和城乡建设厅");
        var sealer =
                new PadesSealer(Files.readAllBytes(demo.sealImage()), CertificateRenderer.sealArea(), "电子证照签章", "南京");
        Path pdf = Files.write(
                dir.resolve("sealed.pdf"),
                sealer.seal(blankPage(), token, Instant.now().truncatedTo(ChronoUnit.SECONDS)));

        assertThat(SignatureValidators.dss(pdf, pki.rootPem()))
                .contains("signatures=1", "indication=TOTAL_PASSED", "format=PAdES-BASELINE-B");
    }

    @Test
    void aWrongPasswordOrPinIsAClearError() throws Exception {
        KeyReference reference = withWrongSecret(store("wrong-secret", pki.issue("密码", "EC", Duration.ofDays(365))));

        assertThatThrownBy(() -> reference.open(this::environment))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageMatching("wrong (password|PIN) for .*");
    }

    @Test
    void aKeyLabelThatDoesNotExistIsAClearError() throws Exception {
        KeyReference reference = withMissingKey(store("missing", pki.issue("标签", "EC", Duration.ofDays(365))));

        assertThatThrownBy(() -> reference.open(this::environment))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining("no private key 'no-such-key'");
    }

    @Test
    void anExpiredCertificateSignsNothing() throws Exception {
        Instant now = Instant.now();
        TestPki.Seal seal = pki.issue("过期", "EC", now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)));
        GuardedSignatureToken token = open(store("expired", seal));

        assertThatThrownBy(() -> token.sign(new byte[] {1}))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining("expired on");
    }

    static boolean verifies(SignatureToken token, byte[] data, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance(token.signatureAlgorithm());
        verifier.initVerify(token.certificateChain().get(0).getPublicKey());
        verifier.update(data);
        return verifier.verify(signature);
    }

    static byte[] blankPage() throws Exception {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage(PDRectangle.A4));
            var out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }
}
