package org.certhub.sealing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The archive re-timestamping job for administrators: its last run and what is due, and a run on demand. */
@RestController
class ArchiveTimestampsController {

    private final ArchiveTimestamps job;

    ArchiveTimestampsController(ArchiveTimestamps job) {
        this.job = job;
    }

    @GetMapping("/api/v1/archive-timestamps")
    Map<String, Object> status() {
        var status = new LinkedHashMap<String, Object>();
        status.put("due", job.dueCount());
        status.put("lastRun", job.lastRun().orElse(null));
        return status;
    }

    @PostMapping("/api/v1/archive-timestamps/run")
    ArchiveTimestamps.Run run() {
        return job.run();
    }
}
