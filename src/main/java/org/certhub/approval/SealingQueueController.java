package org.certhub.approval;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
 * The sealer's API (role SEALER): list a batch of the sealing queue, preview any item, approve items or send them
 * back with a reason; and the history of decisions (SEALER or ADMIN). Errors are RFC 9457 problem details.
 */
@RestController
@RequestMapping("/api/v1/sealing-queue")
class SealingQueueController {

    private static final String PROBLEMS = "https://certhub.org/problems/";

    private final SealingQueue queue;

    SealingQueueController(SealingQueue queue) {
        this.queue = queue;
    }

    /** Waiting versions, oldest first. */
    @GetMapping
    List<SealingQueue.Item> list(
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String source,
            @RequestParam(defaultValue = "50") int limit) {
        return queue.list(type, source, limit);
    }

    /** The certificate as it will be sealed, unsealed and marked as a preview. */
    @GetMapping("/{versionId}/preview")
    ResponseEntity<byte[]> preview(@PathVariable long versionId) {
        byte[] pdf = queue.preview(versionId);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline()
                                .filename("preview-" + versionId + ".pdf")
                                .build()
                                .toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(pdf);
    }

    record Approval(List<Long> versionIds) {}

    record SendBack(List<Long> versionIds, String reason) {}

    @PostMapping("/approve")
    SealingQueue.BatchResult approve(@RequestBody Approval body, Principal who) {
        return queue.approve(body.versionIds(), who.getName());
    }

    @PostMapping("/send-back")
    SealingQueue.BatchResult sendBack(@RequestBody SendBack body, Principal who) {
        return queue.sendBack(body.versionIds(), body.reason(), who.getName());
    }

    /** Decisions, newest first, optionally of one sealer or one batch. */
    @GetMapping("/history")
    List<SealingQueue.Decision> history(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String batch,
            @RequestParam(defaultValue = "0") long beforeId,
            @RequestParam(defaultValue = "100") int limit) {
        return queue.history(actor, batch, beforeId, limit);
    }

    @ExceptionHandler(SealingQueue.NoSuchVersionException.class)
    ProblemDetail noSuchVersion(SealingQueue.NoSuchVersionException e) {
        return problem(HttpStatus.NOT_FOUND, "no-such-version", e.getMessage());
    }

    @ExceptionHandler(SealingQueue.NotInQueueException.class)
    ProblemDetail notInQueue(SealingQueue.NotInQueueException e) {
        return problem(HttpStatus.CONFLICT, "not-in-sealing-queue", e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "bad-request", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String type, String detail) {
        var p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(PROBLEMS + type));
        return p;
    }
}
