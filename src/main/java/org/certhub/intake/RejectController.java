package org.certhub.intake;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Rejected records with their reasons and raw payload, newest first. */
@RestController
@RequestMapping("/api/v1/rejects")
class RejectController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    RejectController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Reason(String field, String value, String rule, String message) {
    }

    record Reject(long recordId, String source, String file, int row, OffsetDateTime receivedAt, String mappingVersion,
            List<Reason> reasons, Map<String, String> payload) {
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
        var rejects = jdbc.sql(sql.toString()).params(params).query((rs, n) -> new Reject(rs.getLong(1),
                rs.getString(2), rs.getString(3), rs.getInt(4), rs.getObject(5, OffsetDateTime.class), rs.getString(6),
                new ArrayList<>(), JSON.readValue(rs.getString(7), new TypeReference<LinkedHashMap<String, String>>() {
                }))).list();
        for (Reject r : rejects) {
            r.reasons().addAll(jdbc.sql("""
                    select field, field_value, rule, message from reject_reason where raw_record_id = ? order by id""")
                    .param(r.recordId())
                    .query((rs, n) -> new Reason(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                    .list());
        }
        return rejects;
    }
}
