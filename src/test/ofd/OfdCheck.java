import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.ofdrw.core.signatures.Signatures;
import org.ofdrw.gm.ses.v4.SES_Signature;
import org.ofdrw.gm.ses.v4.SESeal;
import org.ofdrw.reader.OFDReader;
import org.ofdrw.reader.ResourceLocator;
import org.ofdrw.sign.verify.OFDValidator;
import org.ofdrw.sign.verify.container.SESV4ValidateContainer;

/**
 * Verifies the electronic seals of an OFD with ofdrw's own verification (ofdrw-sign 2.3.3, not the hub's code),
 * then checks trust as a relying party would: each signer's certificate and the seal maker's certificate issued by a
 * trusted root, the signer listed in the seal, and signer certificate and seal valid at the signing time.
 *
 * <p>Runs in its own JVM through the single-file source launcher, on the BouncyCastle ofdrw 2.3.3 was built for
 * (jdk15on 1.68): its seal and signature parsers call methods BouncyCastle removed in 1.75, so on the hub's 1.87 its
 * verification fails with NoSuchMethodError (ofdrw issue 391). Usage:
 * {@code java -cp 'target/ofd-lib/*' src/test/ofd/OfdCheck.java <ofd> <root.pem>...}
 *
 * <p>Prints one {@code key=value} line per fact; {@code indication=TOTAL_PASSED} when ofdrw verified every signature
 * and every signature is trusted. Exits with 0 when verification ran (whatever its result), 1 otherwise.
 */
public class OfdCheck {

    public static void main(String[] args) throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        CertificateFactory x509 = CertificateFactory.getInstance("X.509", bc);
        List<X509Certificate> roots = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            try (var in = Files.newInputStream(Path.of(args[i]))) {
                roots.add((X509Certificate) x509.generateCertificate(in));
            }
        }
        Path file = Path.of(args[0]);
        boolean verified;
        try (OFDReader reader = new OFDReader(file);
                OFDValidator validator = new OFDValidator(reader)) {
            validator.setValidator(new SESV4ValidateContainer());
            validator.exeValidate();
            verified = true;
            System.out.println("ofdrw=PASSED");
        } catch (Exception e) {
            verified = false;
            System.out.println("ofdrw=FAILED " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        boolean trusted = true;
        int count = 0;
        try (OFDReader reader = new OFDReader(file)) {
            Signatures signatures = reader.getDefaultSignatures();
            if (signatures != null) {
                ResourceLocator locator = reader.getResourceLocator();
                locator.save();
                locator.cd(reader.getDefaultDocSignaturesPath().parent());
                for (org.ofdrw.core.signatures.Signature record : signatures.getSignatures()) {
                    count++;
                    org.ofdrw.core.signatures.sig.Signature signature =
                            locator.get(record.getBaseLoc(), org.ofdrw.core.signatures.sig.Signature::new);
                    locator.save();
                    locator.cd(record.getBaseLoc().parent());
                    byte[] value = Files.readAllBytes(locator.getFile(signature.getSignedValue()));
                    locator.restore();
                    trusted &= trusted(record.getID().toString(), SES_Signature.getInstance(value), roots, x509);
                }
                locator.restore();
            }
        } catch (Exception e) {
            trusted = false;
            System.out.println("trust=FAILED cannot read the signatures: " + e);
        }
        System.out.println("signatures=" + count);
        System.out.println("indication=" + (verified && trusted && count > 0 ? "TOTAL_PASSED" : "FAILED"));
    }

    private static boolean trusted(
            String id, SES_Signature signature, List<X509Certificate> roots, CertificateFactory x509)
            throws Exception {
        X509Certificate signer = certificate(x509, signature.getCert().getOctets());
        SESeal seal = signature.getToSign().getEseal();
        X509Certificate maker = certificate(x509, seal.getCert().getOctets());
        Date signedAt = signature.getToSign().getTimeInfo().getDate();
        System.out.println("signature=" + id + " signer=" + signer.getSubjectX500Principal().getName()
                + " serial=" + signer.getSerialNumber().toString(16)
                + " seal=" + seal.geteSealInfo().getProperty().getName().getString()
                + " maker=" + maker.getSubjectX500Principal().getName()
                + " signedAt=" + signedAt.toInstant());
        List<String> problems = new ArrayList<>();
        if (!issuedByARoot(signer, roots)) {
            problems.add("signer not issued by a trusted root");
        }
        if (!issuedByARoot(maker, roots)) {
            problems.add("seal maker not issued by a trusted root");
        }
        boolean listed = false;
        for (var entry : ASN1Sequence.getInstance(seal.geteSealInfo().getProperty().getCertList().toASN1Primitive())) {
            listed |= java.util.Arrays.equals(ASN1OctetString.getInstance(entry).getOctets(), signer.getEncoded());
        }
        if (!listed) {
            problems.add("signer not listed in the seal");
        }
        var property = seal.geteSealInfo().getProperty();
        if (signedAt.before(property.getValidStart().getDate()) || signedAt.after(property.getValidEnd().getDate())) {
            problems.add("seal not valid at the signing time");
        }
        if (signedAt.before(signer.getNotBefore()) || signedAt.after(signer.getNotAfter())) {
            problems.add("signer certificate not valid at the signing time");
        }
        System.out.println("trust=" + (problems.isEmpty() ? "PASSED" : "FAILED " + String.join(", ", problems)));
        return problems.isEmpty();
    }

    private static boolean issuedByARoot(X509Certificate certificate, List<X509Certificate> roots) {
        for (X509Certificate root : roots) {
            try {
                if (certificate.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
                    certificate.verify(root.getPublicKey(), new BouncyCastleProvider());
                    return true;
                }
            } catch (Exception e) {
                // not this root
            }
        }
        return false;
    }

    private static X509Certificate certificate(CertificateFactory x509, byte[] der) throws Exception {
        return (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der));
    }
}
