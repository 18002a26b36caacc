package org.certhub.sealing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * The detached CMS SignedData of a PAdES baseline signature (sub-filter ETSI.CAdES.detached), built in steps so that
 * the key never passes through here: {@link #prepare} makes the signed attributes, whose DER encoding
 * ({@link #dataToSign()}) the {@link SignatureToken} signs; {@link #complete} puts the signature value, and for B-T and
 * up the signature timestamp, into the SignerInfo.
 *
 * <p>SHA-256; signed attributes content-type, message-digest and signing-certificate-v2, and deliberately no
 * signing-time attribute, which PAdES forbids because the time belongs in the signature dictionary's /M entry. DER
 * throughout: validators re-encode nothing and byte-exact comparisons stay stable.
 */
final class CadesDetachedSignature {

    private static final AlgorithmIdentifier SHA256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);

    private final List<X509Certificate> chain;
    private final AlgorithmIdentifier signatureAlgorithm;
    private final ASN1Set signedAttributes;

    private CadesDetachedSignature(
            List<X509Certificate> chain, AlgorithmIdentifier signatureAlgorithm, ASN1Set signedAttributes) {
        this.chain = chain;
        this.signatureAlgorithm = signatureAlgorithm;
        this.signedAttributes = signedAttributes;
    }

    /**
     * Prepares the signed attributes for content with the given SHA-256 digest.
     *
     * @param chain              the signer's certificate first, then its issuers
     * @param signatureAlgorithm the token's JCA algorithm name, e.g. {@code SHA256withECDSA}
     */
    static CadesDetachedSignature prepare(
            byte[] contentDigest, List<X509Certificate> chain, String signatureAlgorithm) {
        try {
            ASN1EncodableVector attributes = new ASN1EncodableVector();
            attributes.add(new Attribute(CMSAttributes.contentType, new DERSet(CMSObjectIdentifiers.data)));
            attributes.add(new Attribute(CMSAttributes.messageDigest, new DERSet(new DEROctetString(contentDigest))));
            attributes.add(signingCertificateV2(chain.get(0)));
            return new CadesDetachedSignature(
                    chain,
                    new DefaultSignatureAlgorithmIdentifierFinder().find(signatureAlgorithm),
                    new DERSet(attributes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot prepare the CMS signature", e);
        }
    }

    /** What the token signs: the DER encoding of the signed attributes (a SET OF, sorted as DER requires). */
    byte[] dataToSign() {
        try {
            return signedAttributes.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The CMS SignedData with the token's signature value.
     *
     * @param signatureValue what {@link SignatureToken#sign} returned for {@link #dataToSign()}
     * @param timestampToken the DER RFC 3161 token over {@code signatureValue}, or null for B-B
     */
    byte[] complete(byte[] signatureValue, byte[] timestampToken) {
        try {
            X509Certificate signer = chain.get(0);
            ASN1Set unsigned = null;
            if (timestampToken != null) {
                unsigned = new DERSet(new Attribute(
                        PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                        new DERSet(ContentInfo.getInstance(timestampToken))));
            }
            SignerInfo signerInfo = new SignerInfo(
                    new SignerIdentifier(new IssuerAndSerialNumber(
                            X500Name.getInstance(signer.getIssuerX500Principal().getEncoded()),
                            signer.getSerialNumber())),
                    SHA256,
                    signedAttributes,
                    signatureAlgorithm,
                    new DEROctetString(signatureValue),
                    unsigned);
            ASN1EncodableVector certificates = new ASN1EncodableVector();
            for (X509Certificate certificate : chain) {
                certificates.add(Certificate.getInstance(certificate.getEncoded()));
            }
            SignedData signedData = new SignedData(
                    new DERSet(SHA256),
                    new ContentInfo(CMSObjectIdentifiers.data, null),
                    new DERSet(certificates),
                    null,
                    new DERSet(signerInfo));
            return new ContentInfo(CMSObjectIdentifiers.signedData, signedData).getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the CMS signature", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build the CMS signature", e);
        }
    }

    private static Attribute signingCertificateV2(X509Certificate signer) throws GeneralSecurityException {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(signer.getEncoded());
        IssuerSerial issuerSerial = new IssuerSerial(
                new GeneralNames(new GeneralName(
                        X500Name.getInstance(signer.getIssuerX500Principal().getEncoded()))),
                signer.getSerialNumber());
        // ESSCertIDv2 without an explicit algorithm means SHA-256
        ESSCertIDv2 certId = new ESSCertIDv2(hash, issuerSerial);
        return new Attribute(
                PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                new DERSet(new SigningCertificateV2(new ESSCertIDv2[] {certId})));
    }
}
