package org.certhub.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * An RFC 3161 time-stamping authority of a {@link TestPki}, served over HTTPS on a free local port, for tests that run
 * the hub as a department would: with a TSA of their own PKI. Its TLS certificate is issued by the same test root;
 * {@link #writeTrustStore} writes the root for the hub's {@code javax.net.ssl.trustStore}.
 */
public final class HttpsTestTsa implements AutoCloseable {

    private final HttpsServer server;
    private final AtomicLong requests = new AtomicLong();

    public HttpsTestTsa(TestPki pki) throws Exception {
        TestPki.Seal signer = pki.issueTimestamping("certhub Test TSA");
        TestPki.Seal tls = pki.issue("localhost", "EC", java.time.Duration.ofDays(30));
        var tokens = new TimeStampTokenGenerator(
                new JcaSimpleSignerInfoGeneratorBuilder()
                        .build("SHA256withECDSA", signer.key(), signer.chain().get(0)),
                new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder()
                        .build()
                        .get(org.bouncycastle.asn1.x509.AlgorithmIdentifier.getInstance(
                                new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                                        org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256))),
                new ASN1ObjectIdentifier("1.2.3.4.1"));
        tokens.addCertificates(new JcaCertStore(List.of(signer.chain().get(0))));
        var responses = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);

        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("tls", tls.key(), new char[0], tls.chain().toArray(new X509Certificate[0]));
        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(keyManagers.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/tsa", exchange -> {
            try (exchange) {
                var request = new TimeStampRequest(exchange.getRequestBody().readAllBytes());
                byte[] answer = responses
                        .generate(request, BigInteger.valueOf(requests.incrementAndGet()), new Date())
                        .getEncoded();
                exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        server.start();
    }

    /** The TSA's URL: https, on localhost. */
    public String url() {
        return "https://localhost:" + server.getAddress().getPort() + "/tsa";
    }

    /** How many timestamps it gave. */
    public long requests() {
        return requests.get();
    }

    /** Writes a PKCS#12 trust store holding the test root, for {@code -Djavax.net.ssl.trustStore}. */
    public static Path writeTrustStore(TestPki pki, Path file, char[] password) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("test-root", pki.root());
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, password);
        }
        return file;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
