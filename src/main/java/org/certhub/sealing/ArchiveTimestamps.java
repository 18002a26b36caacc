package org.certhub.sealing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.certhub.licence.LicenceLibrary;
import org.certhub.platform.CerthubPaths;
import org.certhub.platform.Jobs;
import org.certhub.platform.Sha256;
import org.certhub.sealing.ltv.LongTermValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Keeps B-LTA archives valid: before the TSA certificate of a file's newest document timestamp expires, adds the
 * validation data of its signatures and timestamps as of now and a new document timestamp over it all.
 *
 * <p>Each run takes at most one batch of due files, oldest expiry first. Each file is its own unit of work: the
 * extended file is stored under a new name first, then one update points the version at it (only if the version
 * still points at the file that was read); a crash leaves at worst an unused file, and the next run goes on with
 * whatever is still due. Runs are recorded with how many files were extended, how many are left and the errors.
 */
@Component
public class ArchiveTimestamps {

    private static final Logger log = LoggerFactory.getLogger(ArchiveTimestamps.class);

    private final JdbcClient jdbc;
    private final LicenceLibrary library;
    private final SigningStage stage;
    private final LongTermValidation ltv;
    private final ArchiveSettings settings;
    private final Path files;
    private final Clock clock;

    ArchiveTimestamps(
            JdbcClient jdbc,
            LicenceLibrary library,
            SigningStage stage,
            LongTermValidation ltv,
            ArchiveSettings settings,
            CerthubPaths paths,
            Clock clock) {
        this.jdbc = jdbc;
        this.library = library;
        this.stage = stage;
        this.ltv = ltv;
        this.settings = settings;
        this.files = paths.files();
        this.clock = clock;
    }

    /**
     * One run of the job.
     *
     * @param finishedAt null while running, or when the run was cut short by a stop
     */
    public record Run(
            long id,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt,
            int extended,
            int failed,
            int remaining,
            List<String> errors) {}

    /** Runs the job on {@code certhub.archive.cron}, in the hub's zone, on a thread of its own; {@code -}: never. */
    @org.springframework.beans.factory.annotation.Autowired
    void schedule(Jobs jobs) {
        if (!settings.cron().equals(ScheduledTaskRegistrar.CRON_DISABLED)) {
            jobs.onCron("archive", this::run, settings.cron(), clock.getZone(), settings.timeout());
        }
    }

    /** Extends one batch of due files now and returns the run's record. */
    public synchronized Run run() {
        Instant now = clock.instant();
        var key = new GeneratedKeyHolder();
        jdbc.sql("insert into archive_timestamp_run (started_at) values (?)")
                .param(now.atOffset(ZoneOffset.UTC))
                .update(key, "id");
        long runId = key.getKeyAs(Number.class).longValue();
        List<LicenceLibrary.ArchiveDue> batch =
                library.archivesDue(now.plus(settings.renewBefore()), settings.batchSize());
        int extended = 0;
        List<String> errors = new ArrayList<>();
        for (LicenceLibrary.ArchiveDue due : batch) {
            try {
                if (extend(due)) {
                    extended++;
                }
            } catch (RuntimeException e) {
                errors.add(due.identifier() + ": " + e.getMessage());
                log.warn(
                        "Could not re-timestamp {}; it stays due, behind files that have not failed",
                        due.identifier(),
                        e);
                library.deferArchive(due.versionId(), now);
            }
        }
        int remaining = dueCount();
        String errorText = String.join("\n", errors);
        jdbc.sql("""
                update archive_timestamp_run set finished_at = ?, extended = ?, failed = ?, remaining = ?, errors = ?
                where id = ?""")
                .params(
                        clock.instant().atOffset(ZoneOffset.UTC),
                        extended,
                        errors.size(),
                        remaining,
                        errorText.length() > 4000 ? errorText.substring(0, 4000) : errorText,
                        runId)
                .update();
        if (extended + errors.size() + remaining > 0) {
            log.info(
                    "Archive timestamps: {} files extended, {} failed, {} still due",
                    extended,
                    errors.size(),
                    remaining);
        }
        return lastRun().orElseThrow();
    }

    /** The latest run, if there was one. */
    public Optional<Run> lastRun() {
        return jdbc.sql("""
                select id, started_at, finished_at, extended, failed, remaining, errors from archive_timestamp_run
                order by id desc fetch first 1 rows only""")
                .query((rs, n) -> new Run(
                        rs.getLong(1),
                        rs.getObject(2, OffsetDateTime.class),
                        rs.getObject(3, OffsetDateTime.class),
                        rs.getInt(4),
                        rs.getInt(5),
                        rs.getInt(6),
                        rs.getString(7) == null || rs.getString(7).isEmpty()
                                ? List.of()
                                : List.of(rs.getString(7).split("\n"))))
                .optional();
    }

    /** How many files are due now. */
    public int dueCount() {
        return library.archivesDueCount(clock.instant().plus(settings.renewBefore()));
    }

    private boolean extend(LicenceLibrary.ArchiveDue due) {
        Path current = files.resolve(due.filePath());
        byte[] pdf;
        try {
            pdf = Files.readAllBytes(current);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + current + ": " + e.getMessage(), e);
        }
        if (!Sha256.hex(pdf).equals(due.sha256())) {
            throw new IllegalStateException("the stored file " + current + " does not match its recorded SHA-256");
        }
        LongTermValidation.Stamped stamped = ltv.extend(pdf);
        String sha256 = Sha256.hex(stamped.pdf());
        Path parent = Path.of(due.filePath()).getParent();
        String name = due.identifier() + "-" + sha256.substring(0, 12) + ".pdf";
        Path relative = parent == null ? Path.of(name) : parent.resolve(name);
        stage.store(relative, stamped.pdf());

        Instant now = clock.instant();
        Instant next = stamped.timestampCertificateExpiry().minus(settings.renewBefore());
        if (next.isBefore(now.plus(settings.recheckAfter()))) {
            log.warn(
                    "The TSA certificate of the new timestamp on {} expires {}, within the renewal window: renew the "
                            + "TSA's certificate; looking at the file again in {}",
                    due.identifier(),
                    stamped.timestampCertificateExpiry(),
                    settings.recheckAfter());
            next = now.plus(settings.recheckAfter());
        }
        if (!library.replaceArchiveFile(
                due.versionId(),
                due.sha256(),
                relative.toString(),
                sha256,
                stamped.timestampCertificateExpiry(),
                next)) {
            // changed meanwhile (another node extended it): keep the winner's file
            deleteQuietly(files.resolve(relative));
            return false;
        }
        deleteQuietly(current);
        return true;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("Could not delete {}", file, e);
        }
    }
}
