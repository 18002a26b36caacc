package org.certhub.verify;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.certhub.catalog.Catalogue;
import org.certhub.catalog.CertificateType;
import org.certhub.catalog.FieldDefinition;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.licence.LicenceStatus;
import org.certhub.licence.LicenceVersionView;
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

    private final PublicCertificates certificates;
    private final Catalogue catalogue;
    private final Clock clock;
    private final PageFonts fonts;

    VerificationController(PublicCertificates certificates, Catalogue catalogue, Clock clock, PageFonts fonts) {
        this.certificates = certificates;
        this.catalogue = catalogue;
        this.clock = clock;
        this.fonts = fonts;
    }

    @GetMapping("/v/{token}")
    String verify(@PathVariable String token, Model model, jakarta.servlet.http.HttpServletRequest request) {
        LicenceVersionView v = certificates.byToken(token).orElseThrow(CertificateNotFound::new);
        // the rendered page may be kept, and dropped when this licence changes
        request.setAttribute(VerificationPages.LICENCE, v.licenceId());
        CertificateType type = catalogue.get(v.typeCode());
        var view = new PublicView(type, v, LocalDate.now(clock), clock.getZone(), inEnglish());
        model.addAttribute("certificate", view);
        model.addAttribute("fonts", fonts.css(view.text()));
        return "verify/certificate";
    }

    /** Whether the page is in English ({@code ?lang=en}, kept in a cookie). */
    static boolean inEnglish() {
        return "en"
                .equals(org.springframework.context.i18n.LocaleContextHolder.getLocale()
                        .getLanguage());
    }

    @ResponseStatus(HttpStatus.NOT_FOUND)
    static class CertificateNotFound extends RuntimeException {
        CertificateNotFound() {
            super("certificate not found", null, false, false);
        }
    }

    /**
     * What the public pages and the public query may show of a licence version.
     *
     * @param status     the status as the catalogue's language says it (有效, 暂扣 ...)
     * @param statusCode VALID, SUSPENDED, REVOKED, CANCELLED, EXPIRED, or REPLACED for a version a later one replaced
     * @param token      its QR code's token: its page is {@code /v/<token>}
     */
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
            String statusCode,
            boolean valid,
            String statusReason,
            String statusChangedOn,
            int version,
            Integer supersededBy,
            String token) {

        PublicView(CertificateType type, LicenceVersionView v, LocalDate today, java.time.ZoneId zone) {
            this(type, v, today, zone, false);
        }

        /**
         * @param inEnglish the type's name, its fields' labels and values and the issuing authority as the catalogue
         *                  says them in English ({@code english:}), where it does
         */
        PublicView(
                CertificateType type, LicenceVersionView v, LocalDate today, java.time.ZoneId zone, boolean inEnglish) {
            this(
                    inEnglish && type.english().name() != null ? type.english().name() : type.name(),
                    v.number(),
                    v.identifier(),
                    v.data().get(type.holderNameField()),
                    CitizenIdNumber.mask(v.data().get(type.holderCodeField())),
                    publicLines(type, v, inEnglish ? type.english() : org.certhub.catalog.English.NONE),
                    v.issuedOn().toString(),
                    v.validTo() == null ? null : v.validTo().toString(),
                    inEnglish && type.english().issuingAuthority() != null
                            ? type.english().issuingAuthority()
                            : type.issuingAuthority().name(),
                    statusOn(v, today).label(),
                    v.superseded() ? REPLACED : statusOn(v, today).name(),
                    !v.superseded() && statusOn(v, today) == LicenceStatus.VALID,
                    v.status() == LicenceStatus.VALID ? null : v.statusReason(),
                    v.statusChangedAt() == null || v.status() == LicenceStatus.VALID
                            ? null
                            : v.statusChangedAt()
                                    .atZoneSameInstant(zone)
                                    .toLocalDate()
                                    .toString(),
                    v.version(),
                    v.superseded() ? v.currentVersion() : null,
                    v.verifyToken());
        }

        /** Every text the pages show of it: what its web font must draw. */
        String text() {
            var text = new StringBuilder();
            for (String value : new String[] {name, number, holderName, holderCode, issuer, statusReason}) {
                if (value != null) {
                    text.append(value);
                }
            }
            details.forEach(line -> text.append(line.label()).append(line.value()));
            return text.toString();
        }

        /** The status code of a version a later one replaced; the licence's own status is its latest version's. */
        static final String REPLACED = "REPLACED";

        /** A valid licence past its last day reads as expired, whether or not a job has marked it yet. */
        private static LicenceStatus statusOn(LicenceVersionView v, LocalDate today) {
            return v.statusOn(today);
        }

        private static List<Line> publicLines(
                CertificateType type, LicenceVersionView v, org.certhub.catalog.English english) {
            var lines = new ArrayList<Line>();
            for (FieldDefinition f : type.fields()) {
                String label = english.label(f.name(), f.label());
                if (f.shownPublicly() && v.data().get(f.name()) != null) {
                    String value = v.data().get(f.name());
                    lines.add(new Line(label, english.value(f.name(), value, f.display(value))));
                }
                if (f.shownPublicly() && f.type() == org.certhub.catalog.FieldType.GROUP) {
                    List<String> items = f.displayItems(
                            v.data(),
                            LocalDate::toString,
                            (sub, code) -> english.value(f.name() + "." + sub.name(), code, sub.display(code)),
                            english.itemFormats().getOrDefault(f.name(), f.itemFormat()));
                    if (!items.isEmpty()) {
                        lines.add(new Line(
                                label, String.join(english == org.certhub.catalog.English.NONE ? "；" : "; ", items)));
                    }
                }
            }
            return lines;
        }
    }

    record Line(String label, String value) {}
}
