package org.certhub.verify;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the upload check reads of an OFD package (GB/T 33190), on the bytes in memory: the licence identifier among
 * the document's custom data, and the signer and signing time of its electronic seal (GB/T 38540 SES_Signature). A
 * package of more entries or bytes than a certificate has is refused unread.
 *
 * @param identifier  the GB/T 36903 identifier (custom data {@code ZZBS}), or null
 * @param signer      the seal's signing certificate, or null when the package has no seal
 * @param signingTime the time the seal claims, or null
 */
record OfdPackage(String identifier, X509Certificate signer, Instant signingTime) {

    private static final int MAX_ENTRIES = 200;
    private static final long MAX_BYTES = 20L << 20;
    private static final String OFD_NAMESPACE = "http://www.ofdspec.org/2016";
    private static final java.security.Provider BOUNCY_CASTLE =
            new org.bouncycastle.jce.provider.BouncyCastleProvider();

    /** Whether the bytes are a ZIP package with an {@code OFD.xml} entry (its name appears in the local header). */
    static boolean isOfd(byte[] file) {
        return file.length > 4
                && file[0] == 'P'
                && file[1] == 'K'
                && file[2] == 3
                && file[3] == 4
                && new String(file, 0, Math.min(file.length, 1 << 16), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains("OFD.xml");
    }

    /**
     * Reads the package.
     *
     * @throws IOException when it is not a readable OFD package
     */
    static OfdPackage read(byte[] file) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entries.size() >= MAX_ENTRIES) {
                    throw new IOException("more entries than a certificate has");
                }
                byte[] content = zip.readNBytes((int) (MAX_BYTES - total + 1));
                total += content.length;
                if (total > MAX_BYTES) {
                    throw new IOException("more bytes than a certificate has");
                }
                entries.put(entry.getName().replaceFirst("^/", ""), content);
            }
        }
        byte[] root = entries.get("OFD.xml");
        if (root == null) {
            throw new IOException("no OFD.xml");
        }
        String identifier = null;
        NodeList custom = parse(root).getElementsByTagNameNS(OFD_NAMESPACE, "CustomData");
        for (int i = 0; i < custom.getLength(); i++) {
            Element data = (Element) custom.item(i);
            if (UploadCheck.IDENTIFIER_KEY.equals(data.getAttribute("Name"))) {
                identifier = data.getTextContent().strip();
            }
        }
        byte[] signedValue = entries.entrySet().stream()
                .filter(e -> e.getKey().endsWith("SignedValue.dat"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        if (signedValue == null) {
            return new OfdPackage(identifier, null, null);
        }
        try {
            // SES_Signature: toSign (TBS_Sign: version, eseal, timeInfo, ...), cert, signatureAlgID, signature, ...
            ASN1Sequence signature = ASN1Sequence.getInstance(signedValue);
            ASN1Sequence toSign = ASN1Sequence.getInstance(signature.getObjectAt(0));
            Instant signingTime = ASN1GeneralizedTime.getInstance(toSign.getObjectAt(2))
                    .getDate()
                    .toInstant();
            byte[] certificate =
                    ASN1OctetString.getInstance(signature.getObjectAt(1)).getOctets();
            X509Certificate signer = (X509Certificate) CertificateFactory.getInstance("X.509", BOUNCY_CASTLE)
                    .generateCertificate(new ByteArrayInputStream(certificate));
            return new OfdPackage(identifier, signer, signingTime);
        } catch (java.security.GeneralSecurityException | java.text.ParseException | RuntimeException e) {
            throw new IOException("the electronic seal's signature cannot be read: " + e.getMessage(), e);
        }
    }

    private static org.w3c.dom.Document parse(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultNSInstance();
            // an uploaded file is untrusted: no DTD, no external entity
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            try (InputStream in = new ByteArrayInputStream(xml)) {
                return factory.newDocumentBuilder().parse(in);
            }
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IOException("OFD.xml cannot be read: " + e.getMessage(), e);
        }
    }
}
