package org.certhub.sealing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.util.BigIntegers;

/**
 * A seal's key signing for JOSE and COSE (the QR code's offline payload, the trust and status lists) through the
 * same {@link SignatureToken} as its PAdES signatures, so an HSM key serves both. JOSE and COSE want an ECDSA
 * signature as the raw {@code r || s}; the token gives CMS's DER, which this turns around.
 */
public final class CompactSigner {

    private final SignatureToken token;
    private final String jose;
    private final int cose;
    private final int fieldBytes;
    private final byte[] kid;

    public CompactSigner(SignatureToken token) {
        this.token = token;
        X509Certificate certificate = token.certificateChain().get(0);
        this.kid = kidOf(certificate);
        String algorithm = token.signatureAlgorithm().toUpperCase(Locale.ROOT);
        switch (algorithm) {
            case "SHA256WITHECDSA" -> {
                jose = "ES256";
                cose = -7;
            }
            case "SHA384WITHECDSA" -> {
                jose = "ES384";
                cose = -35;
            }
            case "SHA512WITHECDSA" -> {
                jose = "ES512";
                cose = -36;
            }
            case "SHA256WITHRSA" -> {
                jose = "RS256";
                cose = -257;
            }
            default ->
                throw new IllegalArgumentException(
                        "No JOSE/COSE algorithm for a seal that signs with " + token.signatureAlgorithm());
        }
        this.fieldBytes = certificate.getPublicKey() instanceof ECPublicKey ec
                ? (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8
                : 0;
    }

    /**
     * The key id of a seal certificate in the QR payloads and the trust list: the first 8 bytes of the SHA-256 of its
     * DER encoding, as the EU digital COVID certificate names its signers.
     */
    public static byte[] kidOf(X509Certificate certificate) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()), 8);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JOSE's name of the algorithm: ES256, ES384, ES512 or RS256. */
    public String joseAlgorithm() {
        return jose;
    }

    /** COSE's number of the same algorithm (RFC 9053, RFC 8812). */
    public int coseAlgorithm() {
        return cose;
    }

    public byte[] kid() {
        return kid.clone();
    }

    public SignatureToken token() {
        return token;
    }

    /** Signs, hashing included; an ECDSA signature comes back as {@code r || s}, each as long as the curve's field. */
    public byte[] sign(byte[] data) {
        byte[] signature = token.sign(data);
        if (fieldBytes == 0) {
            return signature;
        }
        ASN1Sequence rs = ASN1Sequence.getInstance(signature);
        byte[] raw = new byte[2 * fieldBytes];
        BigIntegers.asUnsignedByteArray(
                ASN1Integer.getInstance(rs.getObjectAt(0)).getValue(), raw, 0, fieldBytes);
        BigIntegers.asUnsignedByteArray(
                ASN1Integer.getInstance(rs.getObjectAt(1)).getValue(), raw, fieldBytes, fieldBytes);
        return raw;
    }
}
