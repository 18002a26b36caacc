package org.certhub.sealing.ltv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * What B-LT and B-LTA add to a sealed PDF, each as an incremental update that leaves earlier signatures intact: the
 * document security store (DSS) with the certificates and CRLs validators need, and RFC 3161 document timestamps
 * (sub-filter ETSI.RFC3161) over the whole file.
 *
 * <p>No VRI dictionaries: they are optional in PAdES (ETSI EN 319 142-1), EU DSS does not read them and Acrobat finds
 * the data in the DSS arrays. Thread-safe.
 */
public final class LongTermValidation {

    /** Room for one timestamp token with its TSA chain; RSA-4096 TSA chains of public TSAs fit too. */
    public static final int TIMESTAMP_SIZE = 8192;

    private static final COSName DOC_TIME_STAMP = COSName.getPDFName("DocTimeStamp");
    private static final COSName ETSI_RFC3161 = COSName.getPDFName("ETSI.RFC3161");

    private final TimestampAuthority tsa;
    private final RevocationSource revocation;

    public LongTermValidation(TimestampAuthority tsa, RevocationSource revocation) {
        this.tsa = tsa;
        this.revocation = revocation;
    }

    /** A document after a document timestamp, and when the certificate of that timestamp's TSA expires. */
    public record Stamped(byte[] pdf, Instant timestampCertificateExpiry) {}

    /** The TSA this validation takes its timestamps from. */
    public TimestampAuthority timestampAuthority() {
        return tsa;
    }

