package org.certhub.testing;

import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * An RFC 3161 TSA of a test PKI ({@link TestPki#issueTsa}) over HTTP on this machine, at {@link #url()}: answers every
 * request with a granted timestamp signed by its own key, and counts the requests.
 */
public final class TestTsa implements AutoCloseable {

    private static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.3161.9");

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final AtomicLong serials = new AtomicLong();
    private final AtomicInteger requests = new AtomicInteger();
    private final HttpServer server;

    private TestTsa(TestPki.Seal tsa) throws Exception {
        this.key = tsa.key();
        this.chain = tsa.chain();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tsa", exchange -> {
            requests.incrementAndGet();
            try {
                byte[] reply = respond(exchange.getRequestBody().readAllBytes());
                exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
                exchange.sendResponseHeaders(200, reply.length);
                exchange.getResponseBody().write(reply);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** Starts a TSA that signs with this key and chain (from {@link TestPki#issueTsa}). */
    public static TestTsa start(TestPki.Seal tsa) throws Exception {
        return new TestTsa(tsa);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/tsa";
    }

    public int requests() {
        return requests.get();
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The DER timestamp reply to a DER timestamp request, as this TSA signs it. */
    public byte[] respond(byte[] query) throws Exception {
        var signerInfo = new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withECDSA", key, chain.get(0));
        var tokens = new TimeStampTokenGenerator(
                signerInfo,
                new JcaDigestCalculatorProviderBuilder()
                        .build()
                        .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                POLICY);
        tokens.addCertificates(new JcaCertStore(chain));
        return new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED)
                .generate(new TimeStampRequest(query), BigInteger.valueOf(serials.incrementAndGet()), new Date())
                .getEncoded();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
