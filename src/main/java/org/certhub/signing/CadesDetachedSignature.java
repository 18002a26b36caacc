package org.certhub.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Builds the detached CMS SignedData of a PAdES baseline B signature (sub-filter ETSI.CAdES.detached): SHA-256,
 * signed attributes content-type, message-digest and signing-certificate-v2, and deliberately no signing-time
 * attribute, which PAdES forbids because the time belongs in the signature dictionary's /M entry.
 *
 * <p>BouncyCastle computes the signed attributes; their DER encoding is handed to the {@link SignatureToken}, whose
 * signature value goes back into the SignerInfo. The key never passes through here.
 */
final class CadesDetachedSignature {

    private CadesDetachedSignature() {
    }

    static byte[] sign(byte[] signedContent, SignatureToken token) {
        List<X509Certificate> chain = token.certificateChain();
        X509Certificate signer = chain.get(0);
        try {
            SignerInfoGenerator signerInfo = new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(withoutSigningTime(signingCertificateV2(signer)))
                    .build(new TokenContentSigner(token), signer);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo);
            generator.addCertificates(new JcaCertStore(chain));
            // DER throughout: validators re-encode nothing and byte-exact comparisons stay stable
            return generator.generate(new CMSProcessableByteArray(signedContent), false).getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | OperatorCreationException | CMSException | IOException e) {
            throw new IllegalStateException("Cannot build the CMS signature", e);
        }
    }

    private static CMSAttributeTableGenerator withoutSigningTime(Attribute extra) {
        DefaultSignedAttributeTableGenerator defaults =
                new DefaultSignedAttributeTableGenerator(new AttributeTable(extra));
        return parameters -> defaults.getAttributes(parameters).remove(CMSAttributes.signingTime);
    }

    private static Attribute signingCertificateV2(X509Certificate signer) throws GeneralSecurityException {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(signer.getEncoded());
        IssuerSerial issuerSerial = new IssuerSerial(
                new GeneralNames(new GeneralName(X500Name.getInstance(signer.getIssuerX500Principal().getEncoded()))),
                signer.getSerialNumber());
        // ESSCertIDv2 without an explicit algorithm means SHA-256
        ESSCertIDv2 certId = new ESSCertIDv2(hash, issuerSerial);
        return new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                new DERSet(new SigningCertificateV2(new ESSCertIDv2[] {certId})));
    }

    /** Collects what BouncyCastle wants signed (the encoded signed attributes) and lets the token sign it. */
    private static final class TokenContentSigner implements ContentSigner {

        private final SignatureToken token;
        private final AlgorithmIdentifier algorithm;
        private final ByteArrayOutputStream toBeSigned = new ByteArrayOutputStream(256);

        TokenContentSigner(SignatureToken token) {
            this.token = token;
            this.algorithm = new DefaultSignatureAlgorithmIdentifierFinder().find(token.signatureAlgorithm());
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithm;
        }

        @Override
        public OutputStream getOutputStream() {
            return toBeSigned;
        }

        @Override
        public byte[] getSignature() {
            return token.sign(toBeSigned.toByteArray());
        }
    }
}
