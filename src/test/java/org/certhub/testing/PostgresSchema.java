package org.certhub.testing;

import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A schema of a test's own in the machine's PostgreSQL ({@code test} database, trust auth), with the hub's tables
 * made by the Flyway migrations; skipped visibly when PostgreSQL does not answer (a failure under
 * {@code CERTHUB_SERVICES=required}).
 */
public final class PostgresSchema {

    private final String name;
    private final PGSimpleDataSource dataSource;

    private PostgresSchema(String name) {
        this.name = name;
        this.dataSource = dataSource("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + name);
    }

    /** Creates a schema named {@code prefix} and a random suffix, and migrates it. */
    public static PostgresSchema migrated(String prefix) {
        Services.requireTcp("PostgreSQL", "127.0.0.1", 5432);
        var schema = new PostgresSchema(
                prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        JdbcClient.create(dataSource("jdbc:postgresql://127.0.0.1:5432/test"))
                .sql("create schema " + schema.name)
                .update();
        var result = Flyway.configure()
                .dataSource(schema.dataSource)
                .schemas(schema.name)
                .load()
                .migrate();
        if (!result.success || result.migrationsExecuted < 1) {
            throw new IllegalStateException("the migrations did not run on " + schema.name);
        }
        return schema;
    }

    /** The JDBC URL of the schema, for a hub started as a process. */
    public String url() {
        return dataSource.getURL();
    }

    /** The JDBC URL of the schema through another port of this machine (a {@link TcpProxy} to PostgreSQL). */
    public String urlThrough(int port) {
        return url().replace("//127.0.0.1:5432/", "//127.0.0.1:" + port + "/");
    }

    public PGSimpleDataSource dataSource() {
        return dataSource;
    }

    /** Drops the schema with everything in it. */
    public void drop() {
        JdbcClient.create(dataSource).sql("drop schema " + name + " cascade").update();
    }

    private static PGSimpleDataSource dataSource(String url) {
        var source = new PGSimpleDataSource();
        source.setURL(url);
        source.setUser("postgres");
        return source;
    }
}
