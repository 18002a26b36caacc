package org.certhub.holder;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.certhub.catalog.Catalogue;
import org.certhub.catalog.CertificateType;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.licence.LicenceStatus;
import org.certhub.licence.LicenceVersionView;
import org.certhub.platform.CerthubPaths;
import org.certhub.verify.PageFonts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The holder's corner (本人查询): a holder signs in with their ID number, name and the number of one of their
 * certificates (then, where one-time codes are on and a contact is on record, a code sent there), and sees every
 * certificate of theirs with its status, its verification page and its sealed file to download. A wrong number, a
 * wrong name and an unknown ID number get the same answer; sign-ins are limited per client address
 * ({@code certhub.rate-limits.holder}) and per ID number and name ({@link SignInFailures}). Plain forms: no script.
 */
@Controller
@RequestMapping("/holder")
class HolderController {

    /** The cookie with the sign-in's id: a code's wait, then the session. */
    static final String COOKIE = "certhub-holder";

    private static final Logger log = LoggerFactory.getLogger(HolderController.class);

    private final HolderCertificates certificates;
    private final HolderSessions sessions;
    private final SignInFailures failures;
    private final HolderContacts contacts;
    private final HolderNotifier notifier;
    private final HolderSettings settings;
    private final Catalogue catalogue;
    private final MessageSource messages;
    private final PageFonts fonts;
    private final Path files;
    private final Clock clock;

    HolderController(
            HolderCertificates certificates,
            HolderSessions sessions,
            SignInFailures failures,
            HolderContacts contacts,
            HolderNotifier notifier,
            HolderSettings settings,
            Catalogue catalogue,
            MessageSource messages,
            PageFonts fonts,
            CerthubPaths paths,
            Clock clock) {
        this.certificates = certificates;
        this.sessions = sessions;
        this.failures = failures;
        this.contacts = contacts;
        this.notifier = notifier;
        this.settings = settings;
        this.catalogue = catalogue;
        this.messages = messages;
        this.fonts = fonts;
        this.files = paths.files();
        this.clock = clock;
    }

    @GetMapping
    String signInPage(@CookieValue(name = COOKIE, required = false) String id, Model model) {
        if (sessions.signedIn(id).isPresent()) {
            return "redirect:/holder/certificates";
        }
        return signInPage(model, null);
    }

