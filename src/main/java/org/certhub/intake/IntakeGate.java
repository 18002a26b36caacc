package org.certhub.intake;

import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.certhub.platform.CerthubPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Whether the file-drop sources may take a file now: the hub's database and broker answer and the data and inbox
 * folders have room ({@code certhub.intake.min-free-space}). While either fails, the file routes' polls take nothing, so a dropped
 * file stays in its inbox untouched and is taken once the fault is gone; the {@code intake} health component
 * ({@link IntakeHealth}) is DOWN and says why. Used by the file routes as their {@code pollStrategy}.
 *
 * <p>A file whose intake meets an outage part-way ({@link FileIntake#fail}) is moved into its inbox's
 * {@value #RETRY_FOLDER} folder rather than to {@code failed/}; once the gate is open again, it moves the file back into
 * the inbox before the next poll, and it is read on after the rows it stored before.
 */
@Component("intakeGate")
public class IntakeGate implements PollingConsumerPollStrategy {

    private static final Logger log = LoggerFactory.getLogger(IntakeGate.class);
    private static final Duration RECHECK = Duration.ofSeconds(2);

    /** The folder of an inbox where files wait whose intake met an outage part-way (hidden: never polled). */
    public static final String RETRY_FOLDER = ".retry";

    private final DataSource database;
    private final CerthubPaths paths;
    private final long minFreeBytes;
    private final Clock clock;
    private volatile String closedBecause;
    private volatile Instant checkedAt = Instant.MIN;

    /** The stages' broker; null where a test runs intake without one. */
    private final ConnectionFactory broker;

    @Autowired
    IntakeGate(
            DataSource database,
            ObjectProvider<ConnectionFactory> broker,
            CerthubPaths paths,
            IntakeSettings settings,
            Clock clock) {
        this(database, broker.getIfAvailable(), paths, settings, clock);
    }

    IntakeGate(DataSource database, CerthubPaths paths, IntakeSettings settings, Clock clock) {
        this(database, (ConnectionFactory) null, paths, settings, clock);
    }

    IntakeGate(
            DataSource database, ConnectionFactory broker, CerthubPaths paths, IntakeSettings settings, Clock clock) {
        this.database = database;
        this.broker = broker;
        this.paths = paths;
        this.minFreeBytes = settings.minFreeSpace().toBytes();
        this.clock = clock;
    }

    /** Why intake is paused now, or null when it is open (checked at most every two seconds). */
    public String closedBecause() {
        Instant now = clock.instant();
        if (now.isAfter(checkedAt.plus(RECHECK))) {
            recheck(now);
        }
        return closedBecause;
    }

    /** Why intake is paused, checked right now: after an intake failed, so that the gate closes at once. */
    public String recheck() {
        recheck(clock.instant());
        return closedBecause;
    }

    private synchronized void recheck(Instant now) {
        String before = closedBecause;
        closedBecause = check();
        checkedAt = now;
        if (closedBecause != null && !closedBecause.equals(before)) {
            log.error("File intake paused, dropped files wait in their inboxes: {}", closedBecause);
        } else if (closedBecause == null && before != null) {
            log.info("File intake resumed: {} is over", before);
        }
    }

    private String check() {
        for (Path folder : new Path[] {paths.data(), paths.inbox()}) {
            try {
                Path existing = folder.toAbsolutePath();
                while (existing != null && !Files.exists(existing)) {
                    existing = existing.getParent();
                }
                if (existing != null) {
                    long free = Files.getFileStore(existing).getUsableSpace();
                    if (free < minFreeBytes) {
                        return "磁盘空间不足 (disk almost full): " + folder + " has " + free / (1024 * 1024)
                                + " MB free, below certhub.intake.min-free-space (" + minFreeBytes / (1024 * 1024)
                                + " MB)";
                    }
                }
            } catch (IOException e) {
                return "cannot read the free space of " + folder + ": " + e.getMessage();
            }
        }
        try (Connection connection = database.getConnection()) {
            if (!connection.isValid(5)) {
                return "数据库不可用 (the database does not answer)";
            }
        } catch (Exception e) {
            return "数据库不可用 (the database is unreachable): " + e.getClass().getSimpleName();
        }
        if (broker != null) {
            // a shared broker that does not answer: the rows read would be stored but could not be handed on
            try (jakarta.jms.Connection connection = broker.createConnection()) {
                connection.getMetaData();
            } catch (Exception e) {
                return "消息队列不可用 (the broker is unreachable): " + e.getClass().getSimpleName();
            }
        }
        return null;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        if (closedBecause() != null) {
            return false;
        }
        if (endpoint instanceof FileEndpoint inbox) {
            returnRetries(inbox.getFile().toPath());
        }
        return true;
    }

    /**
     * Moves the files that wait in the inbox's {@value #RETRY_FOLDER} folder back into it, each unless a file of its
     * name lies there already (that one is taken first; the waiting one follows at a later poll).
     */
    static void returnRetries(Path inbox) {
        Path retry = inbox.resolve(RETRY_FOLDER);
        if (!Files.isDirectory(retry, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> waiting = Files.newDirectoryStream(retry)) {
            for (Path file : waiting) {
                Path back = inbox.resolve(file.getFileName());
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && !Files.exists(back, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(file, back, StandardCopyOption.ATOMIC_MOVE);
                    log.info("File {} is taken again now that intake is open", back);
                }
            }
        } catch (IOException e) {
            log.warn("Cannot return the files waiting in {}: {}", retry, e.toString());
        }
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {}

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        return false;
    }
}
