package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubHttp;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * A database outage loses no dropped file and doubles no row. The hub's database is an H2 server in this JVM that the
 * tests stop and start again, a real outage for the hub: its connections break and new ones are refused. A file
 * dropped during the outage waits in its inbox; a file whose reading meets the outage waits in the inbox's
 * {@code .retry} folder, never in {@code failed/}; once the database is back both are read, the second on after the
 * rows it had stored. A hub of its own because it needs another database (one that can go away).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "certhub.paths.data=target/it/outage/data",
            "certhub.paths.inbox=target/it/outage/inbox",
            "certhub.paths.outbox=target/it/outage/outbox",
            "certhub.intake.file-min-age=200",
            "certhub.intake.batch-size=50",
            // rows stored but not processed when the database went away are taken up by the sweeper
            "certhub.sweeper.stale-after=PT5S",
            "certhub.sweeper.interval=PT2S",
            // an outage is found in two seconds, not in Hikari's default thirty
            "spring.datasource.hikari.connection-timeout=2000",
            "CERTHUB_ADMIN_PASSWORD=" + HubHttp.ADMIN_PASSWORD
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntakeOutageIntegrationTests {

    private static final Path ROOT = Path.of("target/it/outage");
    private static final Path INBOX = ROOT.resolve("inbox/exam-system");
    private static final DatabaseServer DATABASE = DatabaseServer.startAfresh(ROOT.resolve("db"));

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::url);
    }

    @AfterAll
    static void stopDatabase() {
        DATABASE.stop();
    }

    @Test
    @Order(1)
    void aFileDroppedWhileTheDatabaseIsDownWaitsInItsInboxAndIsTakenOnceTheDatabaseIsBack() throws Exception {
        Path file;
        DATABASE.stop();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> assertThat(intake().at("/status").asString()).isEqualTo("DOWN"));
            assertThat(intake().at("/details/paused").asString()).contains("database");

            file = ExamSystemCsv.drop(
                    INBOX, "while-down.csv", ExamSystemCsv.file().people(3, 41).gb18030());
            Thread.sleep(3_000); // several polls, each long past the file's minimum age

            assertThat(file).as("untouched in the inbox").exists();
            assertThat(archived("failed", "while-down.csv")).isEmpty();
        } finally {
            DATABASE.start();
        }

        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(
                        () -> assertThat(archived("done", "while-down.csv")).hasSize(1));
        assertThat(file).doesNotExist();
        assertThat(deliveries("while-down.csv")).containsExactly("DONE 3");
        assertThat(intake().at("/status").asString()).isEqualTo("UP");
    }

    @Test
    @Order(2)
    void aFileWhoseReadingMeetsAnOutageWaitsAndIsReadOnOnceTheDatabaseIsBackWithNoRowLostOrDoubled() throws Exception {
        int rows = 10_000;
        var csv = ExamSystemCsv.file();
        for (int i = 1; i <= rows; i++) {
            // a post category the exam system does not have: every row becomes a reject, so no sealing slows this
            csv.person(i, "测试人员" + i, ExamSystemCsv.idNumber("320102", "19800101", i % 1000), "Z9", "2026-11-20");
        }
        ExamSystemCsv.drop(INBOX, "part-way.csv", csv.gb18030());

        await().pollInterval(Duration.ofMillis(20))
                .atMost(Duration.ofMinutes(1))
                .until(() -> storedRows("part-way.csv") > 0);
        DATABASE.stop();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(INBOX.resolve(".retry/part-way.csv"))
                            .as("waiting for the outage to end")
                            .exists());
            assertThat(archived("failed", "part-way.csv")).isEmpty();
            assertThat(archived("done", "part-way.csv"))
                    .as("the outage came before the file's end")
                    .isEmpty();
            assertThat(intake().at("/status").asString()).isEqualTo("DOWN");
        } finally {
            DATABASE.start();
        }

        await().atMost(Duration.ofMinutes(3))
                .untilAsserted(
                        () -> assertThat(archived("done", "part-way.csv")).hasSize(1));
        assertThat(INBOX.resolve(".retry/part-way.csv")).doesNotExist();
        assertThat(deliveries("part-way.csv"))
                .as("one delivery, resumed after the outage")
                .containsExactly("DONE " + rows);
        JdbcClient jdbc = DATABASE.jdbc();
        assertThat(jdbc.sql("select count(*), count(distinct r.row_no) from raw_record r "
                                + "join delivery d on d.id = r.delivery_id where d.file_name = 'part-way.csv'")
                        .query((rs, n) -> List.of(rs.getInt(1), rs.getInt(2)))
                        .single())
                .as("every row stored once")
                .containsExactly(rows, rows);
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> assertThat(jdbc.sql("select count(*) from raw_record r join delivery d on "
                                        + "d.id = r.delivery_id where d.file_name = 'part-way.csv' "
                                        + "and r.status = 'REJECTED'")
                                .query(Integer.class)
                                .single())
                        .as("every row processed, those cut off by the outage by the sweeper")
                        .isEqualTo(rows));
    }

    private JsonNode intake() throws Exception {
        JsonNode health = HubHttp.health(port, Duration.ofSeconds(20));
        assertThat(health.at("/components/intake").isObject())
                .as("the intake component in %s", health)
                .isTrue();
        return health.at("/components/intake");
    }

    /** The files of that name moved to done/ or failed/ (their archived names end with it). */
    private static List<Path> archived(String folder, String name) throws IOException {
        Path dir = INBOX.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-" + name))
                    .toList();
        }
    }

    /** Each delivery of that file name: status and row count. */
    private static List<String> deliveries(String name) {
        return DATABASE.jdbc()
                .sql("select status, record_count from delivery where file_name = :name order by id")
                .param("name", name)
                .query((rs, n) -> rs.getString(1) + " " + rs.getInt(2))
                .list();
    }

    private static int storedRows(String name) {
        return DATABASE.jdbc()
                .sql("select count(*) from raw_record r join delivery d on d.id = r.delivery_id "
                        + "where d.file_name = :name")
                .param("name", name)
                .query(Integer.class)
                .single();
    }

    /** The hub's database: an H2 server on a port of its own, stopped and started again on the same port. */
    static final class DatabaseServer {

        private final Path dir;
        private final int port;
        private Server server;

        private DatabaseServer(Path dir, int port) {
            this.dir = dir;
            this.port = port;
        }

        static DatabaseServer startAfresh(Path dir) {
            FileSystemUtils.deleteRecursively(dir.getParent().toFile());
            int port;
            try (var socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            var database = new DatabaseServer(dir, port);
            database.start();
            return database;
        }

        String url() {
            return "jdbc:h2:tcp://127.0.0.1:" + port + "/./hub";
        }

        synchronized void start() {
            try {
                server = Server.createTcpServer(
                                "-tcpPort", Integer.toString(port), "-baseDir", dir.toString(), "-ifNotExists")
                        .start();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot start the database server on port " + port, e);
            }
        }

        /** Stops the server: the hub's open connections break and new ones are refused. */
        synchronized void stop() {
            if (server != null) {
                server.stop();
                server = null;
            }
        }

        JdbcClient jdbc() {
            var source = new JdbcDataSource();
            source.setURL(url());
            source.setUser("sa");
            return JdbcClient.create(source);
        }
    }
}
