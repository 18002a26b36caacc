package org.certhub.production;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.FileSystemUtils;

/**
 * What production mode refuses, read from settings and files as the hub reads them: each demo part and each open door
 * is named once, and a deployment that set everything is not refused.
 */
class ProductionChecksTests {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-long-enough";

    @TempDir
    Path dir;

    private MockEnvironment environment;

    @BeforeEach
    void deployment() throws Exception {
        FileSystemUtils.copyRecursively(Path.of("config/catalog"), dir.resolve("catalog"));
        FileSystemUtils.copyRecursively(Path.of("routes"), dir.resolve("routes"));
        Files.writeString(dir.resolve("seal.p12"), "not read by the check");
        Files.writeString(dir.resolve("seal.png"), "not read by the check");
        environment = new MockEnvironment()
                .withProperty("certhub.mode", "production")
                .withProperty("certhub.paths.data", dir.resolve("data").toString())
                .withProperty("certhub.catalog.dir", dir.resolve("catalog").toString())
                .withProperty("certhub.routes.dir", dir.resolve("routes").toString())
                .withProperty("certhub.seals.file", dir.resolve("seals.yaml").toString());
    }

    /** Everything a department sets: the documented variables. */
    private MockEnvironment configured() throws Exception {
        Files.writeString(dir.resolve("seals.yaml"), """
                default: department
                seals:
                  - id: department
                    name: 江苏省住房和城乡建设厅
                    image: %s
                    key: { provider: pkcs12, file: %s, alias: seal, password-env: CERTHUB_SEAL_PASSWORD }
                """.formatted(dir.resolve("seal.png"), dir.resolve("seal.p12")));
        return environment
                .withProperty("certhub.admin.password", "a-real-admin-password")
                .withProperty("certhub.users.sealer.roles", "SEALER")
                .withProperty("certhub.users.sealer.password", "a-real-sealer-password")
                .withProperty("certhub.public-base-url", "https://zzcx.jszwfw.gov.cn/certhub")
                .withProperty("certhub.signing.tsa.url", "https://tsa.example.gov.cn/tsa")
                .withProperty(
                        "certhub.signing.tsa.trust-anchors",
                        dir.resolve("tsa-root.pem").toString())
                .withProperty("certhub.sources.exam-system.rest.key", "exam-system-2026")
                .withProperty("certhub.sources.exam-system.rest.secret", SECRET)
                .withProperty(
                        "certhub.sources.enforcement-system.datasource.url",
                        "jdbc:postgresql://enforcement-db:5432/enforcement");
    }

    @Test
    void aDeploymentThatSetEverythingIsNotRefused() throws Exception {
        assertThat(ProductionChecks.problems(configured())).isEmpty();
    }

    @Test
    void withNothingConfiguredEveryProblemIsNamedInOneParagraph() {
        environment
                .withProperty("certhub.public-base-url", "http://localhost:8080")
                .withProperty("certhub.users.sealer.roles", "SEALER")
                .withProperty("certhub.sources.exam-system.rest.key", "exam-system-demo")
                .withProperty("certhub.sources.exam-system.rest.secret", "demo-secret-exam-system-not-for-production")
                .withProperty("certhub.sources.training-center.rest.key", "training-center-1")
                .withProperty("certhub.sources.training-center.rest.secret", "short");

        List<String> problems = ProductionChecks.problems(environment);

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("administrator has no password"))
                .anySatisfy(p -> assertThat(p).contains("user sealer has no password"))
                .anySatisfy(p -> assertThat(p).contains("http://localhost:8080").contains("not https"))
                .anySatisfy(p -> assertThat(p).contains("source exam-system").contains("demo REST secret"))
                .anySatisfy(p -> assertThat(p).contains("training-center").contains("shorter than 32 bytes"))
                .anySatisfy(p -> assertThat(p).contains("defines no seal").contains("demo seal"))
                .anySatisfy(p -> assertThat(p).contains("no TSA").contains("B-LTA"))
                .anySatisfy(
                        p -> assertThat(p).contains("enforcement-system.yaml").contains("not configured"))
                .hasSize(8);
        assertThat(problems).noneSatisfy(p -> assertThat(p).contains("demo-secret-exam-system"));
        String paragraph = ProductionChecks.paragraph(problems);
        assertThat(paragraph).startsWith("certhub.mode is production").doesNotContain("\n");
        assertThat(paragraph).contains("(1) ").contains("(8) ");
    }

    @Test
    void aSharedBrokerWithoutAUserAndPasswordIsRefused() throws Exception {
        configured().setProperty("certhub.broker.url", "tcp://broker:61616");

        assertThat(ProductionChecks.problems(environment))
                .singleElement()
                .satisfies(p -> assertThat(p).contains("tcp://broker:61616", "CERTHUB_BROKER_PASSWORD"));

        configured().setProperty("certhub.broker.user", "hub");
        configured().setProperty("certhub.broker.password", "a-long-broker-password");
        assertThat(ProductionChecks.problems(environment)).isEmpty();
    }

    @Test
    void aBaseUrlOnThisMachineIsRefusedEvenOverHttps() throws Exception {
        for (String url : List.of("https://localhost", "https://127.0.0.1:8443", "https://[::1]/", "ftp://x.gov.cn")) {
            configured().setProperty("certhub.public-base-url", url);
            assertThat(ProductionChecks.problems(environment))
                    .as(url)
                    .singleElement()
                    .satisfies(p -> assertThat(p).contains(url));
        }
    }

    @Test
    void aSealOfTheDemoPkiOrTheDemoSealIsRefused() throws Exception {
        configured();
        Path demoKey = dir.resolve("data/keys/seal.p12");
        Files.writeString(dir.resolve("seals.yaml"), """
                default: copied
                seals:
                  - id: copied
                    name: 江苏省住房和城乡建设厅
                    image: %s
                    key: { provider: pkcs12, file: %s, alias: seal, password-env: CERTHUB_SEAL_PASSWORD }
                """.formatted(dir.resolve("seal.png"), demoKey));
        assertThat(ProductionChecks.problems(environment))
                .singleElement()
                .satisfies(p -> assertThat(p).contains("demo PKI"));

        Files.writeString(dir.resolve("seals.yaml"), """
                default: demo
                seals:
                  - id: department
                    name: 江苏省住房和城乡建设厅
                    image: %s
                    key: { provider: pkcs12, file: %s, alias: seal, password-env: CERTHUB_SEAL_PASSWORD }
                """.formatted(dir.resolve("seal.png"), dir.resolve("seal.p12")));
        assertThat(ProductionChecks.problems(environment))
                .singleElement()
                .satisfies(p -> assertThat(p).contains("default seal").contains("demo seal"));
    }

    @Test
    void aTsaOverPlainHttpAndAnUpstreamWithAnOpenPortAreRefused() throws Exception {
        configured()
                .withProperty("certhub.signing.tsa.url", "http://tsa.example.gov.cn/tsa")
                .withProperty(
                        "certhub.sources.enforcement-system.datasource.url",
                        "jdbc:h2:file:/srv/enforcement;AUTO_SERVER=TRUE");

        assertThat(ProductionChecks.problems(environment))
                .anySatisfy(
                        p -> assertThat(p).contains("certhub.signing.tsa.url").contains("not https"))
                .anySatisfy(p -> assertThat(p).contains("AUTO_SERVER"))
                .hasSize(2);
    }
}
