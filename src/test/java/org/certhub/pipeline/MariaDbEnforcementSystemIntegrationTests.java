package org.certhub.pipeline;

import java.nio.file.Path;
import java.util.UUID;
import org.certhub.testing.Services;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mariadb.jdbc.MariaDbDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.FileSystemUtils;

/** Database polling with the enforcement system's table in the machine's MariaDB (the hub itself on H2). */
@EnforcementSystemPollingContract.OwnHub
@TestPropertySource(
        properties = {
            "certhub.paths.data=target/it/sql-mariadb/data",
            "certhub.paths.inbox=target/it/sql-mariadb/inbox",
            "certhub.paths.outbox=target/it/sql-mariadb/outbox",
            "certhub.sources.enforcement-system.datasource.username=root",
            "certhub.sources.enforcement-system.datasource.password=",
            "certhub.sources.enforcement-system.datasource.init-scripts="
        })
class MariaDbEnforcementSystemIntegrationTests extends EnforcementSystemPollingContract {

    private static final Path ROOT = Path.of("target/it/sql-mariadb");
    private static final String DATABASE =
            "certhub_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String SERVER = "jdbc:mariadb://127.0.0.1:3306/";
    private static boolean created;

    @BeforeAll
    static void createUpstreamTable() throws Exception {
        Services.requireTcp("MariaDB", "127.0.0.1", 3306);
        FileSystemUtils.deleteRecursively(ROOT.toFile());
        server().sql("create database " + DATABASE + " character set utf8mb4").update();
        created = true;
        var upstream = JdbcClient.create(dataSource(SERVER + DATABASE));
        upstream.sql("""
                create table licence_sanction (
                    id             bigint auto_increment primary key,
                    licence_number varchar(64)   not null,
                    action         varchar(16)   not null,
                    reason         varchar(1000),
                    decision_no    varchar(128)  not null,
                    decided_on     date          not null,
                    taken_at       datetime(3)   null
                )""").update();
    }

    @AfterAll
    static void dropUpstreamDatabase() throws Exception {
        if (created) {
            server().sql("drop database if exists " + DATABASE).update();
        }
    }

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("certhub.sources.enforcement-system.datasource.url", () -> SERVER + DATABASE);
    }

    @Override
    Path root() {
        return ROOT;
    }

    private static JdbcClient server() throws Exception {
        return JdbcClient.create(dataSource(SERVER));
    }

    private static MariaDbDataSource dataSource(String url) throws Exception {
        var ds = new MariaDbDataSource(url);
        ds.setUser("root");
        return ds;
    }
}
