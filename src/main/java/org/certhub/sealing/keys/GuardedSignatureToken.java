package org.certhub.sealing.keys;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.certhub.sealing.SignatureToken;

/**
 * What every opened key goes through before it signs: the signer certificate must be valid at the moment of signing
 * (a seal that expires while the hub runs stops signing instead of producing invalid seals), and at most
 * {@code permits} signatures run at once (an HSM has a limited number of sessions; a caller that waits longer than
 * {@code wait} gets a clear "all sessions busy" error and the work is retried later).
 */
public final class GuardedSignatureToken implements SignatureToken {

    /** How long a signature waits for a free session before it gives up. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final SignatureToken key;
    private final String name;
    private final int permits;
    private final Semaphore sessions;
    private final Duration wait;
    private final Clock clock;
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    /**
     * @param name    names the key in error messages, e.g. {@code seal 'demo' (PKCS#11 token 'seals')}
     * @param permits at most this many concurrent signatures; 0 for no bound
     */
    public GuardedSignatureToken(SignatureToken key, String name, int permits, Duration wait, Clock clock) {
        this.key = key;
        this.name = name;
        this.permits = permits;
        this.sessions = permits > 0 ? new Semaphore(permits, true) : null;
        this.wait = wait;
        this.clock = clock;
    }

    /** Guards a key opened from its reference, bounded by the reference's sessions (PKCS#11) or not (PKCS#12). */
    public static GuardedSignatureToken of(KeyReference reference, SignatureToken key, String name, Clock clock) {
        int permits = reference instanceof Pkcs11Key p11 ? Math.toIntExact(p11.sessions()) : 0;
        return new GuardedSignatureToken(key, name, permits, DEFAULT_WAIT, clock);
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return key.certificateChain();
    }

    @Override
    public String signatureAlgorithm() {
        return key.signatureAlgorithm();
    }

    /**
     * @throws KeyUnavailableException if the certificate is not valid now, all sessions stay busy, or the key fails
     */
    @Override
    public byte[] sign(byte[] dataToSign) {
        checkValidity();
        if (sessions == null) {
            return measured(dataToSign);
        }
        boolean acquired;
        try {
            acquired = sessions.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyUnavailableException("interrupted while waiting for a session of " + name, e);
        }
        if (!acquired) {
            throw new KeyUnavailableException("all " + permits + " HSM sessions of " + name + " busy for "
                    + (wait.toMillis() < 1000 ? wait.toMillis() + " ms" : wait.toSeconds() + " s"));
        }
        try {
            return measured(dataToSign);
        } finally {
            sessions.release();
        }
    }

    private byte[] measured(byte[] dataToSign) {
        peak.accumulateAndGet(inUse.incrementAndGet(), Math::max);
        try {
            return key.sign(dataToSign);
        } finally {
            inUse.decrementAndGet();
        }
    }

    /** Throws unless the signer certificate is valid now. */
    public void checkValidity() {
        X509Certificate signer = key.certificateChain().get(0);
        try {
            signer.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException e) {
            throw new KeyUnavailableException("the certificate of " + name + " expired on "
                    + signer.getNotAfter().toInstant() + "; nothing is signed with it");
        } catch (CertificateNotYetValidException e) {
            throw new KeyUnavailableException("the certificate of " + name + " is not valid before "
                    + signer.getNotBefore().toInstant());
        }
    }

    /** The bound on concurrent signatures, 0 for none. */
    public int permits() {
        return permits;
    }

    /** The most signatures that ran at once so far. */
    public int peakConcurrency() {
        return peak.get();
    }
}
