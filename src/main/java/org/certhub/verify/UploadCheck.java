package org.certhub.verify;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.certhub.licence.LicenceVersionView;

/**
 * The upload check (文件核验): what a file someone received is. Everything is done on the bytes in memory; nothing is
 * stored and nothing is rendered. In order:
 *
 * <ol>
 *   <li>is it a PDF with a seal at all ({@link FileVerdict#NOT_SEALED});
 *   <li>does the seal's signature hold over the bytes it covers (a changed or missing byte there, or a file cut
 *       short, is {@link FileVerdict#MODIFIED}), with its signing time and its signature timestamp; do the document
 *       timestamps hold;
 *   <li>what changed after the seal ({@link PdfRevisions}): only validation data and document timestamps may;
 *   <li>is the file the library's (the same bytes, or the library's file with later timestamps, or an earlier
 *       revision of the library's file, which later archive timestamps extended) — found by the licence identifier
 *       the sealed revision carries; a file that is not is {@link FileVerdict#NOT_IN_LIBRARY};
 *   <li>was it sealed by one of the hub's seals ({@link FileVerdict#UNKNOWN_SEAL} if not): the library's file is, by
 *       being the library's; another file's signer must be a seal of the registry or chain to a trust anchor.
 * </ol>
 */
final class UploadCheck {

    /** The library's sealed files of a licence version: its PDF, and its OFD or null. */
    record Held(LicenceVersionView version, byte[] file, byte[] ofd) {

        Held(LicenceVersionView version, byte[] file) {
            this(version, file, null);
        }
    }

    /** Finds the library's file by the licence identifier a sealed file carries. */
    interface Library {
        Optional<Held> byIdentifier(String identifier);
    }

    /** Whether a signer is one of the hub's seals. */
    interface Seals {
        /**
         * @param signer       the signing certificate
         * @param certificates every certificate the signature carries (the chain to a trust anchor, if any)
         * @param at           when it claims to have signed
         */
        boolean known(X509Certificate signer, Collection<X509Certificate> certificates, Instant at);
    }

    /** One fact found, with what a person reads about it ({@code args} fill the message of {@code code}). */
    record Finding(String code, boolean ok, List<String> args) {
        static Finding ok(String code, String... args) {
            return new Finding(code, true, List.of(args));
        }

        static Finding problem(String code, String... args) {
            return new Finding(code, false, List.of(args));
        }
    }

    /** How the file relates to the library's. */
    enum LibraryMatch {
        SAME_FILE,
        LATER_REVISION,
        EARLIER_REVISION,
        SAME_SEALED_REVISION,
        NONE
    }

    /**
     * The check's result.
     *
     * @param signer      the seal certificate's subject, when the seal's signature holds
     * @param signingTime the time the seal claims (/M)
     * @param timestamp   the signature timestamp's time, when it has one
     * @param held        the library's version, when the file is the library's
     */
    record Report(
            FileVerdict verdict,
            List<Finding> findings,
            String signer,
            Instant signingTime,
            Instant timestamp,
            LibraryMatch match,
            LicenceVersionView held) {}

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final JcaX509CertificateConverter CERTIFICATES = new JcaX509CertificateConverter().setProvider(BC);
    /** The licence identifier in the document information of a sealed certificate (GB/T 36903 key). */
    static final String IDENTIFIER_KEY = "ZZBS";

    private final Library library;
    private final Seals seals;

    UploadCheck(Library library, Seals seals) {
        this.library = library;
        this.seals = seals;
    }

    Report check(byte[] file) {
        var findings = new ArrayList<Finding>();
        if (OfdPackage.isOfd(file)) {
            return checkOfd(file, findings);
        }
        if (!isPdf(file)) {
            findings.add(Finding.problem("not-a-pdf"));
            return unsealed(FileVerdict.NOT_SEALED, findings);
        }
        try (PDDocument now = load(file)) {
            return check(file, now, findings);
        } catch (RuntimeException | StackOverflowError e) {
            // a structure no genuine file has (a broken page tree, objects nested thousands deep): not what was sealed
            findings.add(Finding.problem("damaged"));
            return unsealed(FileVerdict.MODIFIED, findings);
        } catch (IOException e) {
            boolean signed = hasByteRange(file);
            findings.add(Finding.problem(signed ? "damaged" : "unreadable"));
            return unsealed(signed ? FileVerdict.MODIFIED : FileVerdict.NOT_SEALED, findings);
        }
    }

