package org.certhub.rejects;

import java.security.Principal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.certhub.intake.PersonalDataViews;
import org.certhub.intake.RawRecordStore;
import org.certhub.intake.RecordStatus;
import org.certhub.mapping.RejectReason;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rejected records with their reasons and raw payload, newest first; and what operators do with them: re-drive
 * (one, or all of a source and rule) once the mapping is fixed, or discard with a reason.
 * <p>
 * ID numbers in what the list returns (payload values, reasons' values and messages) are masked; an administrator
 * who also has role {@code PII_VIEWER} sees them in full with {@code ?unmasked=true}, and every record so seen is
 * recorded ({@link PersonalDataViews}), listed by {@code GET /unmasked-views}.
 */
@RestController
@RequestMapping("/api/v1/rejects")
class RejectController {

    private static final String PROBLEMS = "https://certhub.org/problems/";

    private final JdbcClient jdbc;
    private final RawRecordStore store;
    private final Redrive redrive;
    private final PersonalDataViews views;
    /** Days in a filter are the issuing authority's days: the zone of the hub's clock. */
    private final Clock clock;

    RejectController(JdbcClient jdbc, RawRecordStore store, Redrive redrive, PersonalDataViews views, Clock clock) {
        this.clock = clock;
        this.views = views;
        this.jdbc = jdbc;
        this.store = store;
        this.redrive = redrive;
    }

    record Reject(
            long recordId,
            String source,
            String channel,
            String file,
            int row,
            String origin,
            OffsetDateTime receivedAt,
            String mappingVersion,
            List<RejectReason> reasons,
            Map<String, String> payload) {}

    /**
     * Rejects, filtered by source, rule and the day they were received (from and to inclusive, in the province's
     * time zone); pages go backwards with {@code afterId} = the last id of the previous page.
     */
    @GetMapping
    List<Reject> list(
            @RequestParam(required = false) String source,
            @RequestParam(required = false) String rule,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "0") long afterId,
            @RequestParam(defaultValue = "false") boolean unmasked,
            Principal who) {
        if (unmasked) {
            views.checkMayView(who);
        }
        var sql = new StringBuilder("""
                select r.id, r.source_id, d.channel, d.file_name, r.row_no, r.origin, r.received_at,
                       r.mapping_version, r.payload
                from raw_record r join delivery d on d.id = r.delivery_id
                where r.status = 'REJECTED'""");
        var params = new ArrayList<Object>();
        if (source != null) {
            sql.append(" and r.source_id = ?");
            params.add(source);
        }
        if (rule != null) {
            sql.append(" and exists (select 1 from reject_reason x where x.raw_record_id = r.id and x.rule = ?)");
            params.add(rule);
        }
        if (from != null) {
            sql.append(" and r.received_at >= ?");
            params.add(from.atStartOfDay(clock.getZone()).toOffsetDateTime());
        }
        if (to != null) {
            sql.append(" and r.received_at < ?");
            params.add(to.plusDays(1).atStartOfDay(clock.getZone()).toOffsetDateTime());
        }
        if (afterId > 0) {
            sql.append(" and r.id < ?");
            params.add(afterId);
        }
        sql.append(" order by r.id desc fetch first ? rows only");
        params.add(Math.max(1, Math.min(limit, 1000)));
        List<Reject> rejects = jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> new Reject(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getInt(5),
                        rs.getString(6),
                        rs.getObject(7, OffsetDateTime.class),
                        rs.getString(8),
                        store.reasons(rs.getLong(1)),
                        RawRecordStore.payload(rs.getString(9))))
                .list();
        if (!unmasked) {
            return rejects.stream().map(RejectController::masked).toList();
        }
        views.record(who, rejects.stream().map(Reject::recordId).toList(), "GET /api/v1/rejects?unmasked=true");
        return rejects;
    }

    /** A reject as anyone may see it: every ID number in what it says masked. */
    private static Reject masked(Reject r) {
        var payload = PersonalDataViews.masked(r.payload());
        var reasons = r.reasons().stream().map(RejectReason::masked).toList();
        return new Reject(
                r.recordId(),
                r.source(),
                r.channel(),
                r.file(),
                r.row(),
                r.origin(),
                r.receivedAt(),
                r.mappingVersion(),
                reasons,
                payload);
    }

    /** Who saw full ID numbers of which record, and when, newest first (at most {@code limit}). */
    @GetMapping("/unmasked-views")
    List<PersonalDataViews.View> unmaskedViews(
            @RequestParam(required = false) Long recordId, @RequestParam(defaultValue = "100") int limit) {
        return views.views(recordId, limit);
    }

    @ExceptionHandler(PersonalDataViews.NotAllowedException.class)
    ProblemDetail unmaskingNotAllowed(PersonalDataViews.NotAllowedException e) {
        return problem(HttpStatus.FORBIDDEN, "unmasking-not-allowed", e.getMessage());
    }

    record RuleCount(String source, String rule, long count) {}

    /** How many rejects wait, per source and rule: where a mapping or an upstream needs fixing first. */
    @GetMapping("/summary")
    List<RuleCount> summary() {
        return jdbc.sql("""
                select r.source_id, x.rule, count(distinct r.id) from raw_record r
                join reject_reason x on x.raw_record_id = r.id
                where r.status = 'REJECTED' group by r.source_id, x.rule order by 3 desc""")
                .query((rs, n) -> new RuleCount(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list();
    }

    record Note(String note) {}

    record Bulk(String source, String rule, String note) {}

    record Discard(String reason) {}

    @PostMapping("/{id}/redrive")
    Redrive.Result redriveOne(@PathVariable long id, @RequestBody(required = false) Note body, Principal who) {
        return redrive.redrive(List.of(id), who.getName(), body == null ? null : body.note());
    }

    /** Re-drives every reject of a source, or only those that broke one rule. */
    @PostMapping("/redrive")
    Redrive.Result redriveAll(@RequestBody Bulk body, Principal who) {
        if (body.source() == null || body.source().isBlank()) {
            throw new IllegalArgumentException("source is required (来源必填)");
        }
        return redrive.redriveAll(body.source(), body.rule(), who.getName(), body.note());
    }

    @PostMapping("/{id}/discard")
    Map<String, Object> discard(@PathVariable long id, @RequestBody Discard body, Principal who) {
        if (body.reason() == null || body.reason().isBlank()) {
            throw new IllegalArgumentException("a reason is required to discard a record (作废须说明原因)");
        }
        redrive.discard(id, who.getName(), body.reason());
        return Map.of("recordId", id, "status", RecordStatus.DISCARDED.name());
    }

    @ExceptionHandler(Redrive.NotARejectException.class)
    ProblemDetail notAReject(Redrive.NotARejectException e) {
        return problem(HttpStatus.CONFLICT, "not-a-reject", e.getMessage());
    }

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail noSuchRecord(NoSuchElementException e) {
        return problem(HttpStatus.NOT_FOUND, "no-such-record", e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "bad-request", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String type, String detail) {
        var p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(java.net.URI.create(PROBLEMS + type));
        return p;
    }
}
