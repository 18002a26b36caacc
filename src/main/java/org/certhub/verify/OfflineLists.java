package org.certhub.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.bouncycastle.util.BigIntegers;
import org.certhub.catalog.Catalogue;
import org.certhub.catalog.CertificateType;
import org.certhub.licence.LicenceLibrary;
import org.certhub.licence.LicenceStatus;
import org.certhub.platform.HubSettings;
import org.certhub.sealing.CompactSigner;
import org.certhub.seals.SealKey;
import org.certhub.seals.Seals;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two lists an offline verifier keeps (docs/verification.md, "The offline QR code"), each a compact JWS signed by
 * the default seal's current key:
 * <ul>
 *   <li>the <b>trust list</b>: every seal key whose signature a QR payload may carry, with its certificate chain, its
 *       validity and its seal, and the catalogue's types with their issuing authorities;</li>
 *   <li>the <b>status list</b>: a W3C Bitstring Status List credential (secured as {@code vc+jwt}, VC-JOSE-COSE),
 *       two bits per licence version at the index its QR payload names: 0 valid, 1 suspended, 2 revoked,
 *       3 cancelled.</li>
 * </ul>
 * Both are built on demand and kept a while: the trust list for {@code TRUST_LIST_KEPT}, the status list until a
 * licence changes on any node (at most once per {@code STATUS_LIST_MIN_AGE}) or it is {@code STATUS_LIST_KEPT} old,
 * so that its {@code validFrom} says how fresh it is.
 */
@Component
public class OfflineLists {

    static final String TRUST_LIST_PATH = "/.well-known/certhub/trust-list";
    static final String STATUS_LIST_PATH = "/.well-known/certhub/status-list";
    /** The smallest list the W3C recommendation allows (16 KB), so that one entry hides among many. */
    static final int MIN_BITS = 131_072;

    static final int STATUS_SIZE = 2;
    static final Duration TRUST_LIST_KEPT = Duration.ofMinutes(5);
    static final Duration STATUS_LIST_KEPT = Duration.ofMinutes(1);
    static final Duration STATUS_LIST_MIN_AGE = Duration.ofSeconds(1);
    /** How long a verifier may rely on a list it holds before it says the list is stale. */
    static final Duration VALIDITY = Duration.ofHours(24);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Seals seals;
    private final Catalogue catalogue;
    private final LicenceLibrary library;
    private final PublicLookups lookups;
    private final String baseUrl;
    private final Clock clock;

    private Built trustList;
    private Built statusList;

    private record Built(String jws, Instant at, long changes, String signer) {}

    OfflineLists(
            Seals seals,
            Catalogue catalogue,
            LicenceLibrary library,
            PublicLookups lookups,
            HubSettings hub,
            Clock clock) {
        this.seals = seals;
        this.catalogue = catalogue;
        this.library = library;
        this.lookups = lookups;
        this.baseUrl = hub.publicBaseUrl();
        this.clock = clock;
    }

    /** The trust list as a compact JWS. */
    public synchronized String trustList() {
        Instant now = clock.instant();
        // a new list at once when the default seal's key changed: the scan page trusts the list by that key
        String signer = base64Url(seals.active(null).signer().kid());
        if (trustList == null
                || !now.isBefore(trustList.at().plus(TRUST_LIST_KEPT))
                || !trustList.signer().equals(signer)) {
            trustList = new Built(buildTrustList(now), now, 0, signer);
        }
        return trustList.jws();
    }

    /** The status list credential as a compact JWS ({@code vc+jwt}). */
    public synchronized String statusList() {
        Instant now = clock.instant();
        long changes = lookups.changes();
        if (statusList == null
                || !now.isBefore(statusList.at().plus(STATUS_LIST_KEPT))
                || (changes != statusList.changes()
                        && !now.isBefore(statusList.at().plus(STATUS_LIST_MIN_AGE)))) {
            statusList = new Built(buildStatusList(now), now, changes, null);
        }
        return statusList.jws();
    }

    /** The key that signs both lists, as a JWK with its {@code kid}: what the scan page trusts to begin with. */
    public Map<String, Object> listSigner() {
        CompactSigner signer = seals.active(null).signer();
        var jwk = new LinkedHashMap<String, Object>(
                jwk(signer.token().certificateChain().get(0).getPublicKey()));
        jwk.put("kid", base64Url(signer.kid()));
        jwk.put("alg", signer.joseAlgorithm());
        return jwk;
    }

