package org.certhub.intake.rest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.certhub.platform.Sha256;

/**
 * The signature of a pushed request: {@code base64(HMAC-SHA256(secret, METHOD\nPATH\nTIMESTAMP\nNONCE\nBODYHASH))},
 * where PATH is the request path without the query, TIMESTAMP Unix seconds, and BODYHASH the lower-case hex SHA-256
 * of the body bytes exactly as sent. The secret's UTF-8 bytes are the HMAC key.
 */
public final class RequestSignature {

    public static final String KEY_HEADER = "X-Certhub-Key";
    public static final String TIMESTAMP_HEADER = "X-Certhub-Timestamp";
    public static final String NONCE_HEADER = "X-Certhub-Nonce";
    public static final String SIGNATURE_HEADER = "X-Certhub-Signature";

    private RequestSignature() {}

    public static String stringToSign(String method, String path, long timestamp, String nonce, String bodySha256) {
        return method + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n" + bodySha256;
    }

    /** The base64 signature of the string with the secret. */
    public static String sign(String secret, String stringToSign) {
        return Base64.getEncoder().encodeToString(hmac(secret, stringToSign));
    }

    /** Whether a received base64 signature is the right one, compared in constant time. */
    public static boolean matches(String secret, String stringToSign, String signature) {
        byte[] received;
        try {
            received = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret, stringToSign), received);
    }

    /** The body's hash as the string to sign carries it. */
    public static String sha256Hex(byte[] body) {
        return Sha256.hex(body);
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
