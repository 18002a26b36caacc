package org.certhub.demopki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.certhub.sealing.keys.KeyStoreSignatureToken;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubHttp;
import org.certhub.testing.SignatureValidators;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * An install made by the version before signature levels starts on its old {@code data/keys}: the hub upgrades the
 * demo PKI in place and seals at B-LTA with the same seal key.
 *
 * <p>A hub of its own, not the shared one of {@code @HubIntegrationTest}: it starts on the {@code data/keys} of the
 * older version, made before the hub starts.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "certhub.paths.data=target/it/upgrade/data",
            "certhub.paths.inbox=target/it/upgrade/inbox",
            "certhub.paths.outbox=target/it/upgrade/outbox",
            "certhub.intake.file-min-age=200",
            "CERTHUB_ADMIN_PASSWORD=" + HubHttp.ADMIN_PASSWORD
        })
class DemoPkiUpgradeIntegrationTests {

    private static final Path ROOT = Path.of("target/it/upgrade");
    private static final X509Certificate[] PREVIOUS = previousInstall();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DemoPki pki;

    /** Runs before the application context starts: the old folder must be there when the hub first looks. */
    private static X509Certificate[] previousInstall() {
        try {
            FileSystemUtils.deleteRecursively(ROOT);
            Path keys = Files.createDirectories(ROOT.resolve("data/keys"));
            return PreviousDemoPki.create(keys, ExamSystemCsv.ISSUER);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theOldSealKeySealsAtBltaUnderTheNewRoot() throws Exception {
        Path keys = ROOT.resolve("data/keys");
        X509Certificate seal = KeyStoreSignatureToken.open(pki.keystore(), pki.password(), pki.alias())
                .certificateChain()
                .get(0);
        assertThat(seal.getPublicKey()).isEqualTo(PREVIOUS[0].getPublicKey());
        assertThat(DemoPkiTests.readPem(keys.resolve("root-previous.pem"))).isEqualTo(PREVIOUS[1]);

        ExamSystemCsv.drop(
                ROOT.resolve("inbox/exam-system"),
                "exam-upgrade.csv",
                ExamSystemCsv.file()
                        .person(1, "钱七", ExamSystemCsv.idNumber("320102", "19770707", 401), "B", "2026-10-05")
                        .gb18030());
        await().atMost(Duration.ofSeconds(90))
                .until(() -> jdbc.sql("select state from licence_version")
                        .query(String.class)
                        .optional()
                        .orElse("")
                        .equals("PUBLISHED"));
        Path pdf = ROOT.resolve("data/files")
                .resolve(jdbc.sql("select file_path from licence_version")
                        .query(String.class)
                        .single());
        assertThat(SignatureValidators.dss(pdf, keys.resolve("root.pem")))
                .contains("indication=TOTAL_PASSED", "format=PAdES-BASELINE-LTA\n");
    }
}
