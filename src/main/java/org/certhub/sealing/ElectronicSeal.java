package org.certhub.sealing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.ofdrw.gm.ses.v1.SES_ESPictrueInfo;
import org.ofdrw.gm.ses.v1.SES_Header;
import org.ofdrw.gm.ses.v4.SES_CertList;
import org.ofdrw.gm.ses.v4.SES_ESPropertyInfo;
import org.ofdrw.gm.ses.v4.SES_SealInfo;
import org.ofdrw.gm.ses.v4.SESeal;

/**
 * An electronic seal of GB/T 38540 (印章数据, SESeal version 4): the seal's image and properties, the certificates of
 * the keys allowed to sign with it, and the seal-making authority's SM2 signature over them. An OFD signature
 * carries it whole.
 *
 * <p>Read with BouncyCastle's ASN.1 directly: ofdrw 2.3.3's own parser calls methods that BouncyCastle removed in 1.75
 * (ofdrw issue 391), so on the project's 1.87 it can build a seal but not read one.
 *
 * @param der          the seal as stored, DER
 * @param esId         the seal's identifier
 * @param name         the seal's name
 * @param signers      the certificates that may sign with the seal
 * @param validStart   start of the seal's validity
 * @param validEnd     end of the seal's validity
 * @param maker        the seal-making authority's certificate
 * @param picture      the seal image
 * @param pictureType  the image's format, e.g. PNG
 */
