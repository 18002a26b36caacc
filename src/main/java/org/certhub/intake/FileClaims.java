package org.certhub.intake;

import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One inbox, many nodes: the file-drop routes' read lock ({@code readLock: idempotent-changed},
 * {@code idempotentRepository: "#fileClaims"}) claims a file in the hub's database before a node reads it, so that of
 * the nodes polling a shared inbox exactly one takes each file. Camel's orphan-aware JDBC repository: the node that
 * holds a claim keeps it alive while it reads; a claim its node stopped keeping alive (the node died part-way) is
 * taken over by another node after {@code certhub.intake.file-claim-max-age} (1 minute), which reads the file on
 * after the rows already stored.
 */
@Configuration(value = "fileClaimsConfiguration", proxyBeanMethods = false)
class FileClaims {

    /** The processor name of the file-drop routes' claims in {@code camel_messageprocessed}. */
    static final String CLAIMS = "file-drop";

    @Bean
    JdbcOrphanLockAwareIdempotentRepository fileClaims(
            DataSource database,
            CamelContext camel,
            @Value("${certhub.intake.file-claim-max-age:PT1M}") Duration maxAge) {
        return claims(database, camel, maxAge);
    }

    /** The claims on the database, kept alive every third of their maximum age. */
    static JdbcOrphanLockAwareIdempotentRepository claims(DataSource database, CamelContext camel, Duration maxAge) {
        var claims = new JdbcOrphanLockAwareIdempotentRepository(database, CLAIMS, camel);
        claims.setCreateTableIfNotExists(false); // Flyway made it (V25)
        claims.setLockMaxAgeMillis(maxAge.toMillis());
        claims.setLockKeepAliveIntervalMillis(maxAge.dividedBy(3).toMillis());
        return claims;
    }
}
