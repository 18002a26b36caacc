import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.ExternalResourcesCRLSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;

/**
 * Validates the signatures of a PDF with EU DSS and the default validation policy, trusting one root certificate.
 *
 * <p>Runs in its own JVM through the single-file source launcher because DSS 6.4 needs BouncyCastle 1.83 while the
 * application uses 1.87, with which DSS cannot parse PAdES signatures. Usage:
 * {@code java -cp 'target/dss-lib/*' src/test/dss/DssCheck.java <pdf> <root.pem> [--crl <file>]...}
 *
 * <p>DSS runs offline: it sees the revocation data in the document and, with {@code --crl}, CRLs the caller fetched
 * as a validator would from the certificates' distribution points.
 *
 * <p>Prints one {@code key=value} line per fact; exits with 0 when validation ran (whatever its result), 1 otherwise.
 * Given a folder instead of a PDF, validates each {@code *.pdf} in it in turn, each report after a
 * {@code file=<name>} line. Besides the simple report, the PDF modifications DSS found after each signature:
 * {@code modifications=} its page, visual and annotation-overlap differences, {@code objectModifications=} its
 * classified object changes (extension, signature or form fill, annotation, undefined).
 */
public class DssCheck {

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        if (Files.isDirectory(target)) {
            List<Path> files;
            try (var listing = Files.list(target)) {
                files = listing.filter(p -> p.toString().endsWith(".pdf")).sorted().toList();
            }
            for (Path file : files) {
                System.out.println("file=" + file.getFileName());
                try {
                    validate(file, args);
                } catch (Exception e) {
                    System.out.println("failure=" + e);
                }
            }
        } else {
            validate(target, args);
        }
    }

    private static void validate(Path pdf, String[] args) throws Exception {
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(
                new InMemoryDocument(Files.readAllBytes(pdf)));
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(DSSUtils.loadCertificate(Files.readAllBytes(Path.of(args[1]))));
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setTrustedCertSources(trusted);
        List<ByteArrayInputStream> crls = new ArrayList<>();
        for (int i = 2; i + 1 < args.length; i += 2) {
            if (args[i].equals("--crl")) {
                crls.add(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[i + 1]))));
            }
        }
        if (!crls.isEmpty()) {
            verifier.setCrlSource(new ExternalResourcesCRLSource(crls.toArray(new ByteArrayInputStream[0])));
        }
        validator.setCertificateVerifier(verifier);

        Reports reports = validator.validateDocument();
        SimpleReport report = reports.getSimpleReport();
        System.out.println("signatures=" + report.getSignaturesCount());
        for (String id : report.getSignatureIdList()) {
            System.out.println("indication=" + report.getIndication(id));
            System.out.println("subIndication=" + report.getSubIndication(id));
            System.out.println("format=" + report.getSignatureFormat(id));
            report.getAdESValidationErrors(id).forEach(m -> System.out.println("error=" + m.getValue()));
            report.getAdESValidationWarnings(id).forEach(m -> System.out.println("warning=" + m.getValue()));
        }
        DiagnosticData diagnostic = reports.getDiagnosticData();
        for (var signature : diagnostic.getSignatures()) {
            System.out.println("modifications=" + signature.arePdfModificationsDetected()
                    + " pages=" + signature.getPdfPageDifferenceConcernedPages()
                    + " visual=" + signature.getPdfVisualDifferenceConcernedPages()
                    + " overlap=" + signature.getPdfAnnotationsOverlapConcernedPages());
            System.out.println("objectModifications=extension:" + signature.getPdfExtensionChanges().size()
                    + " signatureOrFormFill:" + signature.getPdfSignatureOrFormFillChanges().size()
                    + " annotation:" + signature.getPdfAnnotationChanges().size()
                    + " undefined:" + signature.getPdfUndefinedChanges().size());
        }
        for (TimestampWrapper timestamp : diagnostic.getTimestampList()) {
            System.out.println("timestamp=" + timestamp.getType() + " " + timestamp.getProductionTime().toInstant()
                    + " indication=" + report.getIndication(timestamp.getId()));
        }
    }
}
