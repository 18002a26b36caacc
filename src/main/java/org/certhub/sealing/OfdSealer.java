package org.certhub.sealing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.certhub.rendering.CertificateRenderer;
import org.ofdrw.core.signatures.SigType;
import org.ofdrw.gm.ses.v1.SES_Header;
import org.ofdrw.gm.ses.v4.SES_Signature;
import org.ofdrw.gm.ses.v4.TBS_Sign;
import org.ofdrw.reader.OFDReader;
import org.ofdrw.sign.ExtendSignatureContainer;
import org.ofdrw.sign.OFDSigner;
import org.ofdrw.sign.SignMode;
import org.ofdrw.sign.StandFormatAtomicSignID;
import org.ofdrw.sign.stamppos.NormalStampPos;

/**
 * Seals an OFD with an electronic seal of GB/T 38540: an SES_Signature (version 4) over the SM3 digests of the
 * package's files, made by the seal's SM2 key through the key port, with the seal's image stamped where the face
 * leaves room for it. ofdrw (ofdrw-sign 2.3.3) writes the signature into the package; the signature value comes from
 * the {@link SignatureToken}, so the key may sit in a PKCS#12 file or an HSM that does SM2.
 *
 * <p>The whole document is protected, the signature list included: a file sealed once takes no further signature.
 * Thread-safe: each call has its own reader and signer.
 */
public final class OfdSealer {

    private static final double MM = 25.4 / 72;

    static {
        org.certhub.rendering.OfdXml.useJdkSaxParser();
    }

    private final ElectronicSeal seal;

    public OfdSealer(ElectronicSeal seal) {
        this.seal = seal;
    }

    public ElectronicSeal electronicSeal() {
        return seal;
    }

    /**
     * Signs the OFD with the token, which must hold an SM2 key whose certificate the electronic seal lists.
     *
     * @param signingTime the time in the signature (TBS_Sign's timeInfo)
     */
    public byte[] seal(byte[] unsignedOfd, SignatureToken token, Instant signingTime) {
        if (!ElectronicSeal.SM2_WITH_SM3.equals(token.signatureAlgorithm())) {
            throw new IllegalArgumentException(
                    "An electronic seal signs with SM2; this key signs with " + token.signatureAlgorithm());
        }
        if (!seal.lists(token.certificateChain().get(0))) {
            throw new IllegalArgumentException("The electronic seal " + seal.name() + " does not list the certificate "
                    + token.certificateChain().get(0).getSubjectX500Principal());
        }
        PDRectangle area = CertificateRenderer.sealArea();
        ByteArrayOutputStream out = new ByteArrayOutputStream(unsignedOfd.length + 64 * 1024);
        try (OFDReader reader = new OFDReader(new ByteArrayInputStream(unsignedOfd))) {
            OFDSigner signer = new OFDSigner(reader, out, new StandFormatAtomicSignID());
            try {
                signer.setSignMode(SignMode.WholeProtected);
                signer.setSignContainer(new Container(token, signingTime));
                signer.addApPos(new NormalStampPos(
                        1,
                        area.getLowerLeftX() * MM,
                        (PDRectangle.A4.getHeight() - area.getUpperRightY()) * MM,
                        area.getWidth() * MM,
                        area.getHeight() * MM));
                signer.exeSign();
            } finally {
                // writes the package; it also closes the reader
                signer.close();
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal the OFD: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** Builds the SES_Signature as ofdrw's SESV4Container does, with the key port signing. */
    private final class Container implements ExtendSignatureContainer {

        private final SignatureToken token;
        private final Instant signingTime;

        Container(SignatureToken token, Instant signingTime) {
            this.token = token;
            this.signingTime = signingTime;
        }

        @Override
        public MessageDigest getDigestFnc() {
            return new org.bouncycastle.jcajce.provider.digest.SM3.Digest();
        }

        @Override
        public ASN1ObjectIdentifier getSignAlgOID() {
            return GMObjectIdentifiers.sm2sign_with_sm3;
        }

        @Override
        public byte[] sign(InputStream signedFile, String propertyInfo) throws IOException, GeneralSecurityException {
            TBS_Sign toSign = new TBS_Sign()
                    .setVersion(SES_Header.V4)
                    .setEseal(seal.asOfdrw())
                    .setTimeInfo(new ASN1GeneralizedTime(Date.from(signingTime), Locale.ROOT))
                    .setDataHash(getDigestFnc().digest(signedFile.readAllBytes()))
                    .setPropertyInfo(propertyInfo);
            byte[] value = token.sign(toSign.getEncoded(ASN1Encoding.DER));
            return new SES_Signature()
                    .setToSign(toSign)
                    .setCert(token.certificateChain().get(0))
                    .setSignatureAlgID(GMObjectIdentifiers.sm2sign_with_sm3)
                    .setSignature(value)
                    .getEncoded(ASN1Encoding.DER);
        }

        @Override
        public byte[] getSeal() {
            return seal.der();
        }

        @Override
        public SigType getSignType() {
            return SigType.Seal;
        }
    }
}
