package org.certhub.console;

import java.net.URI;
import java.security.Principal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.certhub.approval.SealingQueue;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.intake.PersonalDataViews;
import org.certhub.intake.RecordStories;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Provenance: a record's story, and a licence's: every version and status change with the record behind it, and
 * the sealers' decisions on its versions. ID numbers in what the records said (payload, business key, reject reasons,
 * operators' notes) and in status-change reasons are masked; an administrator with role {@code PII_VIEWER} sees them
 * with {@code ?unmasked=true}, and each record so seen is recorded ({@link PersonalDataViews}).
 */
@RestController
class ProvenanceController {

    private final JdbcClient jdbc;
    private final RecordStories stories;
    private final SealingQueue sealingQueue;
    private final PersonalDataViews views;

    ProvenanceController(JdbcClient jdbc, RecordStories stories, SealingQueue sealingQueue, PersonalDataViews views) {
        this.jdbc = jdbc;
        this.stories = stories;
        this.sealingQueue = sealingQueue;
        this.views = views;
    }

    @GetMapping("/api/v1/records/{id}")
    RecordStories.RecordStory record(
            @PathVariable long id, @RequestParam(defaultValue = "false") boolean unmasked, Principal who) {
        if (unmasked) {
            views.checkMayView(who);
        }
        var story = stories.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no record " + id));
        if (!unmasked) {
            return story.masked();
        }
        views.record(who, List.of(id), "GET /api/v1/records/{id}?unmasked=true");
        return story;
    }

    record Version(
            int version,
            String identifier,
            String operation,
            String state,
            LocalDate issuedOn,
            LocalDate validFrom,
            LocalDate validTo,
            String fileSha256,
            String ofdFileSha256,
            OffsetDateTime signedAt,
            int failedAttempts,
            String lastError,
            String failedStage,
            OffsetDateTime failedAt,
            RecordStories.RecordStory record) {}

    record Event(
            String operation,
            String fromStatus,
            String toStatus,
            String reason,
            String actor,
            OffsetDateTime at,
            OffsetDateTime publishedAt,
            OffsetDateTime failedAt,
            String lastError,
            Long recordId) {}

    record LicenceStory(
            String typeCode,
            String number,
            String status,
            String statusReason,
            int currentVersion,
            List<Version> versions,
            List<Event> events,
            List<Long> duplicateRecords,
            List<SealingQueue.Decision> sealingDecisions) {}

    /** The licence that has a version with this identifier (any version), with its whole history. */
    @GetMapping("/api/v1/licences/{identifier}/provenance")
    LicenceStory licence(
            @PathVariable String identifier, @RequestParam(defaultValue = "false") boolean unmasked, Principal who) {
        if (unmasked) {
            views.checkMayView(who);
        }
        long licenceId = jdbc.sql("select licence_id from licence_version where identifier = ?")
                .param(identifier)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no licence " + identifier));
        var versions = jdbc.sql("""
                select version, identifier, operation, state, issued_on, valid_from, valid_to, file_sha256, signed_at,
                       raw_record_id, attempts, last_error, failed_stage, failed_at, ofd_file_sha256
                from licence_version where licence_id = ? order by version""")
                .param(licenceId)
                .query((rs, n) -> new Version(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, LocalDate.class),
                        rs.getObject(6, LocalDate.class),
                        rs.getObject(7, LocalDate.class),
                        rs.getString(8),
                        rs.getString(15),
                        rs.getObject(9, OffsetDateTime.class),
                        rs.getInt(11),
                        rs.getString(12),
                        rs.getString(13),
                        rs.getObject(14, OffsetDateTime.class),
                        stories.find(rs.getLong(10))
                                .map(story -> unmasked ? story : story.masked())
                                .orElse(null)))
                .list();
        var events = jdbc.sql("""
                select operation, from_status, to_status, reason, actor, created_at, published_at, raw_record_id,
                       failed_at, last_error
                from licence_event where licence_id = ? order by id""")
                .param(licenceId)
                .query((rs, n) -> new Event(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        unmasked ? rs.getString(4) : CitizenIdNumber.maskWithin(rs.getString(4)),
                        rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class),
                        rs.getObject(7, OffsetDateTime.class),
                        rs.getObject(9, OffsetDateTime.class),
                        rs.getString(10),
                        rs.getObject(8, Long.class)))
                .list();
        var duplicates = jdbc.sql("select id from raw_record where licence_id = ? and status = 'DUPLICATE' order by id")
                .param(licenceId)
                .query(Long.class)
                .list();
        if (unmasked) {
            var seen = new ArrayList<Long>();
            versions.stream()
                    .filter(v -> v.record() != null)
                    .forEach(v -> seen.add(v.record().recordId()));
            events.stream().filter(e -> e.recordId() != null).forEach(e -> seen.add(e.recordId()));
            views.record(
                    who,
                    seen.stream().distinct().toList(),
                    "GET /api/v1/licences/{identifier}/provenance?unmasked=true");
        }
        return jdbc.sql("select type_code, number, status, status_reason, current_version from licence where id = ?")
                .param(licenceId)
                .query((rs, n) -> new LicenceStory(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        unmasked ? rs.getString(4) : CitizenIdNumber.maskWithin(rs.getString(4)),
                        rs.getInt(5),
                        versions,
                        events,
                        duplicates,
                        sealingQueue.decisionsOf(licenceId)))
                .single();
    }

    @ExceptionHandler(PersonalDataViews.NotAllowedException.class)
    ProblemDetail unmaskingNotAllowed(PersonalDataViews.NotAllowedException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setType(URI.create("https://certhub.org/problems/unmasking-not-allowed"));
        return problem;
    }
}