    /** The names a scan may show besides the holder's: the types', their authorities' and the seals'. */
    String namesShown() {
        var names = new StringBuilder();
        for (CertificateType type : catalogue.types()) {
            names.append(type.name()).append(type.issuingAuthority().name());
        }
        seals.keys().forEach(key -> names.append(key.sealName()));
        return names.toString();
    }

    String buildTrustList(Instant now) {
        var keys = new ArrayList<Map<String, Object>>();
        for (SealKey key : seals.keys()) {
            X509Certificate certificate = key.certificate();
            if (!signsQrPayloads(certificate.getPublicKey())) {
                // an SM2 seal signs OFD files only, never a QR payload
                continue;
            }
            var entry = new LinkedHashMap<String, Object>();
            entry.put("kid", base64Url(CompactSigner.kidOf(certificate)));
            entry.put("seal", key.sealId());
            entry.put("sealName", key.sealName());
            if (key.authorityCode() != null) {
                entry.put("authorityCode", key.authorityCode());
            }
            entry.put("keyVersion", key.version());
            entry.put("alg", algorithm(certificate.getPublicKey()));
            entry.put("jwk", jwk(certificate.getPublicKey()));
            entry.put("notBefore", certificate.getNotBefore().toInstant().toString());
            entry.put("notAfter", certificate.getNotAfter().toInstant().toString());
            entry.put("activatedAt", key.activatedAt().toString());
            if (key.retiredAt() != null) {
                entry.put("retiredAt", key.retiredAt().toString());
            }
            var chain = new ArrayList<X509Certificate>();
            chain.add(certificate);
            chain.addAll(key.issuers());
            entry.put("x5c", chain.stream().map(OfflineLists::der).toList());
            keys.add(entry);
        }
        var types = new ArrayList<Map<String, Object>>();
        for (CertificateType type : catalogue.types()) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("code", type.code());
            entry.put("name", type.name());
            entry.put("issuingAuthority", type.issuingAuthority().name());
            // the one seal whose keys may sign this type's payloads
            entry.put("seal", seals.active(type.sealing().seal()).id());
            if (type.english().name() != null) {
                entry.put("nameEn", type.english().name());
            }
            if (type.english().issuingAuthority() != null) {
                entry.put("issuingAuthorityEn", type.english().issuingAuthority());
            }
            types.add(entry);
        }
        var list = new LinkedHashMap<String, Object>();
        list.put("iss", baseUrl);
        list.put("id", baseUrl + TRUST_LIST_PATH);
        list.put("issued", now.truncatedTo(ChronoUnit.SECONDS).toString());
        list.put(
                "nextUpdate", now.plus(VALIDITY).truncatedTo(ChronoUnit.SECONDS).toString());
        list.put("keys", keys);
        list.put("types", types);
        CompactSigner signer = seals.active(null).signer();
        var header = new LinkedHashMap<String, Object>();
        header.put("alg", signer.joseAlgorithm());
        header.put("kid", base64Url(signer.kid()));
        header.put("typ", "certhub-trust-list+jwt");
        header.put(
                "x5c",
                signer.token().certificateChain().stream()
                        .map(OfflineLists::der)
                        .toList());
        return jws(header, list, signer);
    }

    String buildStatusList(Instant now) {
        long highest = library.highestVersionId();
        long bits = Math.max(MIN_BITS, ceilTo((highest + 1) * STATUS_SIZE, MIN_BITS));
        byte[] list = new byte[Math.toIntExact(bits / 8)];
        for (LicenceLibrary.StatusEntry entry : library.withdrawnOrSuspended()) {
            set(list, entry.versionId(), code(entry.status()));
        }
        var subject = new LinkedHashMap<String, Object>();
        subject.put("id", baseUrl + STATUS_LIST_PATH + "#list");
        subject.put("type", "BitstringStatusList");
        subject.put("statusPurpose", "message");
        subject.put("statusSize", STATUS_SIZE);
        subject.put(
                "statusMessage",
                List.of(
                        Map.of("status", "0x0", "message", "valid"),
                        Map.of("status", "0x1", "message", "suspended"),
                        Map.of("status", "0x2", "message", "revoked"),
                        Map.of("status", "0x3", "message", "cancelled")));
        subject.put("ttl", STATUS_LIST_KEPT.toMillis());
        subject.put("encodedList", "u" + base64Url(gzip(list)));
        var credential = new LinkedHashMap<String, Object>();
        credential.put("@context", List.of("https://www.w3.org/ns/credentials/v2"));
        credential.put("id", baseUrl + STATUS_LIST_PATH);
        credential.put("type", List.of("VerifiableCredential", "BitstringStatusListCredential"));
        credential.put("issuer", baseUrl);
        credential.put("validFrom", now.truncatedTo(ChronoUnit.SECONDS).toString());
        credential.put(
                "validUntil", now.plus(VALIDITY).truncatedTo(ChronoUnit.SECONDS).toString());
        credential.put("credentialSubject", subject);
        CompactSigner signer = seals.active(null).signer();
        var header = new LinkedHashMap<String, Object>();
        header.put("alg", signer.joseAlgorithm());
        header.put("kid", base64Url(signer.kid()));
        header.put("typ", "vc+jwt");
        header.put("cty", "vc");
        return jws(header, credential, signer);
    }

    /** The status code of a licence status in the list; valid and expired are 0 (expiry is in the payload). */
    static int code(LicenceStatus status) {
        return switch (status) {
            case SUSPENDED -> 1;
            case REVOKED -> 2;
            case CANCELLED -> 3;
            case VALID, EXPIRED -> 0;
        };
    }

    /** Writes a 2-bit entry, most significant bit first, as the W3C list counts its bits from the left. */
    static void set(byte[] list, long index, int value) {
        for (int b = 0; b < STATUS_SIZE; b++) {
            long bit = index * STATUS_SIZE + b;
            if (((value >> (STATUS_SIZE - 1 - b)) & 1) != 0) {
                list[(int) (bit / 8)] |= (byte) (0x80 >>> (bit % 8));
            }
        }
    }

    private static long ceilTo(long value, long multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    private static String jws(Map<String, Object> header, Map<String, Object> payload, CompactSigner signer) {
        String signingInput =
                base64Url(JSON.writeValueAsBytes(header)) + "." + base64Url(JSON.writeValueAsBytes(payload));
        return signingInput + "." + base64Url(signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Whether the key is one of those that sign QR payloads: ECDSA on a NIST curve, or RSA. */
    static boolean signsQrPayloads(PublicKey key) {
        return (key instanceof ECPublicKey && !org.certhub.sealing.keys.KeyAlgorithm.isSm2(key))
                || key instanceof java.security.interfaces.RSAPublicKey;
    }

    /** The one JOSE/COSE algorithm a key signs with, as {@link CompactSigner} names it for the seals' algorithms. */
    static String algorithm(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return switch ((ec.getParams().getCurve().getField().getFieldSize() + 7) / 8) {
                case 32 -> "ES256";
                case 48 -> "ES384";
                default -> "ES512";
            };
        }
        return "RS256";
    }

    static Map<String, Object> jwk(PublicKey key) {
        var jwk = new LinkedHashMap<String, Object>();
        if (key instanceof ECPublicKey ec) {
            int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            jwk.put("kty", "EC");
            jwk.put(
                    "crv",
                    switch (size) {
                        case 32 -> "P-256";
                        case 48 -> "P-384";
                        case 66 -> "P-521";
                        default ->
                            throw new IllegalArgumentException("an EC key of " + size + " bytes has no JWK curve");
                    });
            jwk.put(
                    "x",
                    base64Url(BigIntegers.asUnsignedByteArray(size, ec.getW().getAffineX())));
            jwk.put(
                    "y",
                    base64Url(BigIntegers.asUnsignedByteArray(size, ec.getW().getAffineY())));
        } else if (key instanceof RSAPublicKey rsa) {
            jwk.put("kty", "RSA");
            jwk.put("n", base64Url(unsigned(rsa.getModulus())));
            jwk.put("e", base64Url(unsigned(rsa.getPublicExponent())));
        } else {
            throw new IllegalArgumentException("no JWK for a " + key.getAlgorithm() + " key");
        }
        return jwk;
    }

    private static byte[] unsigned(BigInteger value) {
        return BigIntegers.asUnsignedByteArray(value);
    }

    private static String der(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] gzip(byte[] bytes) {
        var out = new ByteArrayOutputStream(bytes.length / 64 + 64);
        try (var gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
