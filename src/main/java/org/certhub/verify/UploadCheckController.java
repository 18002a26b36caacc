package org.certhub.verify;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.certhub.catalog.Catalogue;
import org.certhub.platform.HubSettings;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;

/**
 * The upload check (文件核验): anyone sends a certificate file and learns whether it is genuine, as a page
 * ({@code /check}, a plain upload form) and as {@code POST /api/v1/public/verify} with the file as the body. The
 * file is checked in memory and forgotten: never stored, never rendered.
 */
@Controller
class UploadCheckController {

    private static final String PROBLEMS = "https://certhub.org/problems/";

    private final UploadChecks checks;
    private final PublicCertificates certificates;
    private final Catalogue catalogue;
    private final MessageSource messages;
    private final Clock clock;
    private final String publicBaseUrl;
    private final long maxBytes;
    private final PageFonts fonts;

    UploadCheckController(
            UploadChecks checks,
            PublicCertificates certificates,
            Catalogue catalogue,
            MessageSource messages,
            Clock clock,
            HubSettings hub,
            UploadSettings settings,
            PageFonts fonts) {
        this.fonts = fonts;
        this.checks = checks;
        this.certificates = certificates;
        this.catalogue = catalogue;
        this.messages = messages;
        this.clock = clock;
        this.publicBaseUrl = hub.publicBaseUrl();
        this.maxBytes = settings.maxFileSize().toBytes();
    }

    @GetMapping("/check")
    String page(Model model) {
        model.addAttribute("fonts", fonts.css(""));
        return "verify/check";
    }

    @PostMapping("/check")
    String checked(@RequestParam(name = "file", required = false) MultipartFile file, Model model) throws IOException {
        model.addAttribute("fonts", fonts.css(""));
        if (file == null || file.isEmpty()) {
            model.addAttribute("problem", "check.problem.noFile");
            return "verify/check";
        }
        if (file.getSize() > maxBytes) {
            model.addAttribute("problem", "check.problem.tooLarge");
            return "verify/check";
        }
        Answer answer = answer(checks.check(file.getBytes()), VerificationController.inEnglish());
        model.addAttribute("answer", answer);
        model.addAttribute("certificate", answer.certificate());
        var text = new StringBuilder();
        answer.findings().forEach(f -> text.append(f.message()));
        if (answer.certificate() != null) {
            var c = answer.certificate();
            text.append(c.type()).append(c.holderName()).append(c.number()).append(c.holderIdNumber());
            if (c.statusReason() != null) {
                text.append(c.statusReason());
            }
        }
        model.addAttribute("fonts", fonts.css(text.toString()));
        return "verify/check";
    }

    @PostMapping("/api/v1/public/verify")
    @ResponseBody
    ResponseEntity<?> api(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            return tooLarge();
        }
        byte[] file;
        try (InputStream in = request.getInputStream()) {
            file = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        if (file.length > maxBytes) {
            return tooLarge();
        }
        if (file.length == 0) {
            var problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_REQUEST, "请在请求体中发送证书文件 (send the certificate file as the request body)");
            problem.setType(URI.create(PROBLEMS + "no-file"));
            return ResponseEntity.badRequest().body(problem);
        }
        return ResponseEntity.ok(answer(checks.check(file), false));
    }

    private ResponseEntity<ProblemDetail> tooLarge() {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE,
                "文件超过 " + maxBytes / (1024 * 1024) + " MB (the file is larger than " + maxBytes / (1024 * 1024)
                        + " MB)");
        problem.setType(URI.create(PROBLEMS + "file-too-large"));
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
    }

    private Answer answer(UploadCheck.Report report, boolean inEnglish) {
        Locale locale = LocaleContextHolder.getLocale();
        List<Finding> findings = report.findings().stream()
                .map(f -> new Finding(
                        f.code(),
                        f.ok(),
                        messages.getMessage(
                                "finding." + f.code(),
                                f.args().stream().map(this::readable).toArray(),
                                f.code(),
                                locale)))
                .toList();
        PublicCertificate certificate = report.held() == null
                ? null
                : certificates
                        .byIdentifier(report.held().identifier())
                        .map(v -> PublicCertificate.of(
                                new VerificationController.PublicView(
                                        catalogue.get(v.typeCode()),
                                        v,
                                        LocalDate.now(clock),
                                        clock.getZone(),
                                        inEnglish),
                                publicBaseUrl))
                        .orElse(null);
        return new Answer(
                report.verdict(),
                messages.getMessage("verdict." + report.verdict().name(), null, locale),
                findings,
                report.signer() == null
                        ? null
                        : new Seal(
                                report.signer(),
                                report.signingTime() == null
                                        ? null
                                        : report.signingTime().toString(),
                                report.timestamp() == null
                                        ? null
                                        : report.timestamp().toString()),
                certificate);
    }

    /** A time as a person reads it: in the issuing authority's zone, to the second; anything else as it is. */
    private String readable(String arg) {
        try {
            var at = java.time.Instant.parse(arg).atZone(clock.getZone());
            return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                            .format(at) + " (" + at.getZone().getId() + ")";
        } catch (java.time.format.DateTimeParseException notATime) {
            return arg;
        }
    }

    /**
     * The upload check's answer.
     *
     * @param verdict     GENUINE, MODIFIED, NOT_SEALED, UNKNOWN_SEAL or NOT_IN_LIBRARY
     * @param verdictText what it means, in the page's language
     * @param findings    each fact found, in the order checked
     * @param seal        the seal's signer and times, when its signature holds
     * @param certificate the certificate's current status and public fields, when the file is the library's
     */
    record Answer(
            FileVerdict verdict,
            String verdictText,
            List<Finding> findings,
            Seal seal,
            PublicCertificate certificate) {}

    /** One fact found: its code, whether it is good news, and what it means in the page's language. */
    record Finding(String code, boolean ok, String message) {}

    /** Who sealed the file, when it says it did, and when a TSA saw the seal. */
    record Seal(String signer, String signingTime, String timestamp) {}
}