    /**
     * Appends a DSS revision holding the given certificates and, for each one not self-signed, its issuer's current
     * CRL. Certificates already in the DSS are not repeated.
     */
    public byte[] addValidationData(byte[] pdf, Collection<X509Certificate> certificates) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            COSDictionary catalog = document.getDocumentCatalog().getCOSObject();
            catalog.setNeedToBeUpdated(true);
            COSDictionary dss = child(catalog, COSName.getPDFName("DSS"), COSDictionary.class);
            COSArray certs = child(dss, COSName.getPDFName("Certs"), COSArray.class);
            COSArray crls = child(dss, COSName.getPDFName("CRLs"), COSArray.class);
            List<byte[]> present = streams(certs);
            List<byte[]> presentCrls = streams(crls);
            Map<String, X509Certificate> unique = new LinkedHashMap<>();
            for (X509Certificate certificate : certificates) {
                unique.putIfAbsent(
                        certificate.getSerialNumber() + "/" + certificate.getIssuerX500Principal(), certificate);
            }
            for (X509Certificate certificate : unique.values()) {
                byte[] encoded = certificate.getEncoded();
                if (!contains(present, encoded)) {
                    certs.add(stream(document, encoded));
                    present.add(encoded);
                }
                if (selfSigned(certificate)) {
                    continue;
                }
                X509Certificate issuer = issuerOf(certificate, unique.values());
                if (issuer == null) {
                    throw new IllegalStateException("The issuer of " + certificate.getSubjectX500Principal()
                            + " is not in the chain; cannot add its revocation data");
                }
                byte[] crl = revocation.crl(certificate, issuer);
                if (crl != null && !contains(presentCrls, crl)) {
                    crls.add(stream(document, crl));
                    presentCrls.add(crl);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 4096);
            document.saveIncremental(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot add validation data", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot add validation data", e);
        }
    }

    /**
     * Appends a document timestamp over the whole file, then, if the DSS lacks them, the certificates and CRLs that
     * validate the timestamp itself.
     */
    public Stamped addDocumentTimestamp(byte[] pdf) {
        byte[] stamped;
        byte[] token;
        try (PDDocument document = Loader.loadPDF(pdf);
                SignatureOptions options = new SignatureOptions()) {
            PDSignature timestamp = new PDSignature();
            timestamp.setType(DOC_TIME_STAMP);
            timestamp.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            timestamp.setSubFilter(ETSI_RFC3161);
            options.setPreferredSignatureSize(TIMESTAMP_SIZE);
            document.addSignature(timestamp, options);
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 3 * TIMESTAMP_SIZE);
            ExternalSigningSupport external = document.saveIncrementalForExternalSigning(out);
            token = tsa.timestamp(sha256(external.getContent()));
            external.setSignature(token);
            stamped = out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot add a document timestamp", e);
        }
        List<X509Certificate> chain = timestampCertificates(token);
        byte[] result = hasValidationData(stamped, chain) ? stamped : addValidationData(stamped, chain);
        return new Stamped(result, chain.get(0).getNotAfter().toInstant());
    }

    /**
     * Keeps an archive valid: adds the validation data of every signature and timestamp as of now (fresh CRLs),
     * then a new document timestamp over it all.
     */
    public Stamped extend(byte[] pdf) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            for (PDSignature signature : document.getSignatureDictionaries()) {
                byte[] contents = signature.getContents();
                certificates.addAll(cmsCertificates(contents));
                if (!ETSI_RFC3161.getName().equals(signature.getSubFilter())) {
                    for (byte[] token : signatureTimestamps(contents)) {
                        certificates.addAll(timestampCertificates(token));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the signatures to extend", e);
        }
        return addDocumentTimestamp(addValidationData(pdf, certificates));
    }

    /** The certificates in a timestamp token, the TSA's own first. */
    public static List<X509Certificate> timestampCertificates(byte[] token) {
        try {
            TimeStampToken parsed = new TimeStampToken(ContentInfo.getInstance(token));
            List<X509Certificate> result = new ArrayList<>();
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object holder : parsed.getCertificates().getMatches(parsed.getSID())) {
                result.add(converter.getCertificate((X509CertificateHolder) holder));
            }
            if (result.isEmpty()) {
                throw new IllegalStateException("The timestamp token carries no TSA certificate");
            }
            for (Object holder : parsed.getCertificates().getMatches(null)) {
                X509Certificate certificate = converter.getCertificate((X509CertificateHolder) holder);
                if (!result.contains(certificate)) {
                    result.add(certificate);
                }
            }
            return result;
        } catch (TSPException | IOException | CertificateException e) {
            throw new IllegalStateException("Cannot read the timestamp token", e);
        }
    }

    private static List<X509Certificate> cmsCertificates(byte[] contents) {
        try {
            var signed = new org.bouncycastle.cms.CMSSignedData(contentInfo(contents));
            List<X509Certificate> result = new ArrayList<>();
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object holder : signed.getCertificates().getMatches(null)) {
                result.add(converter.getCertificate((X509CertificateHolder) holder));
            }
            return result;
        } catch (CMSException | CertificateException e) {
            throw new IllegalStateException("Cannot read a signature's certificates", e);
        }
    }

    private static List<byte[]> signatureTimestamps(byte[] contents) {
        try {
            var signed = new org.bouncycastle.cms.CMSSignedData(contentInfo(contents));
            List<byte[]> tokens = new ArrayList<>();
            for (var signer : signed.getSignerInfos().getSigners()) {
                var unsigned = signer.getUnsignedAttributes();
                if (unsigned == null) {
                    continue;
                }
                var attributes =
                        unsigned.getAll(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
                for (int i = 0; i < attributes.size(); i++) {
                    var attribute = org.bouncycastle.asn1.cms.Attribute.getInstance(attributes.get(i));
                    tokens.add(attribute
                            .getAttrValues()
                            .getObjectAt(0)
                            .toASN1Primitive()
                            .getEncoded());
                }
            }
            return tokens;
        } catch (CMSException | IOException e) {
            throw new IllegalStateException("Cannot read a signature's timestamps", e);
        }
    }

    /** /Contents is zero-padded to its reserved size; read the one DER object at its start. */
    private static ContentInfo contentInfo(byte[] contents) {
        try (ASN1InputStream in = new ASN1InputStream(contents)) {
            return ContentInfo.getInstance(in.readObject());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse a signature", e);
        }
    }

    private boolean hasValidationData(byte[] pdf, List<X509Certificate> chain) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            COSBase dssBase =
                    document.getDocumentCatalog().getCOSObject().getDictionaryObject(COSName.getPDFName("DSS"));
            if (!(dssBase instanceof COSDictionary dss)) {
                return false;
            }
            List<byte[]> certs = streams(dss.getCOSArray(COSName.getPDFName("Certs")));
            List<byte[]> crls = streams(dss.getCOSArray(COSName.getPDFName("CRLs")));
            for (X509Certificate certificate : chain) {
                if (!contains(certs, certificate.getEncoded())) {
                    return false;
                }
                if (!selfSigned(certificate) && !hasCrlOf(crls, certificate)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a CRL of the certificate's issuer is there whose next update is still ahead. */
    private static boolean hasCrlOf(List<byte[]> crls, X509Certificate certificate) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (byte[] encoded : crls) {
            var crl = (java.security.cert.X509CRL) factory.generateCRL(new ByteArrayInputStream(encoded));
            if (crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal())
                    && (crl.getNextUpdate() == null || crl.getNextUpdate().after(new java.util.Date()))) {
                return true;
            }
        }
        return false;
    }

    private static X509Certificate issuerOf(X509Certificate certificate, Collection<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            if (candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                try {
                    certificate.verify(candidate.getPublicKey());
                    return candidate;
                } catch (GeneralSecurityException e) {
                    // same name, other key: keep looking
                }
            }
        }
        return null;
    }

    private static boolean selfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends COSBase> T child(COSDictionary parent, COSName name, Class<T> type) {
        COSBase existing = parent.getDictionaryObject(name);
        if (type.isInstance(existing)) {
            if (existing instanceof COSDictionary d) {
                d.setNeedToBeUpdated(true);
            } else if (existing instanceof COSArray a) {
                a.setNeedToBeUpdated(true);
            }
            return (T) existing;
        }
        if (existing != null) {
            throw new IllegalStateException("/" + name.getName() + " is not a " + type.getSimpleName());
        }
        T created = type == COSDictionary.class ? (T) new COSDictionary() : (T) new COSArray();
        created.setDirect(false);
        parent.setItem(name, created);
        return created;
    }

    private static List<byte[]> streams(COSArray array) throws IOException {
        List<byte[]> result = new ArrayList<>();
        if (array == null) {
            return result;
        }
        for (int i = 0; i < array.size(); i++) {
            if (array.getObject(i) instanceof COSStream stream) {
                try (InputStream in = stream.createInputStream()) {
                    result.add(in.readAllBytes());
                }
            }
        }
        return result;
    }

    private static boolean contains(List<byte[]> list, byte[] value) {
        for (byte[] item : list) {
            if (Arrays.equals(item, value)) {
                return true;
            }
        }
        return false;
    }

    private static COSStream stream(PDDocument document, byte[] data) throws IOException {
        COSStream stream = document.getDocument().createCOSStream();
        try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
            out.write(data);
        }
        return stream;
    }

    /** SHA-256 of a stream, read to its end. */
    public static byte[] sha256(InputStream content) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = content.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return digest.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
