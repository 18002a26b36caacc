package org.certhub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.certhub.testing.ExamSystemCsv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.FileSystemUtils;

/**
 * The hub killed with SIGKILL in the middle of a file, twice, then started again: every row ends as exactly one
 * published certificate, nothing is lost and nothing is issued twice.
 */
class RestartIntegrationTests {

    private static final Path ROOT = Path.of("target/it/restart").toAbsolutePath();
    private static final Path INBOX = ROOT.resolve("inbox/exam-system");
    private static final Path OUTBOX = ROOT.resolve("outbox");
    private static final int ROWS = 300;

    private Process hub;

    @AfterEach
    void stop() throws InterruptedException {
        if (hub != null && hub.isAlive()) {
            hub.destroy();
            hub.waitFor(30, TimeUnit.SECONDS);
            hub.destroyForcibly();
        }
    }

    @Test
    void killedTwiceMidFileLosesNothingAndIssuesNothingTwice() throws Exception {
        FileSystemUtils.deleteRecursively(ROOT);
        Files.createDirectories(INBOX);

        hub = start(1);
        ExamSystemCsv.drop(
                INBOX, "big.csv", ExamSystemCsv.file().people(ROWS, 42).gb18030());
        // first kill: as soon as intake has begun
        // generous: a loaded machine takes long to start a JVM with the whole hub
        await().atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !Files.exists(INBOX.resolve("big.csv"))
                        || Files.size(ROOT.resolve("hub-1.log")) > 0
                                && Files.readString(ROOT.resolve("hub-1.log")).contains("Intake of big.csv"));
        hub.destroyForcibly().waitFor();

        hub = start(2);
        // second kill: in the middle of sealing and publishing
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> outboxJson() >= ROWS / 3);
        hub.destroyForcibly().waitFor();
        assertThat(outboxJson()).isLessThan(ROWS);

        hub = start(3);
        int port = portOf(3);
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> publishedVersions(port) == ROWS);
        hub.destroy();
        hub.waitFor(60, TimeUnit.SECONDS);

        JdbcClient db = database();
        assertThat(db.sql("select count(*) from raw_record")
                        .query(Integer.class)
                        .single())
                .isEqualTo(ROWS);
        assertThat(db.sql("select count(*) from raw_record where status = 'ISSUED'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(ROWS);
        assertThat(db.sql("select count(distinct number) from licence")
                        .query(Integer.class)
                        .single())
                .isEqualTo(ROWS);
        assertThat(db.sql("select count(*) from licence_version where state = 'PUBLISHED'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(ROWS);
        assertThat(db.sql("select count(*) from publication where status = 'ACKNOWLEDGED'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(ROWS);
        assertThat(db.sql("select count(*) from delivery").query(Integer.class).single())
                .isEqualTo(1);
        try (Stream<Path> done = Files.list(INBOX.resolve("done"))) {
            assertThat(done.map(p -> p.getFileName().toString()))
                    .singleElement()
                    .asString()
                    .endsWith("big.csv");
        }
    }

    private static long outboxJson() throws IOException {
        if (!Files.isDirectory(OUTBOX)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(OUTBOX)) {
            return s.filter(p -> p.toString().endsWith(".json")).count();
        }
    }

    /** The running hub's count of published versions, from its admin API. */
    private static long publishedVersions(int port) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/v1/pipeline"))
                .header(
                        "Authorization",
                        "Basic " + java.util.Base64.getEncoder().encodeToString("admin:restart-test".getBytes()))
                .build();
        var body = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        var node = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(body)
                .get("licenceVersions")
                .get("PUBLISHED");
        return node == null ? 0 : node.asLong();
    }

    /** The port the hub of a run listens on, from its start-up log. */
    private static int portOf(int run) {
        var pattern = java.util.regex.Pattern.compile("Tomcat started on port (\\d+)");
        return await().atMost(Duration.ofSeconds(90))
                .until(
                        () -> {
                            var m = pattern.matcher(Files.readString(ROOT.resolve("hub-" + run + ".log")));
                            return m.find() ? Integer.parseInt(m.group(1)) : 0;
                        },
                        p -> p > 0);
    }

    private static JdbcClient database() {
        return JdbcClient.create(new SimpleDriverDataSource(
                new org.h2.Driver(), "jdbc:h2:file:" + ROOT.resolve("data/db/certhub"), "sa", ""));
    }

    private static Process start(int run) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                classpath,
                "org.certhub.CerthubApplication",
                "--server.port=0",
                "--certhub.paths.data=" + ROOT.resolve("data"),
                "--certhub.paths.inbox=" + ROOT.resolve("inbox"),
                "--certhub.paths.outbox=" + OUTBOX,
                "--certhub.intake.file-min-age=200",
                "--certhub.intake.batch-size=50",
                "--certhub.sweeper.stale-after=PT3S",
                "--certhub.sweeper.interval=PT2S",
                "--certhub.sweeper.initial-delay=PT1S"));
        var builder = new ProcessBuilder(command)
                .directory(new File(".").getAbsoluteFile())
                .redirectErrorStream(true)
                .redirectOutput(ROOT.resolve("hub-" + run + ".log").toFile());
        builder.environment().put("CERTHUB_ADMIN_PASSWORD", "restart-test");
        return builder.start();
    }
}
