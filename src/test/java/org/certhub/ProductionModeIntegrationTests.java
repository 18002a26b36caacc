package org.certhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.certhub.sealing.ElectronicSeal;
import org.certhub.sealing.SignatureToken;
import org.certhub.sealing.keys.KeyStoreSignatureToken;
import org.certhub.testing.HttpsTestTsa;
import org.certhub.testing.SignatureValidators;
import org.certhub.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code CERTHUB_MODE=production java -jar target/certhub.jar}, as a department runs it: with nothing configured it
 * refuses to start within 30 s, naming every problem in one paragraph; with the documented variables set (a seal of
 * the department's own PKI, a TSA of the same PKI over https, an https base URL, real passwords and secrets, the
 * enforcement system's database) it starts, has no demo PKI, and issues the demo CSV.
 */
class ProductionModeIntegrationTests {

    private static final Path ROOT = Path.of("target/it/production").toAbsolutePath();
    private static Path work;
    private static final Path JAR = Path.of("target/certhub.jar").toAbsolutePath();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN_PASSWORD = "production-admin-password-2026";

    private static TestPki pki;
    private static HttpsTestTsa tsa;
    private static Process hub;

    @BeforeAll
    static void department() throws Exception {
        FileSystemUtils.deleteRecursively(ROOT);
        pki = new TestPki(ROOT.resolve("pki"));
        tsa = new HttpsTestTsa(pki);
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) {
            hub.destroy();
            hub.waitFor(30, TimeUnit.SECONDS);
        }
        if (tsa != null) {
            tsa.close();
        }
    }

    /** A deployment folder of its own for each test: the repository's config, routes and mappings. */
    @org.junit.jupiter.api.BeforeEach
    void deployment(org.junit.jupiter.api.TestInfo test) throws Exception {
        work = ROOT.resolve(test.getTestMethod().orElseThrow().getName());
        for (String dir : List.of("config", "routes", "mappings")) {
            FileSystemUtils.copyRecursively(Path.of(dir), work.resolve(dir));
        }
    }

    @Test
    void withNothingConfiguredItRefusesToStartWithinThirtySecondsNamingEveryProblem() throws Exception {
        Path log = ROOT.resolve("refused.log");
        Process process = start(Map.of(), List.of(), log);

        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("exits within 30 s")
                .isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isNotZero();
        String paragraph = output.lines()
                .filter(l -> l.startsWith("certhub.mode is production"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no paragraph in:\n" + output));
        assertThat(paragraph)
                .contains("administrator has no password")
                .contains("user sealer has no password")
                .contains("public base URL http://localhost")
                .contains("source exam-system pushes with the demo REST secret")
                .contains("source training-center pushes with the demo REST secret")
                .contains("defines no seal")
                .contains("no TSA is configured")
                .contains("enforcement-system.yaml polls the database");
        assertThat(output).doesNotContain("demo-secret-");
    }

    @Test
    void withTheDocumentedVariablesItStartsWithoutTheDemoPkiAndIssuesTheDemoCsv() throws Exception {
        // the department's own seal and TSA, from its PKI
        char[] sealPassword = "seal-password-of-the-department".toCharArray();
        Path sealFile = pki.issue("江苏省住房和城乡建设厅", "EC", Duration.ofDays(365))
                .writePkcs12(ROOT.resolve("keys/department.p12"), sealPassword);
        Path image = ROOT.resolve("keys/department.png");
        var png = new BufferedImage(120, 120, BufferedImage.TYPE_INT_ARGB);
        var graphics = png.createGraphics();
        graphics.setColor(Color.RED);
        graphics.fillOval(5, 5, 110, 110);
        graphics.dispose();
        ImageIO.write(png, "png", image.toFile());
        // the OFD files of the safety-management type: the department's SM2 key, and the electronic seal the
        // seal-making authority issued for its certificate
        Path sm2File = pki.issue("江苏省住房和城乡建设厅 (SM2)", "SM2", Duration.ofDays(365))
                .writePkcs12(ROOT.resolve("keys/department-sm2.p12"), sealPassword);
        SignatureToken sm2Key = KeyStoreSignatureToken.open(sm2File, sealPassword, null);
        Path makerFile = pki.issue("印章制作单位", "SM2", Duration.ofDays(365))
                .writePkcs12(ROOT.resolve("keys/maker.p12"), sealPassword);
        Instant now = Instant.now();
        Path electronicSeal = Files.write(
                ROOT.resolve("keys/department.esl"),
                ElectronicSeal.make(
                                "32000000000001",
                                "江苏省住房和城乡建设厅电子印章",
                                List.of(sm2Key.certificateChain().get(0)),
                                Files.readAllBytes(image),
                                42,
                                now.minus(Duration.ofDays(1)),
                                now.plus(Duration.ofDays(365)),
                                now,
                                KeyStoreSignatureToken.open(makerFile, sealPassword, null))
                        .der());
        Files.writeString(
                work.resolve("config/seals.yaml"), """
                default: department
                default-ofd: department-sm2
                seals:
                  - id: department-sm2
                    name: 江苏省住房和城乡建设厅电子印章
                    authority: "11320000014000179U"
                    image: %s
                    electronic-seal: %s
                    key:
                      provider: pkcs12
                      file: %s
                      password-env: CERTHUB_SEAL_DEPARTMENT_PASSWORD
                  - id: department
                    name: 江苏省住房和城乡建设厅电子印章
                    authority: "11320000014000179U"
                    image: %s
                    key:
                      provider: pkcs12
                      file: %s
                      alias: seal
                      password-env: CERTHUB_SEAL_DEPARTMENT_PASSWORD
                """.formatted(image, electronicSeal, sm2File, image, sealFile));
        // B-LTA needs revocation data, which this test PKI does not publish: the type is sealed at B-T here, so the
        // TSA is still asked for every certificate
        Path staffType = work.resolve("config/catalog/safety-management-staff.yaml");
        Files.writeString(
                staffType, Files.readString(staffType).replace("sealing: { level: B-LTA }", "sealing: { level: B-T }"));
        Path trustStore = HttpsTestTsa.writeTrustStore(pki, ROOT.resolve("truststore.p12"), "changeit".toCharArray());
        int port = freePort();
        var env = new java.util.HashMap<String, String>();
        env.put("CERTHUB_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("CERTHUB_SEALER_PASSWORD", "production-sealer-password-2026");
        env.put("CERTHUB_PUBLIC_BASE_URL", "https://zzcx.example.gov.cn/certhub");
        env.put("CERTHUB_SOURCE_EXAM_SYSTEM_SECRET", secret());
        env.put("CERTHUB_SOURCE_TRAINING_CENTER_SECRET", secret());
        env.put("CERTHUB_SIGNING_TSA_URL", tsa.url());
        env.put("CERTHUB_SIGNING_TSA_TRUST_ANCHORS", pki.rootPem().toString());
        env.put("CERTHUB_SEAL_DEPARTMENT_PASSWORD", new String(sealPassword));
        env.put("CERTHUB_ENFORCEMENT_DB_URL", "jdbc:h2:mem:enforcement;DB_CLOSE_DELAY=-1");
        env.put("CERTHUB_ENFORCEMENT_DB_USERNAME", "sa");
        env.put("SERVER_PORT", Integer.toString(port));
        Path log = ROOT.resolve("production.log");
        hub = start(
                env,
                List.of(
                        "-Djavax.net.ssl.trustStore=" + trustStore,
                        "-Djavax.net.ssl.trustStorePassword=changeit",
                        "-Dcerthub.sources.enforcement-system.datasource.init-scripts=classpath:upstream/enforcement-system.sql"),
                log);
        // a hub starts in 10 to 20 s on a quiet machine; the shared test machines are not always quiet
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    assertThat(hub.isAlive()).as(Files.readString(log)).isTrue();
                    return Files.readString(log).contains("Started CerthubApplication");
                });

        assertThat(get(port, "/pki/root.pem", false).statusCode())
                .as("the demo PKI is not registered at all")
                .isEqualTo(404);
        Files.createDirectories(work.resolve("inbox/exam-system"));
        Files.copy(
                Path.of("docs/samples/exam-system-demo.csv"), work.resolve("inbox/exam-system/exam-system-demo.csv"));
        // three good rows, two bad rows and a duplicate, as the README says
        long rows = 3;
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    JsonNode pipeline =
                            JSON.readTree(get(port, "/api/v1/pipeline", true).body());
                    assertThat(pipeline.at("/licenceVersions/PUBLISHED").asLong())
                            .isEqualTo(rows);
                });
        assertThat(tsa.requests()).as("timestamps from the department's TSA").isGreaterThanOrEqualTo(rows);
        try (var files = Files.list(work.resolve("outbox"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".pdf"))).hasSize((int) rows);
        }
        try (var files = Files.list(work.resolve("outbox"))) {
            List<Path> ofd = files.filter(p -> p.toString().endsWith(".ofd")).toList();
            assertThat(ofd).hasSize((int) rows);
            for (Path file : ofd) {
                assertThat(SignatureValidators.ofdrw(file, pki.rootPem()))
                        .as("sealed with the department's SM2 key and electronic seal")
                        .contains("ofdrw=PASSED", "trust=PASSED", "indication=TOTAL_PASSED", "seal=江苏省住房和城乡建设厅电子印章");
            }
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).contains("Production mode: no demo part is in use").doesNotContain(ADMIN_PASSWORD);
        assertThat(work.resolve("data/keys")).as("no demo PKI was made").doesNotExist();
    }

    private static Process start(Map<String, String> env, List<String> jvm, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(jvm);
        command.add("-jar");
        command.add(JAR.toString());
        var builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CERTHUB_") || k.startsWith("SPRING_"));
        builder.environment().put("CERTHUB_MODE", "production");
        builder.environment().putAll(env);
        return builder.start();
    }

    private static HttpResponse<String> get(int port, String path, boolean admin) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (admin) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String secret() {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
