package org.certhub.seals;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.certhub.sealing.keys.KeyReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/seals}: list, define and rotate seals (administrators). */
@RestController
@RequestMapping("/api/v1/seals")
class SealController {

    private static final String PROBLEMS = "https://certhub.org/problems/";

    private final Seals seals;
    private final SealStore store;

    SealController(Seals seals, SealStore store) {
        this.seals = seals;
        this.store = store;
    }

    /** One seal as the API shows it; {@code status} is active, expiring (within 30 days) or expired. */
    record SealView(
            String id,
            String name,
            String authority,
            boolean isDefault,
            String origin,
            String provider,
            Map<String, Object> key,
            String subject,
            String serial,
            Instant notAfter,
            long daysLeft,
            int keyVersion,
            String status,
            List<KeyHistory> keys) {}

    /** A key the seal has had. */
    record KeyHistory(
            int version,
            String origin,
            String provider,
            String subject,
            String serial,
            Instant notAfter,
            Instant activatedAt,
            Instant retiredAt) {}

    @GetMapping
    List<SealView> list() {
        return seals.all().stream().map(s -> view(s, false)).toList();
    }

    @GetMapping("/{id}")
    SealView one(@PathVariable String id) {
        return view(seals.get(id), true);
    }

    /** Defines a seal: {@code {"id", "name", "authority", "image", "key": {...}}}, key as in config/seals.yaml. */
    @PostMapping
    ResponseEntity<SealView> define(@RequestBody Map<String, Object> body) {
        var seal = seals.define(SealDefinition.of(body));
        return ResponseEntity.created(
                        URI.create("/api/v1/seals/" + seal.definition().id()))
                .body(view(seal, true));
    }

    /** Rotates the seal's key: the body is a key block as in config/seals.yaml. */
    @PostMapping("/{id}/keys")
    ResponseEntity<SealView> rotate(@PathVariable String id, @RequestBody Map<String, Object> key) {
        var seal = seals.rotate(id, KeyReference.of(key));
        return ResponseEntity.created(URI.create("/api/v1/seals/" + id)).body(view(seal, true));
    }

    private SealView view(Seals.Registered seal, boolean withHistory) {
        X509Certificate certificate = seal.certificate();
        long daysLeft = seals.daysLeft(seal);
        String status = certificate.getNotAfter().toInstant().isBefore(seals.now())
                ? "expired"
                : daysLeft < Seals.EXPIRY_WARNING.toDays() ? "expiring" : "active";
        var history = withHistory
                ? store.history(seal.definition().id()).stream()
                        .map(k -> new KeyHistory(
                                k.version(),
                                k.origin(),
                                k.key().provider(),
                                k.subject(),
                                k.serial(),
                                k.notAfter(),
                                k.activatedAt(),
                                k.retiredAt()))
                        .toList()
                : null;
        var definition = seal.definition();
        return new SealView(
                definition.id(),
                definition.name(),
                definition.authority(),
                definition.id().equals(seals.defaultSeal()),
                seal.origin(),
                definition.key().provider(),
                definition.key().settings(),
                certificate.getSubjectX500Principal().getName(),
                certificate.getSerialNumber().toString(16),
                certificate.getNotAfter().toInstant(),
                daysLeft,
                seal.keyVersion(),
                status,
                history);
    }

    /**
     * A seal that fails its check, or whose key names a library or secret variable it may not, is 422; an unknown seal
     * 404, bad settings 400; all as problem details.
     */
    @ExceptionHandler({SealCheckException.class, NoSuchElementException.class, IllegalArgumentException.class})
    ProblemDetail refused(RuntimeException e) {
        boolean unknown = e instanceof NoSuchElementException;
        boolean failedCheck = e instanceof SealCheckException;
        var problem = ProblemDetail.forStatusAndDetail(
                failedCheck
                        ? HttpStatus.UNPROCESSABLE_CONTENT
                        : unknown ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST,
                e.getMessage());
        String type = e instanceof KeyNotAllowedException
                ? "key-not-allowed"
                : failedCheck ? "seal-check-failed" : unknown ? "no-such-seal" : "bad-request";
        problem.setType(URI.create(PROBLEMS + type));
        return problem;
    }
}
