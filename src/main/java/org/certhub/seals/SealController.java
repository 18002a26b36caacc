package org.certhub.seals;

import java.net.URI;
import java.security.Principal;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/seals}: list seals, propose a new seal or a new key (administrators); {@code /api/v1/seal-proposals}:
 * the proposals, approved or rejected by a second administrator.
 */
@RestController
@RequestMapping("/api/v1")
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

    /** A key the seal has had; one that came through the API with who proposed and who approved it, and when. */
    record KeyHistory(
            int version,
            String origin,
            String provider,
            String subject,
            String serial,
            Instant notAfter,
            Instant activatedAt,
            Instant retiredAt,
            String proposedBy,
            Instant proposedAt,
            String approvedBy,
            Instant approvedAt) {}

    @GetMapping("/seals")
    List<SealView> list() {
        return seals.all().stream().map(s -> view(s, false)).toList();
    }

    @GetMapping("/seals/{id}")
    SealView one(@PathVariable String id) {
        return view(seals.get(id), true);
    }

    /**
     * Proposes a seal: {@code {"id", "name", "authority", "image", "key": {...}}}, key as in config/seals.yaml. The
     * key is checked now; the seal is defined when another administrator approves the proposal.
     */
    @PostMapping("/seals")
    ResponseEntity<SealProposal> define(@RequestBody Map<String, Object> body, Principal who) {
        return accepted(seals.proposeDefinition(SealDefinition.of(body), who.getName()));
    }

    /** Proposes a new key for the seal: the body is a key block as in config/seals.yaml; approved as above. */
    @PostMapping("/seals/{id}/keys")
    ResponseEntity<SealProposal> rotate(@PathVariable String id, @RequestBody Map<String, Object> key, Principal who) {
        return accepted(seals.proposeRotation(id, KeyReference.of(key), who.getName()));
    }

    private static ResponseEntity<SealProposal> accepted(SealProposal proposal) {
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/seal-proposals/" + proposal.id()))
                .body(proposal);
    }

    /** Proposals, newest first; {@code state}: PROPOSED (waiting), APPROVED or REJECTED. */
    @GetMapping("/seal-proposals")
    List<SealProposal> proposals(
            @RequestParam(required = false) SealProposal.State state, @RequestParam(defaultValue = "100") int limit) {
        return seals.proposals(state, Math.max(1, Math.min(limit, 1000)));
    }

    @GetMapping("/seal-proposals/{proposalId}")
    SealProposal proposal(@PathVariable long proposalId) {
        return seals.proposal(proposalId);
    }

    /** Approves a waiting proposal: only an administrator other than its proposer; the seal as it is now. */
    @PostMapping("/seal-proposals/{proposalId}/approve")
    ResponseEntity<SealView> approve(@PathVariable long proposalId, Principal who) {
        var seal = seals.approve(proposalId, who.getName());
        return ResponseEntity.created(
                        URI.create("/api/v1/seals/" + seal.definition().id()))
                .body(view(seal, true));
    }

    record Rejection(String reason) {}

    /** Rejects a waiting proposal (any administrator, its proposer too): {@code {"reason": "..."}}, optional. */
    @PostMapping("/seal-proposals/{proposalId}/reject")
    SealProposal reject(@PathVariable long proposalId, @RequestBody(required = false) Rejection body, Principal who) {
        return seals.reject(proposalId, who.getName(), body == null ? null : body.reason());
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
                                k.retiredAt(),
                                k.proposedBy(),
                                k.proposedAt(),
                                k.approvedBy(),
                                k.approvedAt()))
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
     * or proposal 404, bad settings 400; all as problem details.
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
                : failedCheck
                        ? "seal-check-failed"
                        : e instanceof NoSuchProposalException
                                ? "no-such-proposal"
                                : unknown ? "no-such-seal" : "bad-request";
        problem.setType(URI.create(PROBLEMS + type));
        return problem;
    }

    /** An administrator approving their own proposal: 403. */
    @ExceptionHandler(OwnProposalException.class)
    ProblemDetail ownProposal(OwnProposalException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setType(URI.create(PROBLEMS + "own-proposal"));
        return problem;
    }

    /** A proposal approved or rejected already: 409. */
    @ExceptionHandler(ProposalDecidedException.class)
    ProblemDetail decided(ProposalDecidedException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create(PROBLEMS + "proposal-decided"));
        return problem;
    }
}
