package org.certhub.demopki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.certhub.sealing.ltv.TimestampAuthority;

/**
 * The hub's demo time-stamping authority (RFC 3161), signing with the demo TSA key: answers requests that come over
 * HTTP ({@code POST /pki/tsa}) and, when no other TSA is configured, the sealer's own requests in process. Accuracy
 * is that of this host's clock. Thread-safe.
 */
public final class DemoTimestampAuthority implements TimestampAuthority {

    /** The demo's TSA policy: an arc of the private "certhub demo" space, meaning "no promise beyond this host". */
    static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.3161.1");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DemoPki pki;
    private final Clock clock;
    private final AtomicLong serials = new AtomicLong(new SecureRandom().nextLong() >>> 16);

    public DemoTimestampAuthority(DemoPki pki, Clock clock) {
        this.pki = pki;
        this.clock = clock;
    }

    @Override
    public byte[] timestamp(byte[] sha256Digest) {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, sha256Digest, new BigInteger(64, RANDOM));
        try {
            TimeStampResponse response = respond(request);
            response.validate(request);
            return response.getTimeStampToken().getEncoded();
        } catch (TSPException | IOException e) {
            throw new IllegalStateException("The demo TSA failed", e);
        }
    }

    private static final java.util.Set<org.bouncycastle.asn1.ASN1ObjectIdentifier> SHA2_IMPRINTS =
            java.util.Set.of(TSPAlgorithms.SHA256, TSPAlgorithms.SHA384, TSPAlgorithms.SHA512);

    /** Answers one request: granted, or rejected with the reason when its algorithm or form is not accepted. */
    public TimeStampResponse respond(TimeStampRequest request) throws TSPException {
        try {
            var signerInfo = new JcaSimpleSignerInfoGeneratorBuilder()
                    .build("SHA256withECDSA", pki.tsaKey(), pki.tsaChain().get(0));
            // a SHA-256 certificate digest gives an ESSCertIDv2 (signing-certificate-v2), as ETSI EN 319 422 wants
            var tokens = new TimeStampTokenGenerator(
                    signerInfo,
                    new JcaDigestCalculatorProviderBuilder()
                            .build()
                            .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                    POLICY);
            tokens.addCertificates(new JcaCertStore(pki.tsaChain()));
            // SHA-2 imprints only: a TSA that stamps MD5 or SHA-1 digests vouches for collidable data
            var responses = new TimeStampResponseGenerator(tokens, SHA2_IMPRINTS);
            return responses.generate(
                    request, BigInteger.valueOf(serials.incrementAndGet()), Date.from(clock.instant()));
        } catch (TSPException e) {
            throw e;
        } catch (Exception e) {
            throw new TSPException("The demo TSA cannot sign: " + e.getMessage(), e);
        }
    }
}
