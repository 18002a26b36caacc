package org.certhub.sealing.ltv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampToken;
import org.certhub.demopki.DemoPki;
import org.certhub.demopki.DemoTimestampAuthority;
import org.certhub.testing.MutableClock;
import org.certhub.testing.TestPki;
import org.certhub.testing.TestTsa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP TSA client against real HTTP servers on this machine: one that answers with the demo TSA, one that fails
 * before it answers, one that hangs, a closed port, and TSAs of other test PKIs (trusted through their root or their
 * own certificate, or not at all); and its circuit breaker, on a clock the test moves.
 */
class HttpTimestampAuthorityTests {

    @TempDir
    static Path dir;

    private static DemoTimestampAuthority demo;
    private static DemoPki pki;
    private HttpServer server;

    @BeforeAll
    static void pki() {
        pki = DemoPki.ensure(dir, "测试机关");
        demo = new DemoTimestampAuthority(pki, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves the demo TSA after {@code failures} answers of HTTP 503, or hangs for {@code hang} first. */
    private String serve(int failures, Duration hang, AtomicInteger requests) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tsa", exchange -> {
            int n = requests.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            try {
                if (!hang.isZero()) {
                    Thread.sleep(hang.toMillis());
                }
                if (n <= failures) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                byte[] reply = demo.respond(new TimeStampRequest(body)).getEncoded();
                exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
                exchange.sendResponseHeaders(200, reply.length);
                exchange.getResponseBody().write(reply);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/tsa";
    }

    private static TimestampSettings settings(String url, int attempts, Duration timeout) {
        return settings(url, attempts, timeout, new TimestampSettings.Breaker(100, Duration.ofMinutes(1)));
    }

    private static TimestampSettings settings(
            String url, int attempts, Duration timeout, TimestampSettings.Breaker breaker) {
        return new TimestampSettings(
                url,
                List.of(),
                Duration.ofSeconds(2),
                timeout,
                attempts,
                Duration.ofMillis(50),
                Duration.ofMinutes(5),
                breaker);
    }

    /** A client of the TSA that trusts the demo PKI's root, as in demo mode. */
    private static HttpTimestampAuthority authority(TimestampSettings settings) {
        return new HttpTimestampAuthority(settings, TsaTrust.of(List.of(), List.of(pki.root())), Clock.systemUTC());
    }

    private static byte[] digest() throws Exception {
        return MessageDigest.getInstance("SHA-256").digest("a sealed certificate".getBytes());
    }

    @Test
    void aGrantedTimestampCoversTheDigestAndCarriesTheTsaCertificate() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        String url = serve(0, Duration.ZERO, requests);
        byte[] token = authority(settings(url, 1, Duration.ofSeconds(5))).timestamp(digest());

        TimeStampToken parsed = new TimeStampToken(ContentInfo.getInstance(token));
        assertThat(parsed.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(digest());
        assertThat(LongTermValidation.timestampCertificates(token).get(0))
                .isEqualTo(pki.tsaChain().get(0));
        assertThat(requests).hasValue(1);
    }

    @Test
    void aTsaThatFailsTwiceIsAskedAgainWithinTheBound() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        String url = serve(2, Duration.ZERO, requests);
        byte[] token = authority(settings(url, 3, Duration.ofSeconds(5))).timestamp(digest());
        assertThat(token).isNotEmpty();
        assertThat(requests).hasValue(3);
    }

    @Test
    void aTsaThatKeepsFailingGivesUpAfterTheAttemptsNamingTheCause() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        String url = serve(10, Duration.ZERO, requests);
        assertThatThrownBy(
                        () -> authority(settings(url, 3, Duration.ofSeconds(5))).timestamp(digest()))
                .isInstanceOf(TimestampUnavailableException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("3 attempts")
                .hasMessageContaining("HTTP 503");
        assertThat(requests).hasValue(3);
    }

    @Test
    void aTsaThatHangsIsGivenUpOnAfterTheTimeout() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        String url = serve(0, Duration.ofSeconds(30), requests);
        assertThatThrownBy(() ->
                        authority(settings(url, 2, Duration.ofMillis(300))).timestamp(digest()))
                .isInstanceOf(TimestampUnavailableException.class)
                .hasMessageContaining("2 attempts")
                .hasMessageContaining("HttpTimeoutException");
        assertThat(requests).hasValue(2);
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/tsa";
        assertThatThrownBy(
                        () -> authority(settings(url, 2, Duration.ofSeconds(2))).timestamp(digest()))
                .isInstanceOf(TimestampUnavailableException.class)
                .hasMessageContaining("ConnectException");
    }

    @Test
    void aTimestampSignedByATsaOfAnotherPkiIsRefusedNamingItsSigner() throws Exception {
        TestPki other = new TestPki(dir.resolve("other-pki"));
        try (TestTsa foreign = TestTsa.start(other.issueTsa("别人的 TSA", Duration.ofDays(365)))) {
            String url = foreign.url();
            assertThatThrownBy(() ->
                            authority(settings(url, 2, Duration.ofSeconds(5))).timestamp(digest()))
                    .isInstanceOf(TimestampUnavailableException.class)
                    .hasMessageContaining("the timestamp is signed by CN=别人的 TSA")
                    .hasMessageContaining("which is not trusted")
                    .hasMessageContaining("does not chain up to a trust anchor");
            assertThat(foreign.requests()).isEqualTo(2);
        }
    }

