package org.certhub.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.certhub.platform.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One inbox, many nodes: the file-drop routes' read lock ({@code readLock: idempotent-changed},
 * {@code idempotentRepository: "#fileClaims"}) claims a file in the hub's database ({@code file_claim}, written only
 * here) before a node reads it, so that of the nodes polling a shared inbox exactly one takes each file.
 *
 * <p>A claim names the node that holds it: only that node removes it or keeps it alive (every third of
 * {@code certhub.intake.file-claim-max-age}, 1 minute, while it reads). A claim its node stopped keeping alive (the
 * node died part-way) is taken over by another node once it is older than that, and that node reads the file on after
 * the rows already stored; a node started again takes its own claims back at once. Camel's JDBC repository is not
 * used because a node that fails to claim a file removes the claim whoever holds it (the read lock's abort), which let
 * a third poll take a file that was being read.
 */
@Component("fileClaims")
public class FileClaims extends ServiceSupport implements IdempotentRepository {

    private static final Logger log = LoggerFactory.getLogger(FileClaims.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String node;
    private final Duration maxAge;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService keepAlive;

    @Autowired
    FileClaims(
            DataSource database,
            Clock clock,
            Node node,
            @Value("${certhub.intake.file-claim-max-age:PT1M}") Duration maxAge) {
        this(JdbcClient.create(database), clock, node.name(), maxAge);
    }

    /** Claims of the node {@code node} in {@code jdbc}'s database (tests play several nodes on one database). */
    public FileClaims(JdbcClient jdbc, Clock clock, String node, Duration maxAge) {
        if (maxAge.toMillis() < 3) {
            throw new IllegalArgumentException("certhub.intake.file-claim-max-age is too short: " + maxAge);
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.node = node;
        this.maxAge = maxAge;
    }

    /** Starts keeping this node's claims alive; Spring calls it once the bean is made. */
    @jakarta.annotation.PostConstruct
    void startKeepingAlive() {
        start();
    }

    @jakarta.annotation.PreDestroy
    void stopKeepingAlive() {
        stop();
    }

    /**
     * Claims the file for this node: a new claim, a claim older than the maximum age (its node died), or one of this
     * node's own from before a restart.
     */
    @Override
    public boolean add(String key) {
        OffsetDateTime now = now();
        int taken =
                jdbc.sql("""
                update file_claim set owner = ?, claimed_at = ?
                where claim_key = ? and (claimed_at < ? or owner = ?)""").params(node, now, key, now.minus(maxAge), node).update();
        if (taken == 0) {
            try {
                jdbc.sql("insert into file_claim (claim_key, owner, claimed_at) values (?, ?, ?)")
                        .params(key, node, now)
                        .update();
            } catch (DuplicateKeyException e) {
                return false; // another node holds it
            }
        } else {
            log.info("File claim {} taken over by {}", key, node);
        }
        held.add(key);
        return true;
    }

    /** Whether any node holds a live claim on the file. */
    @Override
    public boolean contains(String key) {
        return jdbc.sql("select count(*) from file_claim where claim_key = ? and claimed_at >= ?")
                        .params(key, now().minus(maxAge))
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** Gives up this node's claim on the file; another node's claim is left alone. */
    @Override
    public boolean remove(String key) {
        held.remove(key);
        return jdbc.sql("delete from file_claim where claim_key = ? and owner = ?")
                        .params(key, node)
                        .update()
                > 0;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    /** Gives up every claim of this node. */
    @Override
    public void clear() {
        held.clear();
        jdbc.sql("delete from file_claim where owner = ?").param(node).update();
    }

    /** Renews this node's claims on the files it is reading. */
    void keepAlive() {
        OffsetDateTime now = now();
        for (String key : held) {
            int kept = jdbc.sql("update file_claim set claimed_at = ? where claim_key = ? and owner = ?")
                    .params(now, key, node)
                    .update();
            if (kept == 0) {
                log.warn("File claim {} of {} was taken over by another node", key, node);
                held.remove(key);
            }
        }
    }

    @Override
    protected void doStart() {
        keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "file-claims-keep-alive");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1, maxAge.toMillis() / 3);
        keepAlive.scheduleWithFixedDelay(
                () -> {
                    try {
                        keepAlive();
                    } catch (RuntimeException e) {
                        log.warn("Cannot keep the file claims of {} alive: {}", node, e.toString());
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (keepAlive != null) {
            keepAlive.shutdownNow();
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }
}