    private Report check(byte[] file, PDDocument now, List<Finding> findings) throws IOException {
        List<PDSignature> signatures = new ArrayList<>(now.getSignatureDictionaries());
        if (signatures.size() > MAX_SIGNATURES) {
            // a seal and a few decades of archive timestamps are far fewer
            findings.add(Finding.problem("too-many-signatures"));
            return modified(findings);
        }
        signatures.sort(Comparator.comparingLong(UploadCheck::end));
        if (signatures.stream().map(UploadCheck::end).distinct().count() < signatures.size()) {
            // each signature covers a revision of its own
            findings.add(Finding.problem("byte-range-invalid"));
            return modified(findings);
        }
        PDSignature seal = signatures.stream()
                .filter(s -> !PdfRevisions.isDocumentTimestamp(s))
                .findFirst()
                .orElse(null);
        if (seal == null) {
            boolean hadOne = hasByteRange(file);
            findings.add(Finding.problem(hadOne ? "seal-removed" : "no-seal"));
            return unsealed(hadOne ? FileVerdict.MODIFIED : FileVerdict.NOT_SEALED, findings);
        }
        String rangeProblem = rangeProblem(seal, file);
        if (rangeProblem != null) {
            findings.add(Finding.problem(rangeProblem));
            return modified(findings);
        }
        Instant signingTime =
                seal.getSignDate() == null ? null : seal.getSignDate().toInstant();
        Signed signed = verifyCms(seal.getContents(file), new SignedBytes(file, seal.getByteRange()));
        if (signed == null) {
            findings.add(Finding.problem("seal-signature-invalid"));
            return modified(findings);
        }
        findings.add(Finding.ok("seal-signature-valid", subject(signed.signer())));
        if (signingTime != null) {
            findings.add(Finding.ok("signing-time", signingTime.toString()));
        }
        if (signed.timestamp() != null) {
            findings.add(Finding.ok("signature-timestamp", signed.timestamp().toString()));
        } else if (signed.timestampInvalid()) {
            findings.add(Finding.problem("signature-timestamp-invalid"));
        }
        boolean intact = true;
        long sealedEnd = end(seal);
        Set<COSDictionary> timestamps = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (PDSignature timestamp : signatures) {
            if (timestamp == seal) {
                continue;
            }
            // after the seal, only document timestamps, each over the file up to a revision after the seal's
            Instant at = PdfRevisions.isDocumentTimestamp(timestamp)
                            && end(timestamp) > sealedEnd
                            && rangeProblem(timestamp, file) == null
                    ? verifyTimestamp(timestamp.getContents(file), new SignedBytes(file, timestamp.getByteRange()))
                    : null;
            if (at == null) {
                findings.add(Finding.problem("document-timestamp-invalid"));
                intact = false;
            } else {
                findings.add(Finding.ok("document-timestamp", at.toString()));
                timestamps.add(timestamp.getCOSObject());
            }
        }
        String identifier;
        if (sealedEnd < file.length) {
            try (PDDocument sealedRevision = load(Arrays.copyOf(file, (int) sealedEnd))) {
                List<String> changes = PdfRevisions.changes(sealedRevision, now, timestamps);
                for (String change : changes) {
                    findings.add(Finding.problem(change));
                }
                intact &= changes.isEmpty();
                identifier = sealedRevision.getDocumentInformation().getCustomMetadataValue(IDENTIFIER_KEY);
            }
        } else {
            identifier = now.getDocumentInformation().getCustomMetadataValue(IDENTIFIER_KEY);
        }
        if (intact) {
            findings.add(Finding.ok(sealedEnd < file.length ? "only-validation-data-after-sealing" : "unchanged"));
        }

        Held held = identifier == null ? null : library.byIdentifier(identifier).orElse(null);
        LibraryMatch match = held == null ? LibraryMatch.NONE : match(file, held.file(), (int) sealedEnd);
        if (match == LibraryMatch.NONE) {
            findings.add(Finding.problem("not-in-library"));
        } else {
            findings.add(Finding.ok(
                    "library-" + match.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    held.version().identifier()));
        }
        boolean known = match != LibraryMatch.NONE
                || seals.known(
                        signed.signer(), signed.certificates(), signingTime == null ? Instant.now() : signingTime);
        if (!known) {
            findings.add(Finding.problem("unknown-seal", subject(signed.signer())));
        }
        FileVerdict verdict = !intact
                ? FileVerdict.MODIFIED
                : !known
                        ? FileVerdict.UNKNOWN_SEAL
                        : match == LibraryMatch.NONE ? FileVerdict.NOT_IN_LIBRARY : FileVerdict.GENUINE;
        return new Report(
                verdict,
                findings,
                subject(signed.signer()),
                signingTime,
                signed.timestamp(),
                match,
                match == LibraryMatch.NONE ? null : held.version());
    }

