package org.certhub.verify;

import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.certhub.catalog.Catalogue;
import org.certhub.licence.LicenceVersionView;
import org.certhub.platform.HubSettings;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The public query (证书查询): a certificate's number, or its identifier, with its holder's name finds the
 * certificate in force, its status and public fields, the holder's masked ID number and its verification page. A
 * wrong pair answers exactly as an unknown certificate does, so the query tells nothing of which numbers or names
 * exist; requests per client address are limited ({@code certhub.rate-limits.query}). The page is a plain form that
 * works without JavaScript; {@code /} is the same page, the hub's public landing page.
 */
@Controller
class PublicQueryController {

    /** Longer than any number, identifier or name: refused before it reaches the database. */
    static final int MAX_LENGTH = 100;

    private static final String PROBLEMS = "https://certhub.org/problems/";

    private final PublicCertificates certificates;
    private final Catalogue catalogue;
    private final Clock clock;
    private final String publicBaseUrl;
    private final PageFonts fonts;

    PublicQueryController(
            PublicCertificates certificates, Catalogue catalogue, Clock clock, HubSettings hub, PageFonts fonts) {
        this.certificates = certificates;
        this.catalogue = catalogue;
        this.clock = clock;
        this.publicBaseUrl = hub.publicBaseUrl();
        this.fonts = fonts;
    }

    @GetMapping({"/", "/query"})
    String page(
            @RequestParam(required = false) String number,
            @RequestParam(required = false) String identifier,
            @RequestParam(required = false) String name,
            Model model) {
        model.addAttribute("number", number);
        model.addAttribute("name", name);
        // what the page shows beyond its own words: what was typed, and what was found
        var text = new StringBuilder().append(number == null ? "" : number).append(name == null ? "" : name);
        if (!(blank(number) && blank(identifier) && blank(name))) {
            try {
                List<VerificationController.PublicView> found = find(Query.of(number, identifier, name), true);
                model.addAttribute("searched", true);
                model.addAttribute("certificates", found);
                found.forEach(view -> text.append(view.text()));
            } catch (BadQuery e) {
                model.addAttribute("problem", e.messageKey);
            }
        }
        model.addAttribute("fonts", fonts.css(text.toString()));
        return "verify/query";
    }

    @GetMapping("/api/v1/public/certificates")
    @ResponseBody
    ResponseEntity<?> api(
            @RequestParam(required = false) String number,
            @RequestParam(required = false) String identifier,
            @RequestParam(required = false) String name) {
        List<VerificationController.PublicView> found = find(Query.of(number, identifier, name));
        if (found.isEmpty()) {
            var problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.NOT_FOUND,
                    "没有与所填证书编号（或证照标识）和姓名相符的证书 (no certificate matches this number or identifier and " + "this name)");
            problem.setType(URI.create(PROBLEMS + "certificate-not-found"));
            problem.setTitle("未找到证书 (certificate not found)");
            problem.setInstance(URI.create("/api/v1/public/certificates"));
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
        }
        return ResponseEntity.ok(new Answer(
                found.stream().map(v -> PublicCertificate.of(v, publicBaseUrl)).toList()));
    }

    @ExceptionHandler(BadQuery.class)
    @ResponseBody
    ResponseEntity<ProblemDetail> badQuery(BadQuery e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create(PROBLEMS + "bad-query"));
        problem.setTitle("查询条件不完整 (incomplete query)");
        problem.setInstance(URI.create("/api/v1/public/certificates"));
        return ResponseEntity.badRequest().body(problem);
    }

    private List<VerificationController.PublicView> find(Query query) {
        // the API answers in the catalogue's words whatever the language: they are the authority's
        return find(query, false);
    }

    /**
     * The certificates the query finds; on the page (in the page's language) one field takes a number or an
     * identifier, so what no number finds is looked up as an identifier.
     */
    private List<VerificationController.PublicView> find(Query query, boolean page) {
        boolean inEnglish = page && VerificationController.inEnglish();
        List<LicenceVersionView> found = query.number() != null
                ? certificates.byNumber(query.number(), query.name())
                : certificates.byIdentifier(query.identifier(), query.name()).stream()
                        .toList();
        if (found.isEmpty() && page && query.number() != null) {
            found = certificates.byIdentifier(query.number(), query.name()).stream()
                    .toList();
        }
        LocalDate today = LocalDate.now(clock);
        return found.stream()
                .map(v -> new VerificationController.PublicView(
                        catalogue.get(v.typeCode()), v, today, clock.getZone(), inEnglish))
                .toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** What the public query answers. */
    record Answer(List<PublicCertificate> certificates) {}

    /** A number or an identifier, and a name. */
    record Query(String number, String identifier, String name) {

        static Query of(String number, String identifier, String name) {
            if (blank(name)) {
                throw new BadQuery("query.problem.name", "请填写持证人姓名 (the holder's name is required: name=…)");
            }
            if (blank(number) == blank(identifier)) {
                throw new BadQuery(
                        "query.problem.numberOrIdentifier",
                        "请填写证书编号或证照标识之一 (give either the certificate number or the licence identifier: "
                                + "number=… or identifier=…)");
            }
            for (String value : new String[] {number, identifier, name}) {
                if (value != null && value.length() > MAX_LENGTH) {
                    throw new BadQuery(
                            "query.problem.tooLong",
                            "查询条件过长（每项不超过 " + MAX_LENGTH + " 个字符） (each value is at most " + MAX_LENGTH
                                    + " characters)");
                }
            }
            return new Query(
                    blank(number) ? null : number.strip(), blank(identifier) ? null : identifier.strip(), name);
        }
    }

    /** A query the hub cannot run: 400 with what is missing. */
    static final class BadQuery extends RuntimeException {
        final String messageKey;

        BadQuery(String messageKey, String message) {
            super(message, null, false, false);
            this.messageKey = messageKey;
        }
    }
}
