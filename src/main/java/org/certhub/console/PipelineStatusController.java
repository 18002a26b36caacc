package org.certhub.console;

import java.util.LinkedHashMap;
import java.util.Map;
import org.certhub.issuance.DeadLetters;
import org.certhub.licence.LicenceLibrary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** How much work is in each state: records, licence versions, publications and deliveries. */
@RestController
class PipelineStatusController {

    private final JdbcClient jdbc;
    private final LicenceLibrary library;
    private final DeadLetters deadLetters;

    PipelineStatusController(JdbcClient jdbc, LicenceLibrary library, DeadLetters deadLetters) {
        this.jdbc = jdbc;
        this.library = library;
        this.deadLetters = deadLetters;
    }

    @GetMapping("/api/v1/pipeline")
    Map<String, Object> status() {
        var status = new LinkedHashMap<String, Object>();
        status.put("records", countBy("select status, count(*) from raw_record group by status"));
        status.put("licenceVersions", countBy("select state, count(*) from licence_version group by state"));
        status.put("publications", countBy("select status, count(*) from publication group by status"));
        status.put("deliveries", countBy("select status, count(*) from delivery group by status"));
        // versions waiting aside (their TSA was unavailable), oldest first, with why
        status.put("parked", library.parked(50));
        // work that failed for good, oldest first, with the stage and the last error: re-driven with
        // POST /api/v1/pipeline/failed/{versionId}/retry once the cause is fixed
        status.put("failed", library.failed(50));
        status.put("failedStatusChanges", library.failedStatusChanges(50));
        status.put("deadLetters", deadLetters.counts());
        return status;
    }

    private Map<String, Long> countBy(String sql) {
        var counts = new LinkedHashMap<String, Long>();
        jdbc.sql(sql).query(rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }
}
