package org.certhub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubHttp;
import org.certhub.testing.SignatureValidators;
import org.certhub.testing.TestPki;
import org.certhub.testing.TestTsa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * A TSA that is down, then answers with timestamps of a TSA the hub does not trust, then hangs, then comes back: the
 * B-LTA certificates are parked with the reason (never published without their timestamps), shown in
 * /api/v1/pipeline, and sealed at B-LTA once the TSA answers again. The circuit breaker opens after two failed
 * attempts: the versions after the first are parked without asking the TSA at all. The TSA is a real HTTP server on
 * this machine that, when up, forwards to the hub's own demo TSA at {@code POST /pki/tsa} (whose root demo mode
 * trusts), and when forging, answers with a TSA of another test PKI.
 *
 * <p>A hub of its own, not the shared one of {@code @HubIntegrationTest}: its TSA is this test's stub, with short TSA
 * timeouts and a sweeper that runs every second.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "certhub.paths.data=target/it/tsa-fault/data",
            "certhub.paths.inbox=target/it/tsa-fault/inbox",
            "certhub.paths.outbox=target/it/tsa-fault/outbox",
            "certhub.intake.file-min-age=200",
            "certhub.signing.tsa.timeout=PT0.5S",
            "certhub.signing.tsa.attempts=2",
            "certhub.signing.tsa.retry-backoff=PT0.1S",
            "certhub.signing.tsa.parked-retry-after=PT1S",
            "certhub.signing.tsa.breaker.failures=2",
            "certhub.signing.tsa.breaker.open-for=PT10S",
            "certhub.sweeper.interval=PT1S",
            "certhub.sweeper.initial-delay=PT1S",
            "certhub.sweeper.stale-after=PT1S",
            "CERTHUB_ADMIN_PASSWORD=test-admin-password"
        })
class TsaFaultIntegrationTests {

    private static final Path ROOT = Path.of("target/it/tsa-fault");
    private static final String PERSON = ExamSystemCsv.idNumber("320102", "19820304", 211);
    private static final String SECOND = ExamSystemCsv.idNumber("320102", "19820304", 212);
    private static final String THIRD = ExamSystemCsv.idNumber("320102", "19820304", 213);