    /** What PDFBox may hold of a file's decoded streams: a forged stream that expands beyond it fails the parse. */
    static final long MAX_DECODED = 64L << 20;

    private static PDDocument load(byte[] file) throws IOException {
        return Loader.loadPDF(
                file,
                "",
                null,
                null,
                org.apache.pdfbox.io.MemoryUsageSetting.setupMainMemoryOnly(MAX_DECODED).streamCache);
    }

    private static Report modified(List<Finding> findings) {
        return unsealed(FileVerdict.MODIFIED, findings);
    }

    /** A verdict reached before any seal was found to hold: no signer, no library file. */
    /**
     * An OFD: sealed (its electronic seal's signer and time are shown), and the library's OFD of the licence it names,
     * byte for byte. A sealed OFD that names a licence but is not its file is MODIFIED; ofdrw's verification of the
     * seal itself runs in the tests, not here (docs/signing.md, "Independent checks of the OFD").
     */
    private Report checkOfd(byte[] file, List<Finding> findings) {
        OfdPackage ofd;
        try {
            ofd = OfdPackage.read(file);
        } catch (IOException e) {
            findings.add(Finding.problem("unreadable"));
            return unsealed(FileVerdict.NOT_SEALED, findings);
        }
        if (ofd.signer() == null) {
            findings.add(Finding.problem("no-seal"));
            return unsealed(FileVerdict.NOT_SEALED, findings);
        }
        String signer = subject(ofd.signer());
        findings.add(Finding.ok("ofd-sealed", signer));
        findings.add(Finding.ok("signing-time", ofd.signingTime().toString()));
        Held held = ofd.identifier() == null
                ? null
                : library.byIdentifier(ofd.identifier()).orElse(null);
        if (held == null || held.ofd() == null) {
            findings.add(Finding.problem("not-in-library"));
            return new Report(
                    FileVerdict.NOT_IN_LIBRARY, findings, signer, ofd.signingTime(), null, LibraryMatch.NONE, null);
        }
        if (!Arrays.equals(held.ofd(), file)) {
            findings.add(
                    Finding.problem("ofd-differs-from-library", held.version().identifier()));
            return new Report(FileVerdict.MODIFIED, findings, signer, ofd.signingTime(), null, LibraryMatch.NONE, null);
        }
        findings.add(Finding.ok("library-same-file", held.version().identifier()));
        return new Report(
                FileVerdict.GENUINE, findings, signer, ofd.signingTime(), null, LibraryMatch.SAME_FILE, held.version());
    }

    private static Report unsealed(FileVerdict verdict, List<Finding> findings) {
        return new Report(verdict, findings, null, null, null, LibraryMatch.NONE, null);
    }

    /** Whether the bytes hold a signature dictionary somewhere, whether or not the file's structure still shows it. */
    private static boolean hasByteRange(byte[] file) {
        return indexOf(file, "/ByteRange".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) >= 0;
    }

    /**
     * How the file is the library's: the same bytes; the library's file followed by later updates (checked above to
     * be validation data and timestamps only); the start of the library's file (a copy taken before archive
     * timestamps extended it); or the same sealed revision with other later updates.
     */
    private static LibraryMatch match(byte[] file, byte[] stored, int sealedEnd) {
        if (Arrays.equals(file, stored)) {
            return LibraryMatch.SAME_FILE;
        }
        if (file.length > stored.length && Arrays.equals(file, 0, stored.length, stored, 0, stored.length)) {
            return LibraryMatch.LATER_REVISION;
        }
        if (stored.length > file.length && Arrays.equals(stored, 0, file.length, file, 0, file.length)) {
            return LibraryMatch.EARLIER_REVISION;
        }
        if (stored.length >= sealedEnd && Arrays.equals(file, 0, sealedEnd, stored, 0, sealedEnd)) {
            return LibraryMatch.SAME_SEALED_REVISION;
        }
        return LibraryMatch.NONE;
    }

