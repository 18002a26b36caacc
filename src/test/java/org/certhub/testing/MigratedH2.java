package org.certhub.testing;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 database with the hub's tables (the Flyway migrations), for tests that play several nodes. */
public final class MigratedH2 {

    private MigratedH2() {}

    public static DataSource database() {
        var h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(h2).load().migrate();
        return h2;
    }
}