    @PostMapping
    String signIn(
            @RequestParam(required = false) String idNumber,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String number,
            @CookieValue(name = COOKIE, required = false) String previous,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response) {
        var form = SignInForm.of(idNumber, name, number);
        Optional<String> problem = form.problem();
        if (problem.isPresent()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return signInPage(model, problem.get());
        }
        String pair = form.pairKey();
        String numberKey = form.numberKey();
        Optional<Duration> locked = failures.lockedFor(pair).or(() -> failures.lockedFor(numberKey));
        if (locked.isPresent()) {
            long minutes = Math.max(1, (locked.get().toSeconds() + 59) / 60);
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader(
                    HttpHeaders.RETRY_AFTER, Long.toString(locked.get().toSeconds() + 1));
            model.addAttribute("minutes", minutes);
            return signInPage(model, "holder.problem.locked");
        }
        Optional<String> holder = certificates.holderOf(form);
        if (holder.isEmpty()) {
            failures.failed(pair);
            failures.failed(numberKey);
            return signInPage(model, "holder.problem.noMatch");
        }
        failures.succeeded(pair);
        if (previous != null) {
            sessions.end(previous);
        }
        Optional<HolderContact> contact = settings.oneTimeCode() ? contacts.of(holder.get()) : Optional.empty();
        if (contact.isEmpty()) {
            setCookie(request, response, sessions.signIn(holder.get()));
            return "redirect:/holder/certificates";
        }
        if (sessions.codesSentLastHour(holder.get()) >= settings.codesPerHour()) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            return signInPage(model, "holder.problem.tooManyCodes");
        }
        String code = HolderSessions.newCode();
        String waiting = sessions.codeSent(holder.get(), code);
        try {
            notifier.send(
                    contact.get(),
                    messages.getMessage(
                            "holder.code.message",
                            new Object[] {code, settings.codeValidity().toMinutes()},
                            LocaleContextHolder.getLocale()));
        } catch (RuntimeException e) {
            log.warn(
                    "A one-time code could not be sent to {}: {}", contact.get().masked(), e.toString());
            sessions.end(waiting);
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            return signInPage(model, "holder.problem.notSent");
        }
        setCookie(request, response, waiting);
        return "redirect:/holder/code";
    }

    @GetMapping("/code")
    String codePage(@CookieValue(name = COOKIE, required = false) String id, Model model) {
        if (id == null) {
            return "redirect:/holder";
        }
        if (sessions.signedIn(id).isPresent()) {
            return "redirect:/holder/certificates";
        }
        return codePage(model);
    }

    private String codePage(Model model) {
        model.addAttribute("minutes", settings.codeValidity().toMinutes());
        model.addAttribute("fonts", fonts.css(""));
        return "holder/code";
    }

    @PostMapping("/code")
    String confirm(
            @RequestParam(required = false) String code,
            @CookieValue(name = COOKIE, required = false) String id,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response) {
        HolderSessions.Confirmation confirmation = sessions.confirm(id, code);
        if (confirmation instanceof HolderSessions.Confirmation.SignedIn signedIn) {
            setCookie(request, response, signedIn.id());
            return "redirect:/holder/certificates";
        }
        if (confirmation instanceof HolderSessions.Confirmation.Wrong wrong && wrong.attemptsLeft() > 0) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("attemptsLeft", wrong.attemptsLeft());
            model.addAttribute("problem", "holder.problem.wrongCode");
            return codePage(model);
        }
        if (sessions.signedIn(id).isPresent()) {
            // signed in already (a form posted twice): the session stays
            return "redirect:/holder/certificates";
        }
        // spent, expired or never sent: start again
        clearCookie(request, response);
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        return signInPage(model, "holder.problem.codeSpent");
    }

    @GetMapping("/certificates")
    String list(@CookieValue(name = COOKIE, required = false) String id, Model model) {
        Optional<String> holder = sessions.signedIn(id);
        if (holder.isEmpty()) {
            return "redirect:/holder";
        }
        boolean inEnglish = "en".equals(LocaleContextHolder.getLocale().getLanguage());
        LocalDate today = LocalDate.now(clock);
        List<LicenceVersionView> found = certificates.of(holder.get());
        List<Line> lines = found.stream().map(v -> line(v, today, inEnglish)).toList();
        var text = new StringBuilder();
        if (!found.isEmpty()) {
            LicenceVersionView latest = found.get(0);
            String holderName =
                    latest.data().get(catalogue.get(latest.typeCode()).holderNameField());
            model.addAttribute("holderName", holderName);
            text.append(holderName);
        }
        model.addAttribute("idNumber", CitizenIdNumber.mask(holder.get()));
        model.addAttribute("certificates", lines);
        lines.forEach(line -> text.append(line.text()));
        model.addAttribute("fonts", fonts.css(text.toString()));
        return "holder/certificates";
    }

    @GetMapping("/files/{identifier}")
    ResponseEntity<Resource> file(
            @CookieValue(name = COOKIE, required = false) String id, @PathVariable String identifier) {
        return sealedFile(id, identifier, false);
    }

    /** The certificate's OFD, for a type that issues one. */
    @GetMapping("/files/{identifier}/ofd")
    ResponseEntity<Resource> ofd(
            @CookieValue(name = COOKIE, required = false) String id, @PathVariable String identifier) {
        return sealedFile(id, identifier, true);
    }

    private ResponseEntity<Resource> sealedFile(String id, String identifier, boolean ofd) {
        Optional<String> holder = sessions.signedIn(id);
        if (holder.isEmpty()) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER)
                    .header(HttpHeaders.LOCATION, "/holder")
                    .build();
        }
        LicenceVersionView v = certificates
                .ofHolder(holder.get(), identifier)
                .filter(HolderCertificates::sealed)
                .filter(version -> !ofd || version.ofdFilePath() != null)
                .orElseThrow(NoSuchFile::new);
        String stored = ofd ? v.ofdFilePath() : v.filePath();
        Path file = files.resolve(stored).normalize();
        if (!file.startsWith(files.normalize()) || !Files.isRegularFile(file)) {
            log.warn("The sealed file of {} is missing: {}", v.identifier(), stored);
            throw new NoSuchFile();
        }
        return ResponseEntity.ok()
                .contentType(ofd ? OFD : MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(v, ofd ? ".ofd" : ".pdf"))
                .body(new FileSystemResource(file));
    }

    /** GB/T 33190's media type. */
    private static final MediaType OFD = MediaType.parseMediaType("application/ofd");

    @PostMapping("/sign-out")
    String signOut(
            @CookieValue(name = COOKIE, required = false) String id,
            HttpServletRequest request,
            HttpServletResponse response) {
        if (id != null) {
            sessions.end(id);
        }
        clearCookie(request, response);
        return "redirect:/holder";
    }

    @ExceptionHandler(NoSuchFile.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String noSuchFile(Model model) {
        model.addAttribute("fonts", fonts.css(""));
        return "holder/not-found";
    }

    private String signInPage(Model model, String problem) {
        model.addAttribute("problem", problem);
        model.addAttribute("idleMinutes", settings.sessionIdle().toMinutes());
        model.addAttribute("fonts", fonts.css(""));
        return "holder/sign-in";
    }

    /**
     * The file's name in the certificate's number, e.g. {@code 苏建安B(2026)0000001.pdf}, as RFC 6266 and RFC 5987
     * write it ({@code filename*}), with its identifier in ASCII for clients that read only {@code filename}.
     */
    static String attachment(LicenceVersionView v, String extension) {
        String ascii = v.identifier().replaceAll("[^A-Za-z0-9._-]", "_") + extension;
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + rfc5987(v.number() + extension);
    }

    /** RFC 5987's value-chars: attr-chars as they are, every other byte of the UTF-8 percent-encoded. */
    static String rfc5987(String value) {
        var out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private Line line(LicenceVersionView v, LocalDate today, boolean inEnglish) {
        CertificateType type = catalogue.get(v.typeCode());
        LicenceStatus status = v.statusOn(today);
        Long daysLeft = status == LicenceStatus.VALID && v.validTo() != null
                ? ChronoUnit.DAYS.between(today, v.validTo())
                : null;
        int remindersReach =
                settings.reminders().days().get(settings.reminders().days().size() - 1);
        return new Line(
                inEnglish && type.english().name() != null ? type.english().name() : type.name(),
                v.number(),
                v.identifier(),
                status.name(),
                status == LicenceStatus.VALID,
                status == LicenceStatus.VALID ? null : v.statusReason(),
                v.issuedOn().toString(),
                v.validTo() == null ? null : v.validTo().toString(),
                inEnglish && type.english().issuingAuthority() != null
                        ? type.english().issuingAuthority()
                        : type.issuingAuthority().name(),
                v.verifyToken(),
                HolderCertificates.sealed(v),
                HolderCertificates.sealed(v) && v.ofdFilePath() != null,
                daysLeft != null && daysLeft <= remindersReach ? daysLeft : null);
    }

    private void setCookie(HttpServletRequest request, HttpServletResponse response, String value) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, value, null).toString());
    }

    private void clearCookie(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(
                HttpHeaders.SET_COOKIE, cookie(request, "", Duration.ZERO).toString());
    }

    /** For this browser only (a session cookie), sent only to the corner's own pages, never read by a script. */
    private static ResponseCookie cookie(HttpServletRequest request, String value, Duration maxAge) {
        var cookie = ResponseCookie.from(COOKIE, value)
                .path("/holder")
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite("Lax");
        if (maxAge != null) {
            cookie.maxAge(maxAge);
        }
        return cookie.build();
    }

    /**
     * One certificate on the holder's page.
     *
     * @param statusCode VALID, SUSPENDED, REVOKED, CANCELLED or EXPIRED, worded as the query words it
     * @param sealed     its sealed file can be downloaded (otherwise it is being sealed)
     * @param daysLeft   days until its last day, when that is within the reminders' reach
     */
    record Line(
            String name,
            String number,
            String identifier,
            String statusCode,
            boolean valid,
            String statusReason,
            String issuedOn,
            String validTo,
            String issuer,
            String token,
            boolean sealed,
            boolean ofd,
            Long daysLeft) {

        String text() {
            return name + number + issuer + (statusReason == null ? "" : statusReason);
        }
    }

    /** No sealed file of the holder's with this identifier. */
    static final class NoSuchFile extends RuntimeException {
        NoSuchFile() {
            super("no such file of the holder's", null, false, false);
        }
    }
}