    /** What is wrong with a signature's byte range: the whole file up to its end but the signature itself. */
    private static String rangeProblem(PDSignature signature, byte[] file) {
        int[] range = signature.getByteRange();
        if (range == null
                || range.length != 4
                || range[0] != 0
                || range[1] <= 0
                || range[2] <= range[1]
                || range[3] < 0) {
            return "byte-range-invalid";
        }
        if ((long) range[2] + range[3] > file.length) {
            return "truncated";
        }
        // the gap holds exactly the hexadecimal /Contents string
        if (file[range[1]] != '<' || file[range[2] - 1] != '>') {
            return "byte-range-invalid";
        }
        for (int i = range[1] + 1; i < range[2] - 1; i++) {
            int c = file[i];
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return "byte-range-invalid";
            }
        }
        return null;
    }

    private static long end(PDSignature signature) {
        int[] range = signature.getByteRange();
        return range == null || range.length != 4 ? Long.MAX_VALUE : (long) range[2] + range[3];
    }

    private record Signed(
            X509Certificate signer, List<X509Certificate> certificates, Instant timestamp, boolean timestampInvalid) {}

    /** The seal's CMS verified over the signed bytes, or null when it does not hold. */
    private static Signed verifyCms(byte[] contents, SignedBytes signedContent) {
        try {
            CMSSignedData cms = new CMSSignedData(signedContent, contentInfo(contents));
            List<X509Certificate> certificates = new ArrayList<>();
            for (X509CertificateHolder holder : cms.getCertificates().getMatches(null)) {
                certificates.add(CERTIFICATES.getCertificate(holder));
            }
            var signers = cms.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                return null;
            }
            SignerInformation signer = signers.iterator().next();
            @SuppressWarnings("unchecked")
            var matches = cms.getCertificates().getMatches(signer.getSID());
            if (matches.isEmpty()) {
                return null;
            }
            X509Certificate certificate = CERTIFICATES.getCertificate(
                    (X509CertificateHolder) matches.iterator().next());
            if (!signer.verify(
                    new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(certificate))) {
                return null;
            }
            Instant timestamp = null;
            boolean timestampInvalid = false;
            var unsigned = signer.getUnsignedAttributes();
            if (unsigned != null && unsigned.get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken) != null) {
                Attribute attribute = unsigned.get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
                byte[] token = attribute
                        .getAttrValues()
                        .getObjectAt(0)
                        .toASN1Primitive()
                        .getEncoded();
                timestamp = verifyTimestamp(token, new SignedBytes(signer.getSignature()));
                timestampInvalid = timestamp == null;
            }
            return new Signed(certificate, certificates, timestamp, timestampInvalid);
        } catch (CMSException | CertificateException | OperatorCreationException | IOException | RuntimeException e) {
            return null;
        }
    }

    /** A timestamp token's time if it is sound and stamps these bytes, or null. */
    private static Instant verifyTimestamp(byte[] token, SignedBytes stamped) {
        try {
            TimeStampToken parsed = new TimeStampToken(contentInfo(token));
            @SuppressWarnings("unchecked")
            var matches = parsed.getCertificates().getMatches(parsed.getSID());
            if (matches.isEmpty()) {
                return null;
            }
            X509Certificate tsa = CERTIFICATES.getCertificate(
                    (X509CertificateHolder) matches.iterator().next());
            parsed.validate(
                    new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(tsa));
            var imprint = parsed.getTimeStampInfo().getMessageImprintAlgOID();
            MessageDigest digest = MessageDigest.getInstance(imprint.getId(), BC);
            stamped.update(digest);
            if (!MessageDigest.isEqual(
                    digest.digest(), parsed.getTimeStampInfo().getMessageImprintDigest())) {
                return null;
            }
            return parsed.getTimeStampInfo().getGenTime().toInstant();
        } catch (TSPException
                | CertificateException
                | OperatorCreationException
                | IOException
                | NoSuchAlgorithmException
                | RuntimeException e) {
            return null;
        }
    }

    /** Signatures in one file at most: a seal and its archive timestamps are far fewer. */
    static final int MAX_SIGNATURES = 32;

    /**
     * The bytes a signature covers, read where they are in the file: the ranges before and after its /Contents,
     * never copied (a forged file may declare many signatures over the whole upload).
     */
    private static final class SignedBytes implements org.bouncycastle.cms.CMSProcessable {
        private final byte[] file;
        private final int[] range;

        SignedBytes(byte[] file, int[] range) {
            this.file = file;
            this.range = range;
        }

        SignedBytes(byte[] whole) {
            this(whole, new int[] {0, whole.length, whole.length, 0});
        }

        void update(MessageDigest digest) {
            digest.update(file, range[0], range[1]);
            digest.update(file, range[2], range[3]);
        }

        @Override
        public void write(java.io.OutputStream out) throws IOException {
            out.write(file, range[0], range[1]);
            out.write(file, range[2], range[3]);
        }

        @Override
        public Object getContent() {
            return this;
        }
    }

    /** /Contents is zero-padded to its reserved size: the one DER object at its start. */
    private static ContentInfo contentInfo(byte[] contents) throws IOException {
        try (ASN1InputStream in = new ASN1InputStream(new ByteArrayInputStream(contents))) {
            return ContentInfo.getInstance(in.readObject());
        }
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    private static boolean isPdf(byte[] file) {
        int head = Math.min(file.length, 1024);
        return indexOf(Arrays.copyOf(file, head), "%PDF-".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) >= 0;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
