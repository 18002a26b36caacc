package org.certhub.sealing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.certhub.catalog.SignatureLevel;
import org.certhub.sealing.ltv.LongTermValidation;

/**
 * Seals a one-page PDF with a PAdES baseline signature at a given level, whose visible appearance is the seal image.
 *
 * <p>Signing goes in steps so that document code never touches the key: the document and the CMS signed attributes
 * are prepared, the {@link SignatureToken} signs the data to sign, and the CMS and the document are completed. B-T
 * adds an RFC 3161 signature timestamp to the CMS; B-LT then a document security store with the certificates and
 * CRLs of the signer's and the TSA's chains; B-LTA then a document timestamp (see {@link LongTermValidation}).
 *
 * <p>The signature is ETSI.CAdES.detached over SHA-256 with a signing-certificate-v2 attribute and without a CMS
 * signing-time attribute; the signing time goes into the signature dictionary's /M entry. The signature widget lies
 * exactly on the seal image, so clicking the seal opens the viewer's signature panel. Thread-safe.
 */
public final class PadesSealer {

    /** A B-B signature has no timestamp or revocation data: 4 KB holds a CMS with a two-certificate EC chain. */
    private static final int SIGNATURE_SIZE = 4096;

    /** The CMS around the certificates: signed attributes, algorithm identifiers, a signature value up to RSA-4096. */
    private static final int CMS_OVERHEAD = 1536;

    private final byte[] appearanceTemplate;
    private final String reason;
    private final String location;
    private final LongTermValidation ltv;

    /**
     * A sealer for B-B only.
     *
     * @param sealPng  the seal image (PNG with transparency)
     * @param sealArea where the seal goes on page 1, see {@link CertificateRenderer#sealArea()}
     * @param reason   reason for signing shown by viewers, or {@code null}
     * @param location signing location shown by viewers, or {@code null}
     */
    public PadesSealer(byte[] sealPng, PDRectangle sealArea, String reason, String location) {
        this(sealPng, sealArea, reason, location, null);
    }

    /**
     * A sealer for every level.
     *
     * @param ltv the TSA and revocation data for B-T and up; null seals B-B only
     */
    public PadesSealer(byte[] sealPng, PDRectangle sealArea, String reason, String location, LongTermValidation ltv) {
        // built once: decoding the PNG and compressing it again for every document is wasted work
        this.appearanceTemplate = SealAppearance.template(sealPng, PDRectangle.A4, sealArea);
        this.reason = reason;
        this.location = location;
        this.ltv = ltv;
    }

    /**
     * A sealed document.
     *
     * @param pdf                  the sealed file
     * @param level                the level it was sealed at
     * @param archiveTimestampExpiry for B-LTA, when the certificate of the newest document timestamp's TSA expires
     *                             (the archive must be timestamped again before); null below B-LTA
     */
    public record Sealed(byte[] pdf, SignatureLevel level, Instant archiveTimestampExpiry) {}

    /** Seals at B-B; see {@link #seal(byte[], SignatureToken, SignatureLevel, Instant)}. */
    public byte[] seal(byte[] unsignedPdf, SignatureToken token, Instant signingTime) {
        return seal(unsignedPdf, token, SignatureLevel.B_B, signingTime).pdf();
    }

    /**
     * Signs the PDF with the token at the given level and returns the sealed document (the original bytes plus
     * incremental updates).
     *
     * @param unsignedPdf a complete PDF, e.g. from {@link CertificateRenderer#render(CertificateFace)}
     * @param signingTime the claimed signing time, written to /M
     * @throws org.certhub.sealing.ltv.TimestampUnavailableException when the level needs a timestamp and the TSA
     *                                                                gave none within its bound
     */
    public Sealed seal(byte[] unsignedPdf, SignatureToken token, SignatureLevel level, Instant signingTime) {
        if (level != SignatureLevel.B_B && ltv == null) {
            throw new IllegalStateException("This sealer has no TSA: it cannot seal at " + level);
        }
        boolean timestamped = level.includes(SignatureLevel.B_T);
        List<X509Certificate> chain = token.certificateChain();
        byte[] signed;
        byte[] signatureTimestamp = null;
        // a document must have been saved before it can be saved incrementally, hence bytes in, not a PDDocument
        try (PDDocument document = Loader.loadPDF(unsignedPdf);
                SignatureOptions options = new SignatureOptions()) {
            // 1. prepare the document: signature dictionary, widget on the seal, room for the CMS
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setSignDate(calendar(signingTime));
            if (reason != null) {
                signature.setReason(reason);
            }
            if (location != null) {
                signature.setLocation(location);
            }
            int size = signatureSize(chain) + (timestamped ? LongTermValidation.TIMESTAMP_SIZE : 0);
            options.setPreferredSignatureSize(size);
            options.setPage(0);
            options.setVisualSignature(new ByteArrayInputStream(appearanceTemplate));
            document.addSignature(signature, options);

            ByteArrayOutputStream out = new ByteArrayOutputStream(unsignedPdf.length + 3 * size);
            ExternalSigningSupport external = document.saveIncrementalForExternalSigning(out);
            // 2. prepare the CMS: signed attributes over the digest of the signed byte ranges
            CadesDetachedSignature cms;
            try (InputStream content = external.getContent()) {
                cms = CadesDetachedSignature.prepare(
                        LongTermValidation.sha256(content), chain, token.signatureAlgorithm());
            }
            // 3. the key port signs the data to sign
            byte[] signatureValue = token.sign(cms.dataToSign());
            // 4. complete the CMS (with the signature timestamp from B-T up) and the document
            if (timestamped) {
                signatureTimestamp = ltv.timestampAuthority()
                        .timestamp(LongTermValidation.sha256(new ByteArrayInputStream(signatureValue)));
            }
            external.setSignature(cms.complete(signatureValue, signatureTimestamp));
            signed = out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot seal the document", e);
        }
        if (!level.includes(SignatureLevel.B_LT)) {
            return new Sealed(signed, level, null);
        }
        List<X509Certificate> validation = new ArrayList<>(chain);
        validation.addAll(LongTermValidation.timestampCertificates(signatureTimestamp));
        byte[] withValidationData = ltv.addValidationData(signed, validation);
        if (level == SignatureLevel.B_LT) {
            return new Sealed(withValidationData, level, null);
        }
        LongTermValidation.Stamped archived = ltv.addDocumentTimestamp(withValidationData);
        return new Sealed(archived.pdf(), level, archived.timestampCertificateExpiry());
    }

    /**
     * Room for the CMS: 4 KB, or more when the chain needs it (a CA's chain of RSA certificates with an intermediate
     * and a 4096-bit root is larger than the demo's two EC certificates).
     */
    static int signatureSize(List<X509Certificate> chain) {
        int certificates = 0;
        for (X509Certificate certificate : chain) {
            try {
                certificates += certificate.getEncoded().length;
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(
                        "Cannot encode the certificate " + certificate.getSubjectX500Principal(), e);
            }
        }
        return Math.max(SIGNATURE_SIZE, certificates + CMS_OVERHEAD);
    }

    private static Calendar calendar(Instant time) {
        Calendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        calendar.setTimeInMillis(time.toEpochMilli());
        return calendar;
    }
}
