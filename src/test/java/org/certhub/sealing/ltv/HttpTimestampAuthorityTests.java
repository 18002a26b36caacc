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
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampToken;
import org.certhub.demopki.DemoPki;
import org.certhub.demopki.DemoTimestampAuthority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP TSA client against real HTTP servers on this machine: one that answers with the demo TSA, one that fails
 * before it answers, one that hangs, and a closed port.
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
        return new TimestampSettings(
                url, Duration.ofSeconds(2), timeout, attempts, Duration.ofMillis(50), Duration.ofMinutes(5));
    }

    private static byte[] digest() throws Exception {
        return MessageDigest.getInstance("SHA-256").digest("a sealed certificate".getBytes());
    }

    @Test
    void aGrantedTimestampCoversTheDigestAndCarriesTheTsaCertificate() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        String url = serve(0, Duration.ZERO, requests);
        byte[] token = new HttpTimestampAuthority(settings(url, 1, Duration.ofSeconds(5))).timestamp(digest());

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
        byte[] token = new HttpTimestampAuthority(settings(url, 3, Duration.ofSeconds(5))).timestamp(digest());
        assertThat(token).isNotEmpty();
        assertThat(requests).hasValue(3);
    }

    @Test
    void aTsaThatKeepsFailingGivesUpAfterTheAttemptsNamingTheCause() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        String url = serve(10, Duration.ZERO, requests);
        assertThatThrownBy(
                        () -> new HttpTimestampAuthority(settings(url, 3, Duration.ofSeconds(5))).timestamp(digest()))
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
        assertThatThrownBy(
                        () -> new HttpTimestampAuthority(settings(url, 2, Duration.ofMillis(300))).timestamp(digest()))
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
                        () -> new HttpTimestampAuthority(settings(url, 2, Duration.ofSeconds(2))).timestamp(digest()))
                .isInstanceOf(TimestampUnavailableException.class)
                .hasMessageContaining("ConnectException");
    }
}
