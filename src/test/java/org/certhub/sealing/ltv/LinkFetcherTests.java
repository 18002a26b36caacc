package org.certhub.sealing.ltv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.certhub.demopki.DemoPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The CRL door: what a certificate names is fetched from real HTTP servers on this machine only within the limits; a
 * redirect to another host, an internal address, an oversized or endless answer are refused.
 */
class LinkFetcherTests {

    private static final byte[] CRL = "a CRL, as far as the fetcher cares".getBytes();

    private HttpServer server;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            try (exchange) {
                switch (path) {
                    case "/crl", "/pki/crl/root.crl" -> reply(exchange, 200, CRL);
                    case "/moved" -> redirect(exchange, "/crl");
                    case "/elsewhere" -> redirect(exchange, "http://localhost:" + port() + "/crl");
                    case "/loop" -> redirect(exchange, "/loop");
                    case "/big" -> reply(exchange, 200, new byte[2 * 1024 * 1024]);
                    case "/big-chunked", "/pki/crl/big.crl" -> {
                        exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length to refuse by
                        try (OutputStream out = exchange.getResponseBody()) {
                            for (int i = 0; i < 64; i++) {
                                out.write(new byte[64 * 1024]);
                            }
                        }
                    }
                    case "/trickle" -> {
                        exchange.sendResponseHeaders(200, 0);
                        try (OutputStream out = exchange.getResponseBody()) {
                            for (int i = 0; i < 100; i++) {
                                out.write('x');
                                out.flush();
                                Thread.sleep(200);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    default -> reply(exchange, 404, new byte[0]);
                }
            } catch (java.io.IOException e) {
                // the client went away: what a refused answer looks like from here
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private int requestsTo(String path) {
        return requests.getOrDefault(path, new AtomicInteger()).get();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body)
            throws java.io.IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location)
            throws java.io.IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private static FetchSettings limits(Duration timeout, DataSize maxSize, String... allowedNetworks) {
        return new FetchSettings(timeout, Duration.ofSeconds(2), maxSize, 3, List.of(allowedNetworks));
    }

    /** As in demo mode: the loopback networks allowed. */
    private static LinkFetcher demo() {
        return new LinkFetcher(limits(Duration.ofSeconds(5), DataSize.ofMegabytes(1)), LinkFetcher.LOOPBACK);
    }

    /** As in production mode with nothing allowed. */
    private static LinkFetcher production() {
        return new LinkFetcher(limits(Duration.ofSeconds(5), DataSize.ofMegabytes(1)), List.of());
    }

    @Test
    void aCrlOnAnAllowedHostIsFetchedAlsoThroughARedirectOnTheSameHost() throws Exception {
        assertThat(demo().fetch(url("/crl"))).isEqualTo(CRL);
        assertThat(demo().fetch(url("/moved"))).isEqualTo(CRL);
        assertThat(new LinkFetcher(limits(Duration.ofSeconds(5), DataSize.ofMegabytes(1), "127.0.0.1/32"), List.of())
                        .fetch(url("/crl")))
                .as("a network allowed in the configuration")
                .isEqualTo(CRL);
    }

    @Test
    void aRedirectToAnotherHostIsRefusedAndNotFollowed() {
        assertThatThrownBy(() -> demo().fetch(url("/elsewhere")))
                .isInstanceOf(FetchRefusedException.class)
                .hasMessage(url("/elsewhere") + " redirects to another host (localhost:" + port() + "); not followed");
        assertThat(requestsTo("/crl")).isZero();
    }

    @Test
    void endlessRedirectsOnTheSameHostAreCutOff() {
        assertThatThrownBy(() -> demo().fetch(url("/loop")))
                .isInstanceOf(FetchRefusedException.class)
                .hasMessageContaining("redirects more than 3 times");
        assertThat(requestsTo("/loop")).isEqualTo(4);
    }

    @Test
    void loopbackLinkLocalAndPrivateAddressesAreRefusedWithoutARequest() {
        assertThatThrownBy(() -> production().fetch(url("/crl")))
                .isInstanceOf(FetchRefusedException.class)
                .hasMessage(url("/crl") + ": 127.0.0.1 is 127.0.0.1, a loopback address; not fetched (if it is "
                        + "meant, add its network to certhub.signing.fetch.allowed-networks)");
        assertThat(requestsTo("/crl")).as("no request reached the server").isZero();

        assertThatThrownBy(() -> production().fetch("http://169.254.169.254/latest/meta-data/"))
                .isInstanceOf(FetchRefusedException.class)
                .hasMessageContaining("a link-local address");
        assertThatThrownBy(() -> production().fetch("http://10.20.30.40/crl/ca.crl"))
                .isInstanceOf(FetchRefusedException.class)
                .hasMessageContaining("a private address");
        assertThatThrownBy(() -> production().fetch("http://192.168.1.1/ca.crl"))
                .hasMessageContaining("a private address");
        assertThatThrownBy(() -> production().fetch("http://172.16.0.1/ca.crl"))
                .hasMessageContaining("a private address");
        assertThatThrownBy(() -> production().fetch("http://[fd12:3456::1]/ca.crl"))
                .hasMessageContaining("a private address");
        assertThatThrownBy(() -> production().fetch("http://[::1]/ca.crl")).hasMessageContaining("a loopback address");
        assertThatThrownBy(() -> production().fetch("http://0.0.0.0/ca.crl"))
                .hasMessageContaining("a wildcard address");
        assertThatThrownBy(() -> production().fetch("http://100.64.0.1/ca.crl"))
                .hasMessageContaining("shared (carrier-grade NAT)");
        assertThatThrownBy(() -> production().fetch("file:///etc/passwd"))
                .isInstanceOf(FetchRefusedException.class)
                .hasMessageContaining("only http and https URLs are fetched");
    }

    @Test
    void anOversizedAnswerIsRefusedByItsLengthOrOnceTheLimitIsRead() {
        assertThatThrownBy(() -> demo().fetch(url("/big")))
                .isInstanceOf(FetchRefusedException.class)
                .hasMessage(url("/big") + " answers more than 1048576 bytes (certhub.signing.fetch.max-size); not "
                        + "taken");
        assertThatThrownBy(() -> demo().fetch(url("/big-chunked")))
                .isInstanceOf(FetchRefusedException.class)
                .hasMessageContaining("answers more than 1048576 bytes");
    }

    @Test
    void anAnswerThatTricklesIsCutOffAtTheTimeout() {
        var fetcher = new LinkFetcher(limits(Duration.ofSeconds(1), DataSize.ofMegabytes(1)), LinkFetcher.LOOPBACK);
        assertThatThrownBy(() -> fetcher.fetch(url("/trickle")))
                .isInstanceOf(HttpTimeoutException.class)
                .hasMessageContaining("within PT1S");
    }

    @Test
    void allowedNetworksAreAddressesOrCidrBlocksNeverNames() {
        assertThatThrownBy(() -> new LinkFetcher(
                        limits(Duration.ofSeconds(1), DataSize.ofMegabytes(1), "intranet.local"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'intranet.local' is not an IP address or CIDR block");
        assertThatThrownBy(() -> new LinkFetcher(
                        limits(Duration.ofSeconds(1), DataSize.ofMegabytes(1), "10.0.0.0/33"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(LinkFetcher.Network.parse("10.20.0.0/16").contains(address("10.20.255.1")))
                .isTrue();
        assertThat(LinkFetcher.Network.parse("10.20.0.0/16").contains(address("10.21.0.1")))
                .isFalse();
        assertThat(LinkFetcher.Network.parse("fd00::/8").contains(address("fd12::1")))
                .isTrue();
        assertThat(LinkFetcher.Network.parse("fd00::/8").contains(address("10.0.0.1")))
                .isFalse();
    }

    @Test
    void anOversizedCrlFailsTheSealingForGoodInsteadOfParkingIt(@TempDir Path dir) throws Exception {
        DemoPki pki = DemoPki.ensure(dir, "测试机关", "http://127.0.0.1:" + port());
        X509Certificate tsa = pki.tsaChain().get(0);
        var crls = new CrlDistributionPoints(
                new LinkFetcher(limits(Duration.ofSeconds(5), DataSize.ofKilobytes(64)), LinkFetcher.LOOPBACK));
        server.removeContext("/");
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, 1024 * 1024);
                exchange.getResponseBody().write(new byte[1024 * 1024]);
            } catch (java.io.IOException e) {
                // refused
            }
        });

        assertThatThrownBy(() -> crls.crl(tsa, pki.root()))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(SealingDeferredException.class)
                .hasMessageContaining("Cannot get the CRL of CN=")
                .hasMessageContaining("answers more than 65536 bytes");
    }

    private static java.net.InetAddress address(String literal) {
        try {
            return java.net.InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
