package org.certhub.seals;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * One key a seal has signed with, as a verifier needs it.
 *
 * @param sealId        the seal's id
 * @param sealName      the seal's name, e.g. 江苏省住房和城乡建设厅电子印章
 * @param authorityCode the issuing authority's unified social credit code, or null
 * @param version       the key's version; increases with each rotation
 * @param certificate   the key's certificate
 * @param issuers       the certificates above it, as the seal's current chain has them
 * @param activatedAt   when the seal started signing with it
 * @param retiredAt     when the seal rotated away from it; null for the key it signs with now
 */
public record SealKey(
        String sealId,
        String sealName,
        String authorityCode,
        int version,
        X509Certificate certificate,
        List<X509Certificate> issuers,
        Instant activatedAt,
        Instant retiredAt) {

    public SealKey {
        issuers = List.copyOf(issuers);
    }
}