    @Test
    void aTsaIsTrustedThroughItsRootOrItsOwnCertificateAsATrustAnchor() throws Exception {
        TestPki other = new TestPki(dir.resolve("trusted-pki"));
        try (TestTsa tsa = TestTsa.start(other.issueTsa("可信 TSA", Duration.ofDays(365)))) {
            var throughRoot = new HttpTimestampAuthority(
                    settings(tsa.url(), 1, Duration.ofSeconds(5)),
                    TsaTrust.of(List.of(other.rootPem()), List.of()),
                    Clock.systemUTC());
            assertThat(LongTermValidation.timestampCertificates(throughRoot.timestamp(digest()))
                            .get(0))
                    .isEqualTo(tsa.certificate());

            Path own = dir.resolve("tsa.pem");
            java.nio.file.Files.writeString(own, pem(tsa.certificate()));
            var throughItself = new HttpTimestampAuthority(
                    settings(tsa.url(), 1, Duration.ofSeconds(5)),
                    TsaTrust.of(List.of(own), List.of()),
                    Clock.systemUTC());
            assertThat(throughItself.timestamp(digest())).isNotEmpty();
        }
    }

    @Test
    void withoutATrustAnchorNoTimestampIsTaken() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        String url = serve(0, Duration.ZERO, requests);
        var untrusting = new HttpTimestampAuthority(
                settings(url, 1, Duration.ofSeconds(5)), TsaTrust.of(List.of(), List.of()), Clock.systemUTC());

        assertThatThrownBy(() -> untrusting.timestamp(digest()))
                .isInstanceOf(TimestampUnavailableException.class)
                .hasMessageContaining("no trust anchor is configured (certhub.signing.tsa.trust-anchors)");
    }

    @Test
    void afterTheBreakerOpensTheTsaIsNotAskedAtAllUntilItsTimeIsUp() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        String url = serve(1_000, Duration.ZERO, requests);
        var clock = new MutableClock(java.time.Instant.parse("2026-12-07T08:00:00Z"));
        var breaker = new TimestampSettings.Breaker(3, Duration.ofMinutes(1));
        var authority = new HttpTimestampAuthority(
                settings(url, 2, Duration.ofSeconds(5), breaker), TsaTrust.of(List.of(), List.of(pki.root())), clock);

        // the first version: two attempts, both fail; the breaker is still closed
        assertThatThrownBy(() -> authority.timestamp(digest()))
                .isInstanceOf(TimestampUnavailableException.class)
                .hasMessageContaining("2 attempts");
        assertThat(requests).hasValue(2);
        // the second: its first attempt is the third failure in a row, which opens the breaker; no second attempt
        assertThatThrownBy(() -> authority.timestamp(digest()))
                .isInstanceOf(TimestampUnavailableException.class)
                .hasMessageContaining("not asked (circuit breaker open)");
        assertThat(requests).hasValue(3);
        // every further version is refused at once, without a request, naming the last failure
        for (int version = 3; version <= 10; version++) {
            assertThatThrownBy(() -> authority.timestamp(digest()))
                    .isInstanceOf(TimestampUnavailableException.class)
                    .hasMessageContaining("TSA " + url + " not asked (circuit breaker open)")
                    .hasMessageContaining("3 attempts in a row failed (the last: IOException: HTTP 503)");
        }
        assertThat(requests).hasValue(3);

        // a minute later one request tries it again; it fails, and the breaker opens again
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> authority.timestamp(digest())).isInstanceOf(TimestampUnavailableException.class);
        assertThat(requests).hasValue(4);
        assertThatThrownBy(() -> authority.timestamp(digest()))
                .hasMessageContaining("not asked (circuit breaker open)");
        assertThat(requests).hasValue(4);
    }

    @Test
    void aTsaThatAnswersAgainClosesTheBreaker() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        String url = serve(3, Duration.ZERO, requests);
        var clock = new MutableClock(java.time.Instant.parse("2026-12-07T08:00:00Z"));
        var authority = new HttpTimestampAuthority(
                settings(url, 1, Duration.ofSeconds(5), new TimestampSettings.Breaker(3, Duration.ofMinutes(1))),
                TsaTrust.of(List.of(), List.of(pki.root())),
                clock);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> authority.timestamp(digest())).isInstanceOf(TimestampUnavailableException.class);
        }
        assertThat(requests).as("the fourth was refused without a request").hasValue(3);

        clock.advance(Duration.ofMinutes(1));
        assertThat(authority.timestamp(digest())).isNotEmpty();
        assertThat(authority.timestamp(digest())).isNotEmpty();
        assertThat(requests).hasValue(5);
    }

    private static String pem(java.security.cert.X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
