package org.certhub.verify;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.certhub.catalog.Catalogue;
import org.certhub.catalog.CertificateType;
import org.certhub.catalog.FieldDefinition;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.licence.LicenceLibrary;
import org.certhub.licence.LicenceStatus;
import org.certhub.licence.LicenceVersionView;
import org.certhub.licence.ManualSealing;
import org.certhub.licence.VersionState;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The public page a certificate's QR code opens. It shows what a reader needs to trust the paper in front of
 * them, and masks the holder's ID number: the full number never appears on a public page.
 */
@Controller
class VerificationController {

    private final LicenceLibrary library;
    private final ManualSealing manualSealing;
    private final Catalogue catalogue;
    private final Clock clock;

    VerificationController(LicenceLibrary library, ManualSealing manualSealing, Catalogue catalogue, Clock clock) {
        this.library = library;
        this.manualSealing = manualSealing;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    @GetMapping("/v/{token}")
    String verify(@PathVariable String token, Model model) {
        if (!token.matches("[A-Za-z0-9_-]{16,64}")) {
            throw new CertificateNotFound();
        }
        LicenceVersionView v = library.findByToken(token).orElseThrow(CertificateNotFound::new);
        if (v.state() == VersionState.AWAITING_SEAL || v.state() == VersionState.RETURNED) {
            // not approved by the sealer (yet): not a certificate, whatever a preview's QR code says
            throw new CertificateNotFound();
        }
        if (v.superseded() && Integer.valueOf(v.version()).equals(manualSealing.versionInForce(v.licenceId()))) {
            // the later version waits for a sealer: until it is approved, this one is the certificate in force
            v = inForce(v);
        }
        CertificateType type = catalogue.get(v.typeCode());
        model.addAttribute("certificate", new PublicView(type, v, LocalDate.now(clock), clock.getZone()));
        return "verify/certificate";
    }

    private static LicenceVersionView inForce(LicenceVersionView v) {
        return new LicenceVersionView(
                v.licenceId(),
                v.versionId(),
                v.typeCode(),
                v.identifier(),
                v.version(),
                v.number(),
                v.status(),
                v.state(),
                v.data(),
                v.firstIssuedOn(),
                v.issuedOn(),
                v.validFrom(),
                v.validTo(),
                v.verifyToken(),
                v.filePath(),
                v.fileSha256(),
                v.signedAt(),
                v.version(),
                v.statusReason(),
                v.statusChangedAt(),
                v.operation());
    }

    @ResponseStatus(HttpStatus.NOT_FOUND)
    static class CertificateNotFound extends RuntimeException {
        CertificateNotFound() {
            super("certificate not found", null, false, false);
        }
    }

    /** What the public page may show of a licence version. */
    record PublicView(
            String name,
            String number,
            String identifier,
            String holderName,
            String holderCode,
            List<Line> details,
            String issuedOn,
            String validTo,
            String issuer,
            String status,
            boolean valid,
            String statusReason,
            String statusChangedOn,
            int version,
            Integer supersededBy) {

        PublicView(CertificateType type, LicenceVersionView v, LocalDate today, java.time.ZoneId zone) {
            this(
                    type.name(),
                    v.number(),
                    v.identifier(),
                    v.data().get(type.holderNameField()),
                    CitizenIdNumber.mask(v.data().get(type.holderCodeField())),
                    publicLines(type, v),
                    v.issuedOn().toString(),
                    v.validTo() == null ? null : v.validTo().toString(),
                    type.issuingAuthority().name(),
                    statusOn(v, today),
                    !v.superseded() && statusOn(v, today).equals(LicenceStatus.VALID.label()),
                    v.status() == LicenceStatus.VALID ? null : v.statusReason(),
                    v.statusChangedAt() == null || v.status() == LicenceStatus.VALID
                            ? null
                            : v.statusChangedAt()
                                    .atZoneSameInstant(zone)
                                    .toLocalDate()
                                    .toString(),
                    v.version(),
                    v.superseded() ? v.currentVersion() : null);
        }

        /** A valid licence past its last day reads as expired, whether or not a job has marked it yet. */
        private static String statusOn(LicenceVersionView v, LocalDate today) {
            if (v.status() == LicenceStatus.VALID
                    && v.validTo() != null
                    && v.validTo().isBefore(today)) {
                return LicenceStatus.EXPIRED.label();
            }
            return v.status().label();
        }

        private static List<Line> publicLines(CertificateType type, LicenceVersionView v) {
            var lines = new ArrayList<Line>();
            for (FieldDefinition f : type.fields()) {
                if (f.shownPublicly() && v.data().get(f.name()) != null) {
                    lines.add(new Line(f.label(), f.display(v.data().get(f.name()))));
                }
                if (f.shownPublicly() && f.type() == org.certhub.catalog.FieldType.GROUP) {
                    List<String> items = f.displayItems(v.data(), LocalDate::toString);
                    if (!items.isEmpty()) {
                        lines.add(new Line(f.label(), String.join("；", items)));
                    }
                }
            }
            return lines;
        }
    }

    record Line(String label, String value) {}
}