public record ElectronicSeal(
        byte[] der,
        String esId,
        String name,
        List<X509Certificate> signers,
        Instant validStart,
        Instant validEnd,
        X509Certificate maker,
        byte[] picture,
        String pictureType) {

    /** The JCA name of the one signature algorithm of electronic seals, BouncyCastle's. */
    static final String SM2_WITH_SM3 = "SM3withSM2";

    private static final java.security.Provider BOUNCY_CASTLE =
            new org.bouncycastle.jce.provider.BouncyCastleProvider();

    /** Who makes seals here; GB/T 38540 names the manufacturer in the header. */
    private static final String VENDOR = "certhub";

    /**
     * Makes a seal: the maker's key (behind its token, an SM2 key) signs the seal information.
     *
     * @param sizeMillimetres the image's printed width and height
     */
    public static ElectronicSeal make(
            String esId,
            String name,
            List<X509Certificate> signers,
            byte[] png,
            int sizeMillimetres,
            Instant validStart,
            Instant validEnd,
            Instant now,
            SignatureToken maker) {
        try {
            ASN1EncodableVector certificates = new ASN1EncodableVector();
            for (X509Certificate signer : signers) {
                certificates.add(new DEROctetString(signer.getEncoded()));
            }
            SES_ESPropertyInfo property = new SES_ESPropertyInfo()
                    // 1: an official seal of an organisation (单位印章)
                    .setType(new ASN1Integer(1))
                    .setName(new DERUTF8String(name))
                    .setCertListType(SES_ESPropertyInfo.CertListType)
                    .setCertList(
                            SES_CertList.getInstance(SES_ESPropertyInfo.CertListType, new DERSequence(certificates)))
                    .setCreateDate(new ASN1GeneralizedTime(Date.from(now), Locale.ROOT))
                    .setValidStart(new ASN1GeneralizedTime(Date.from(validStart), Locale.ROOT))
                    .setValidEnd(new ASN1GeneralizedTime(Date.from(validEnd), Locale.ROOT));
            SES_SealInfo info = new SES_SealInfo()
                    .setHeader(new SES_Header(SES_Header.V4, new DERIA5String(VENDOR)))
                    .setEsID(esId)
                    .setProperty(property)
                    .setPicture(new SES_ESPictrueInfo()
                            .setType("PNG")
                            .setData(png)
                            .setWidth(sizeMillimetres)
                            .setHeight(sizeMillimetres));
            byte[] signed = maker.sign(info.getEncoded(ASN1Encoding.DER));
            SESeal seal = new SESeal()
                    .seteSealInfo(info)
                    .setCert(maker.certificateChain().get(0))
                    .setSignAlgID(GMObjectIdentifiers.sm2sign_with_sm3)
                    .setSignedValue(signed);
            return parse(seal.getEncoded(ASN1Encoding.DER));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot make the electronic seal " + name, e);
        }
    }

    /**
     * Reads a seal and checks the maker's signature over it.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static ElectronicSeal parse(byte[] der) {
        try {
            ASN1Sequence seal = ASN1Sequence.getInstance(der);
            ASN1Sequence info = ASN1Sequence.getInstance(seal.getObjectAt(0));
            ASN1Sequence header = ASN1Sequence.getInstance(info.getObjectAt(0));
            if (!"ES".equals(text(header.getObjectAt(0)))
                    || ASN1Integer.getInstance(header.getObjectAt(1)).intValueExact() != 4) {
                throw new IllegalArgumentException("not a version 4 electronic seal (GB/T 38540)");
            }
            String esId = text(info.getObjectAt(1));
            ASN1Sequence property = ASN1Sequence.getInstance(info.getObjectAt(2));
            String name = text(property.getObjectAt(1));
            if (ASN1Integer.getInstance(property.getObjectAt(2)).intValueExact() != 1) {
                throw new IllegalArgumentException("the seal lists certificate digests, not certificates");
            }
            CertificateFactory x509 = CertificateFactory.getInstance("X.509", BOUNCY_CASTLE);
            List<X509Certificate> signers = new ArrayList<>();
            for (var certificate : ASN1Sequence.getInstance(property.getObjectAt(3))) {
                signers.add(certificate(
                        x509, ASN1OctetString.getInstance(certificate).getOctets()));
            }
            Instant validStart = ASN1GeneralizedTime.getInstance(property.getObjectAt(5))
                    .getDate()
                    .toInstant();
            Instant validEnd = ASN1GeneralizedTime.getInstance(property.getObjectAt(6))
                    .getDate()
                    .toInstant();
            ASN1Sequence picture = ASN1Sequence.getInstance(info.getObjectAt(3));
            String pictureType = text(picture.getObjectAt(0));
            byte[] image = ASN1OctetString.getInstance(picture.getObjectAt(1)).getOctets();
            X509Certificate maker = certificate(
                    x509, ASN1OctetString.getInstance(seal.getObjectAt(1)).getOctets());
            ASN1ObjectIdentifier algorithm = ASN1ObjectIdentifier.getInstance(seal.getObjectAt(2));
            if (!algorithm.equals(GMObjectIdentifiers.sm2sign_with_sm3)) {
                throw new IllegalArgumentException("the seal is signed with " + algorithm + ", not SM2 with SM3");
            }
            var verifier = java.security.Signature.getInstance(SM2_WITH_SM3, BOUNCY_CASTLE);
            verifier.initVerify(maker.getPublicKey());
            verifier.update(info.getEncoded(ASN1Encoding.DER));
            if (!verifier.verify(ASN1BitString.getInstance(seal.getObjectAt(3)).getOctets())) {
                throw new IllegalArgumentException(
                        "the seal maker's signature does not verify (" + maker.getSubjectX500Principal() + ")");
            }
            return new ElectronicSeal(
                    der, esId, name, List.copyOf(signers), validStart, validEnd, maker, image, pictureType);
        } catch (GeneralSecurityException | IOException | java.text.ParseException | RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException("not a readable electronic seal (GB/T 38540): " + e.getMessage(), e);
        }
    }

    /** Whether the seal lets the certificate sign with it. */
    public boolean lists(X509Certificate certificate) {
        return signers.contains(certificate);
    }

    /** The seal as ofdrw writes it into a signature: these exact bytes. */
    SESeal asOfdrw() {
        ASN1Sequence sequence = ASN1Sequence.getInstance(der);
        return new SESeal() {
            @Override
            public org.bouncycastle.asn1.ASN1Primitive toASN1Primitive() {
                return sequence;
            }
        };
    }

    private static X509Certificate certificate(CertificateFactory x509, byte[] der) throws GeneralSecurityException {
        return (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der));
    }

    private static String text(org.bouncycastle.asn1.ASN1Encodable value) {
        return ((ASN1String) value).getString();
    }
}