    /** down: HTTP 503; forged: a TSA of another PKI answers; hang: answers after 10 s; up: forwards to the hub. */
    private static final AtomicReference<String> MODE = new AtomicReference<>("down");

    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static volatile int hubPort;
    private static HttpServer tsa;
    private static TestTsa foreign;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startTsa() throws Exception {
        FileSystemUtils.deleteRecursively(ROOT);
        foreign = TestTsa.start(new TestPki(ROOT.resolve("other-pki")).issueTsa("伪造的 TSA", Duration.ofDays(365)));
        tsa = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tsa.createContext("/tsa", exchange -> {
            REQUESTS.incrementAndGet();
            byte[] query = exchange.getRequestBody().readAllBytes();
            try {
                switch (MODE.get()) {
                    case "down" -> exchange.sendResponseHeaders(503, -1);
                    case "forged" -> {
                        byte[] reply = foreign.respond(query);
                        exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
                        exchange.sendResponseHeaders(200, reply.length);
                        exchange.getResponseBody().write(reply);
                    }
                    case "hang" -> {
                        Thread.sleep(10_000);
                        exchange.sendResponseHeaders(503, -1);
                    }
                    default -> {
                        var reply = HttpClient.newHttpClient()
                                .send(
                                        HttpRequest.newBuilder(URI.create("http://localhost:" + hubPort + "/pki/tsa"))
                                                .header("Content-Type", "application/timestamp-query")
                                                .POST(HttpRequest.BodyPublishers.ofByteArray(query))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofByteArray());
                        exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
                        exchange.sendResponseHeaders(reply.statusCode(), reply.body().length);
                        exchange.getResponseBody().write(reply.body());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        tsa.setExecutor(Executors.newCachedThreadPool());
        tsa.start();
    }

    @DynamicPropertySource
    static void tsaUrl(DynamicPropertyRegistry registry) {
        registry.add(
                "certhub.signing.tsa.url",
                () -> "http://127.0.0.1:" + tsa.getAddress().getPort() + "/tsa");
    }

    @AfterAll
    static void stopTsa() {
        tsa.stop(0);
        foreign.close();
    }

    @Test
    void certificatesWaitParkedWhileTheirTsaIsDownUntrustedOrSlowAndAreSealedAtBltaWhenItComesBack() throws Exception {
        hubPort = port;
        byte[] file = ExamSystemCsv.file()
                .person(1, "赵六", PERSON, "A", "2026-10-20")
                .person(2, "钱七", SECOND, "A", "2026-10-20")
                .person(3, "孙八", THIRD, "A", "2026-10-20")
                .gb18030();
        ExamSystemCsv.drop(ROOT.resolve("inbox/exam-system"), "exam-tsa.csv", file);

        // down: the first version asks twice and is parked; the breaker is then open, and the other two are parked
        // at once, without a request
        await().atMost(Duration.ofSeconds(60)).until(() -> states().equals(List.of("PARKED", "PARKED", "PARKED")));
        assertThat(REQUESTS)
                .as("two attempts for the first version, none for the others")
                .hasValue(2);
        // the reasons name the TSA and its last failure; at least the two later versions (the first too, once the
        // sweeper retried it) were parked by the open breaker
        List<String> reasons = reasons();
        assertThat(reasons).hasSize(3).allSatisfy(r -> assertThat(r).contains("/tsa", "HTTP 503"));
        assertThat(reasons)
                .filteredOn(r -> r.contains("not asked (circuit breaker open): 2 attempts in a row failed"))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(pipeline().get("licenceVersions").get("PARKED").asLong()).isEqualTo(3);
        assertThat(outboxPdfs()).as("nothing published without its timestamp").isEmpty();

        // forged: a TSA the hub does not trust answers in its place; its timestamps are refused
        MODE.set("forged");
        int beforeForged = REQUESTS.get();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> REQUESTS.get() > beforeForged
                        && states().equals(List.of("PARKED", "PARKED", "PARKED"))
                        && reasons().stream().anyMatch(r -> r.contains("which is not trusted")));
        assertThat(reasons().stream()
                        .filter(r -> r.contains("which is not trusted"))
                        .findFirst()
                        .orElseThrow())
                .contains("the timestamp is signed by CN=伪造的 TSA")
                .contains("does not chain up to a trust anchor");
        assertThat(outboxPdfs()).isEmpty();

        // slow: the trial attempt runs into the timeout, and the versions are parked again
        MODE.set("hang");
        int before = REQUESTS.get();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> REQUESTS.get() > before
                        && states().equals(List.of("PARKED", "PARKED", "PARKED"))
                        && reasons().stream().anyMatch(r -> r.contains("HttpTimeoutException")));
        assertThat(outboxPdfs()).isEmpty();

        MODE.set("up");
        await().atMost(Duration.ofSeconds(120))
                .until(() -> states().equals(List.of("PUBLISHED", "PUBLISHED", "PUBLISHED")));
        assertThat(pipeline().get("parked")).isEmpty();
        for (String filePath : jdbc.sql("select file_path from licence_version")
                .query(String.class)
                .list()) {
            Path pdf = ROOT.resolve("data/files").resolve(filePath);
            assertThat(SignatureValidators.dss(pdf, ROOT.resolve("data/keys/root.pem")))
                    .contains("indication=TOTAL_PASSED", "format=PAdES-BASELINE-LTA\n");
        }
    }

    @Test
    void theDemoPkiIsPublic() throws Exception {
        var root = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/pki/root.pem"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).isEqualTo(Files.readString(ROOT.resolve("data/keys/root.pem")));

        var crl = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/pki/crl/root.crl"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(crl.statusCode()).isEqualTo(200);
        assertThat(crl.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        X509CRL parsed = (X509CRL)
                CertificateFactory.getInstance("X.509").generateCRL(new java.io.ByteArrayInputStream(crl.body()));
        var rootCertificate = CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(ROOT.resolve("data/keys/root.pem")));
        parsed.verify(rootCertificate.getPublicKey());
        assertThat(parsed.getNextUpdate()).isInTheFuture();

        var notAQuery = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/pki/tsa"))
                        .header("Content-Type", "application/timestamp-query")
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notAQuery.statusCode()).isEqualTo(400);
        assertThat(notAQuery.body()).contains("not an RFC 3161 timestamp request");

        // the endpoint is public: a huge body is refused without being read whole
        var huge = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/pki/tsa"))
                        .header("Content-Type", "application/timestamp-query")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[4 * 1024 * 1024]))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(huge.statusCode()).isEqualTo(413);

        // a SHA-1 imprint is refused (a collidable digest); a SHA-256 one is granted
        assertThat(demoTsaStatus(org.bouncycastle.tsp.TSPAlgorithms.SHA1, 20))
                .isEqualTo(org.bouncycastle.asn1.cmp.PKIStatus.REJECTION);
        assertThat(demoTsaStatus(org.bouncycastle.tsp.TSPAlgorithms.SHA256, 32))
                .isEqualTo(org.bouncycastle.asn1.cmp.PKIStatus.GRANTED);
    }

    private int demoTsaStatus(org.bouncycastle.asn1.ASN1ObjectIdentifier digest, int length) throws Exception {
        var generator = new org.bouncycastle.tsp.TimeStampRequestGenerator();
        generator.setCertReq(true);
        byte[] query = generator
                .generate(digest, new byte[length], java.math.BigInteger.TEN)
                .getEncoded();
        var reply = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/pki/tsa"))
                        .header("Content-Type", "application/timestamp-query")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(query))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(reply.statusCode()).isEqualTo(200);
        return new org.bouncycastle.tsp.TimeStampResponse(reply.body()).getStatus();
    }

    private List<String> states() {
        return jdbc.sql("select state from licence_version order by id")
                .query(String.class)
                .list();
    }

    private List<String> reasons() throws Exception {
        var reasons = new java.util.ArrayList<String>();
        pipeline().get("parked").forEach(p -> reasons.add(p.get("reason").asString()));
        return reasons;
    }

    private JsonNode pipeline() throws Exception {
        return HubHttp.adminJson(port, "/api/v1/pipeline");
    }

    private static List<Path> outboxPdfs() throws IOException {
        Path outbox = ROOT.resolve("outbox");
        if (!Files.exists(outbox)) {
            return List.of();
        }
        try (var files = Files.walk(outbox)) {
            return files.filter(p -> p.toString().endsWith(".pdf")).toList();
        }
    }
}
