package org.certhub.intake;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.certhub.mapping.RejectReason;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Rejected records with their reasons and raw payload, newest first. */
@RestController
@RequestMapping("/api/v1/rejects")
class RejectController {

    private final JdbcClient jdbc;
    private final RawRecordStore store;

    RejectController(JdbcClient jdbc, RawRecordStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    record Reject(long recordId, String source, String file, int row, OffsetDateTime receivedAt, String mappingVersion,
            List<RejectReason> reasons, Map<String, String> payload) {
    }

    @GetMapping
    List<Reject> list(@RequestParam(required = false) String source, @RequestParam(required = false) String rule,
            @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") long afterId) {
        var sql = new StringBuilder("""
                select r.id, r.source_id, d.file_name, r.row_no, r.received_at, r.mapping_version, r.payload
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
        if (afterId > 0) {
            sql.append(" and r.id < ?");
            params.add(afterId);
        }
        sql.append(" order by r.id desc fetch first ? rows only");
        params.add(Math.max(1, Math.min(limit, 1000)));
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> new Reject(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getInt(4), rs.getObject(5, OffsetDateTime.class), rs.getString(6),
                store.reasons(rs.getLong(1)), RawRecordStore.payload(rs.getString(7)))).list();
    }
}
