package org.certhub.signing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;

/**
 * Seals a one-page PDF with a PAdES baseline B (B-B) signature whose visible appearance is the seal image.
 *
 * <p>The signature is ETSI.CAdES.detached over SHA-256 with a signing-certificate-v2 attribute and without a CMS
 * signing-time attribute; the signing time goes into the signature dictionary's /M entry. The signature widget lies
 * exactly on the seal image, so clicking the seal opens the viewer's signature panel. Thread-safe.
 */
public final class PadesSealer {

    /** A B-B signature has no timestamp or revocation data: 4 KB holds a CMS with a two-certificate EC chain. */
    private static final int SIGNATURE_SIZE = 4096;

    private final byte[] appearanceTemplate;
    private final String reason;
    private final String location;

    /**
     * @param sealPng  the seal image (PNG with transparency)
     * @param sealArea where the seal goes on page 1, see {@link CertificateRenderer#sealArea()}
     * @param reason   reason for signing shown by viewers, or {@code null}
     * @param location signing location shown by viewers, or {@code null}
     */
    public PadesSealer(byte[] sealPng, PDRectangle sealArea, String reason, String location) {
        // built once: decoding the PNG and compressing it again for every document is wasted work
        this.appearanceTemplate = SealAppearance.template(sealPng, PDRectangle.A4, sealArea);
        this.reason = reason;
        this.location = location;
    }

    /**
     * Signs the PDF with the token and returns the sealed document (the original bytes plus an incremental update).
     *
     * @param unsignedPdf a complete PDF, e.g. from {@link CertificateRenderer#render(CertificateFace)}
     * @param signingTime the claimed signing time, written to /M
     */
    public byte[] seal(byte[] unsignedPdf, SignatureToken token, Instant signingTime) {
        // a document must have been saved before it can be saved incrementally, hence bytes in, not a PDDocument
        try (PDDocument document = Loader.loadPDF(unsignedPdf);
                SignatureOptions options = new SignatureOptions()) {
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
            options.setPreferredSignatureSize(SIGNATURE_SIZE);
            options.setPage(0);
            options.setVisualSignature(new ByteArrayInputStream(appearanceTemplate));
            document.addSignature(signature, options);

            ByteArrayOutputStream out = new ByteArrayOutputStream(unsignedPdf.length + 3 * SIGNATURE_SIZE);
            ExternalSigningSupport external = document.saveIncrementalForExternalSigning(out);
            byte[] signedRanges;
            try (InputStream content = external.getContent()) {
                signedRanges = content.readAllBytes();
            }
            external.setSignature(CadesDetachedSignature.sign(signedRanges, token));
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot seal the document", e);
        }
    }

    private static Calendar calendar(Instant time) {
        Calendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        calendar.setTimeInMillis(time.toEpochMilli());
        return calendar;
    }
}
