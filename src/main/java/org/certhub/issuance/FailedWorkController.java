package org.certhub.issuance;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.certhub.licence.FailedStage;
import org.certhub.licence.LicenceLibrary;
import org.certhub.platform.Endpoints;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Re-drives work that failed for good ({@code FAILED} versions, status changes that could not be published) once its
 * cause is fixed: each goes back to the stage where it failed, with its attempts counted from zero.
 */
@RestController
class FailedWorkController {

    private final LicenceLibrary library;
    private final ProducerTemplate flow;

    FailedWorkController(LicenceLibrary library, ProducerTemplate flow) {
        this.library = library;
        this.flow = flow;
    }

    record Retried(long versionId, FailedStage stage) {}

    @PostMapping("/api/v1/pipeline/failed/{versionId}/retry")
    Retried retry(@PathVariable long versionId, Principal who) {
        FailedStage stage = library.retryFailed(versionId, who.getName())
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.CONFLICT, "版本 " + versionId + " 不是失败状态 (version " + versionId + " is not FAILED)"));
        hand(stage, List.of(versionId));
        return new Retried(versionId, stage);
    }

    /** Every failed version (of one stage, when given): after an outage of a target or of the seal's token. */
    @PostMapping("/api/v1/pipeline/failed/retry")
    Map<String, Object> retryAll(@RequestParam(required = false) FailedStage stage, Principal who) {
        var retried = new ArrayList<Retried>();
        List<LicenceLibrary.Failed> failed;
        // each one retried leaves FAILED, so the next look finds the rest
        while (!(failed = library.failed(stage, 500)).isEmpty()) {
            for (LicenceLibrary.Failed f : failed) {
                library.retryFailed(f.versionId(), who.getName()).ifPresent(s -> {
                    hand(s, List.of(f.versionId()));
                    retried.add(new Retried(f.versionId(), s));
                });
            }
        }
        return Map.of("retried", retried.size(), "versions", retried);
    }

    @PostMapping("/api/v1/pipeline/failed-status-changes/{eventId}/retry")
    Map<String, Object> retryStatusChange(@PathVariable long eventId) {
        if (!library.retryFailedEvent(eventId)) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT, "状态变更 " + eventId + " 不是失败状态 (status change " + eventId + " has not failed)");
        }
        flow.sendBody(Endpoints.ENQUEUE_STATUS, List.of(eventId));
        library.markEventsEnqueued(List.of(eventId));
        return Map.of("eventId", eventId);
    }

    private void hand(FailedStage stage, List<Long> versionIds) {
        flow.sendBody(stage == FailedStage.SIGN ? Endpoints.ENQUEUE_SIGN : Endpoints.ENQUEUE_PUBLISH, versionIds);
        library.markEnqueued(versionIds);
    }
}
