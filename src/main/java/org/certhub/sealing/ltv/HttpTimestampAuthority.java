package org.certhub.sealing.ltv;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RFC 3161 TSA over HTTP ({@code application/timestamp-query}). Each attempt is bounded by the connect and answer
 * timeouts; failed attempts are retried with a doubling pause, and after the last one the caller gets a
 * {@link TimestampUnavailableException} naming the URL and the last failure. An answer counts only if it grants the
 * request, matches its digest and nonce, its signature verifies with the TSA certificate it carries, and that
 * certificate is trusted ({@link TsaTrust}). A circuit breaker shared by all callers stops asking a TSA that keeps
 * failing: while it is open, a timestamp is refused at once, without a request. Thread-safe.
 */
public final class HttpTimestampAuthority implements TimestampAuthority {

    private static final Logger log = LoggerFactory.getLogger(HttpTimestampAuthority.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI url;
    private final TimestampSettings settings;
    private final TsaTrust trust;
    private final CircuitBreaker breaker;
    private final HttpClient http;

    public HttpTimestampAuthority(TimestampSettings settings, TsaTrust trust, Clock clock) {
        this.url = URI.create(settings.url());
        this.settings = settings;
        this.trust = trust;
        this.breaker = new CircuitBreaker(
                settings.breaker().failures(), settings.breaker().openFor(), clock);
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .build();
    }

    @Override
    public byte[] timestamp(byte[] sha256Digest) {
        Exception last = null;
        Duration pause = settings.retryBackoff();
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1) {
                sleep(pause);
                pause = pause.multipliedBy(2);
            }
            String refusal = breaker.refusal();
            if (refusal != null) {
                throw new TimestampUnavailableException(
                        "TSA " + url + " not asked (circuit breaker open): " + refusal, last);
            }
            try {
                byte[] token = once(sha256Digest);
                breaker.succeeded();
                return token;
            } catch (IOException | TSPException | RuntimeException e) {
                last = e;
                log.warn("Timestamp attempt {}/{} at {} failed: {}", attempt, settings.attempts(), url, describe(e));
                if (breaker.failed(describe(e))) {
                    log.warn(
                            "TSA {} failed {} attempts in a row: not asked for {}; versions that need a timestamp "
                                    + "are parked meanwhile",
                            url,
                            settings.breaker().failures(),
                            settings.breaker().openFor());
                }
            } catch (InterruptedException e) {
                breaker.abandoned();
                Thread.currentThread().interrupt();
                throw new TimestampUnavailableException("Interrupted while waiting for the TSA " + url, e);
            }
        }
        throw new TimestampUnavailableException(
                "TSA " + url + " gave no timestamp in " + settings.attempts() + " attempts (timeout "
                        + settings.timeout().toSeconds() + " s each): " + describe(last),
                last);
    }

    private byte[] once(byte[] digest) throws IOException, InterruptedException, TSPException {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, digest, new BigInteger(64, RANDOM));
        HttpResponse<byte[]> answer = http.send(
                HttpRequest.newBuilder(url)
                        .timeout(settings.timeout())
                        .header("Content-Type", "application/timestamp-query")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 200) {
            throw new IOException("HTTP " + answer.statusCode());
        }
        TimeStampResponse response = new TimeStampResponse(answer.body());
        // checks the status, the digest, the nonce and that a certificate was given as asked
        response.validate(request);
        TimeStampToken token = response.getTimeStampToken();
        verifySignature(token);
        trust.verify(token);
        return token.getEncoded();
    }

    private static void verifySignature(TimeStampToken token) throws TSPException {
        java.util.Collection<?> matches = token.getCertificates().getMatches(token.getSID());
        if (matches.isEmpty()) {
            throw new TSPException("the TSA did not include its certificate");
        }
        try {
            token.validate(new JcaSimpleSignerInfoVerifierBuilder()
                    .build((X509CertificateHolder) matches.iterator().next()));
        } catch (org.bouncycastle.operator.OperatorCreationException | java.security.cert.CertificateException e) {
            throw new TSPException("cannot verify the timestamp: " + e.getMessage(), e);
        }
    }

    private static String describe(Exception e) {
        if (e == null) {
            return "no attempt";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimestampUnavailableException("Interrupted while waiting to retry the TSA", e);
        }
    }
}
