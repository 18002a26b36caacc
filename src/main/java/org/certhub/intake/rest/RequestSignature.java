package org.certhub.intake.rest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.certhub.platform.Sha256;

/**
 * The signature of a pushed request: {@code base64(HMAC-SHA256(secret, stringToSign))}, the secret's UTF-8 bytes as
 * the key. Two versions:
 *
 * <ul>
 *   <li><b>v2</b> (header {@code X-Certhub-Signature: v2=<base64>}): the string to sign is
 *       {@code v2\nMETHOD\nPATH\nQUERY\nCONTENT-TYPE\nIDEMPOTENCY-KEY\nTIMESTAMP\nNONCE\nBODYHASH}, and the body's hash
 *       also travels in {@code X-Certhub-Content-SHA256}, so that the hub checks the signature before it reads the
 *       body and then checks the body against the signed hash;
 *   <li><b>v1</b> (a bare base64 value): {@code METHOD\nPATH\nTIMESTAMP\nNONCE\nBODYHASH}, accepted until
 *       {@code certhub.rest.v1-accepted-until}.
 * </ul>
 *
 * PATH is the request path without the query, QUERY the query string as sent without the {@code ?} (empty when there
 * is none), CONTENT-TYPE and IDEMPOTENCY-KEY the headers' values as sent (empty when absent), TIMESTAMP Unix seconds,
 * and BODYHASH the lower-case hex SHA-256 of the body bytes exactly as sent.
 */
public final class RequestSignature {

    public static final String KEY_HEADER = "X-Certhub-Key";
    public static final String TIMESTAMP_HEADER = "X-Certhub-Timestamp";
    public static final String NONCE_HEADER = "X-Certhub-Nonce";
    public static final String SIGNATURE_HEADER = "X-Certhub-Signature";
    /** v2: the body's hash, the value the string to sign ends with. */
    public static final String CONTENT_SHA256_HEADER = "X-Certhub-Content-SHA256";
    /** v2: the prefix of the signature header's value. */
    public static final String V2_PREFIX = "v2=";

    private static final int HMAC_SHA256_BYTES = 32;

    /** The signature versions, told apart by the signature header's value. */
    public enum Version {
        V1,
        V2;

        /** The version of a signature header's value: {@code v2=<base64>} or a bare base64 value (v1). */
        static Version of(String signatureHeader) {
            return signatureHeader.strip().startsWith(V2_PREFIX) ? V2 : V1;
        }
    }

    private RequestSignature() {}

    /** Version 1's string to sign. */
    public static String stringToSign(String method, String path, long timestamp, String nonce, String bodySha256) {
        return method + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n" + bodySha256;
    }

    /** Version 2's string to sign; a null query, content type or idempotency key is an empty line. */
    public static String stringToSignV2(
            String method,
            String path,
            String query,
            String contentType,
            String idempotencyKey,
            long timestamp,
            String nonce,
            String bodySha256) {
        return String.join(
                "\n",
                "v2",
                method,
                path,
                orEmpty(query),
                orEmpty(contentType),
                orEmpty(idempotencyKey),
                Long.toString(timestamp),
                nonce,
                bodySha256);
    }

    /** The base64 signature of the string with the secret (version 1's header value). */
    public static String sign(String secret, String stringToSign) {
        return Base64.getEncoder().encodeToString(hmac(secret, stringToSign));
    }

    /** Version 2's header value: {@code v2=} and the base64 signature. */
    public static String signV2(String secret, String stringToSign) {
        return V2_PREFIX + sign(secret, stringToSign);
    }

    /**
     * The HMAC a signature header carries, decoded: empty unless it is the base64 of exactly 32 bytes (after the
     * {@code v2=} prefix for v2), so that a malformed signature is refused before anything else is looked at.
     */
    static Optional<byte[]> decode(String signatureHeader) {
        String value = signatureHeader.strip();
        if (value.startsWith(V2_PREFIX)) {
            value = value.substring(V2_PREFIX.length());
        }
        try {
            byte[] hmac = Base64.getDecoder().decode(value);
            return hmac.length == HMAC_SHA256_BYTES ? Optional.of(hmac) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether a received signature header (either version) is the right one, compared in constant time. */
    public static boolean matches(String secret, String stringToSign, String signature) {
        return decode(signature)
                .map(received -> MessageDigest.isEqual(hmac(secret, stringToSign), received))
                .orElse(false);
    }

    /** The body's hash as the string to sign carries it. */
    public static String sha256Hex(byte[] body) {
        return Sha256.hex(body);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static byte[] hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
