package org.certhub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubHttp;
import org.certhub.testing.SignatureValidators;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * The B-LTA archive job: a renewal window longer than the demo TSA certificate's life makes every B-LTA file due at
 * once. Runs take one batch each (smaller than the due set), a file that fails stays due and is extended by a later
 * run, and every extended file carries a second document timestamp and still validates at B-LTA.
 *
 * <p>A hub of its own, not the shared one of {@code @HubIntegrationTest}: its renewal window makes every B-LTA file of
 * the library due, and the job's runs and counts are over the whole library.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "certhub.paths.data=target/it/archive/data",
            "certhub.paths.inbox=target/it/archive/inbox",
            "certhub.paths.outbox=target/it/archive/outbox",
            "certhub.intake.file-min-age=200",
            "certhub.archive.renew-before=P36500D",
            "certhub.archive.batch-size=2",
            "certhub.archive.cron=-",
            "CERTHUB_ADMIN_PASSWORD=" + HubHttp.ADMIN_PASSWORD
        })
class ArchiveTimestampsIntegrationTests {

    private static final Path ROOT = Path.of("target/it/archive");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void cleanUp() throws java.io.IOException {
        FileSystemUtils.deleteRecursively(ROOT);
    }

    @Test
    void dueArchivesAreReTimestampedBatchByBatchAndAFailedOneIsTakenUpNextRun() throws Exception {
        ExamSystemCsv.drop(
                ROOT.resolve("inbox/exam-system"),
                "exam-archive.csv",
                ExamSystemCsv.file()
                        .person(1, "甲", ExamSystemCsv.idNumber("320102", "19800101", 301), "A", "2026-10-01")
                        .person(2, "乙", ExamSystemCsv.idNumber("320102", "19800102", 303), "B", "2026-10-01")
                        .person(3, "丙", ExamSystemCsv.idNumber("320102", "19800103", 305), "C1", "2026-10-01")
                        .gb18030());
        await().atMost(Duration.ofSeconds(90))
                .until(() -> jdbc.sql("select count(*) from licence_version where state = 'PUBLISHED'")
                                .query(Long.class)
                                .single()
                        == 3);
        assertThat(get("/api/v1/archive-timestamps").get("due").asInt()).isEqualTo(3);
        List<Long> ids = jdbc.sql("select id from licence_version order by archive_expires_at, id")
                .query(Long.class)
                .list();

        // the first two in line have damaged files: a run reports them, and they stay due, but behind the third, so
        // files that keep failing cannot starve the others (the batch holds two)
        Path[] damaged = {file(ids.get(0)), file(ids.get(1))};
        byte[][] good = {Files.readAllBytes(damaged[0]), Files.readAllBytes(damaged[1])};
        for (Path path : damaged) {
            Files.write(path, "damaged".getBytes());
        }

        JsonNode first = post("/api/v1/archive-timestamps/run");
        assertThat(first.get("extended").asInt()).isZero();
        assertThat(first.get("failed").asInt()).isEqualTo(2);
        assertThat(first.get("remaining").asInt()).isEqualTo(3);
        assertThat(first.get("errors").get(0).asString()).contains("does not match its recorded SHA-256");
        assertThat(first.get("finishedAt").isNull()).isFalse();

        JsonNode second = post("/api/v1/archive-timestamps/run");
        assertThat(second.get("extended").asInt()).isEqualTo(1);
        assertThat(second.get("failed").asInt()).isEqualTo(1);
        assertThat(second.get("remaining").asInt()).isEqualTo(2);

        Files.write(damaged[0], good[0]);
        Files.write(damaged[1], good[1]);
        JsonNode third0 = post("/api/v1/archive-timestamps/run");
        assertThat(third0.get("extended").asInt()).isEqualTo(2);
        assertThat(third0.get("remaining").asInt()).isZero();
        assertThat(get("/api/v1/archive-timestamps").get("lastRun").get("id").asLong())
                .isEqualTo(third0.get("id").asLong());

        // each file was extended once: the new timestamp's TSA certificate still expires in the window, so the
        // files are looked at again after recheck-after, not in a loop
        assertThat(post("/api/v1/archive-timestamps/run").get("extended").asInt())
                .isZero();
        for (long id : ids) {
            Path pdf = file(id);
            String report = SignatureValidators.dss(pdf, ROOT.resolve("data/keys/root.pem"));
            assertThat(report).contains("indication=TOTAL_PASSED", "format=PAdES-BASELINE-LTA\n");
            assertThat(report.lines().filter(l -> l.startsWith("timestamp=DOCUMENT_TIMESTAMP")))
                    .hasSize(2)
                    .allMatch(l -> l.endsWith("indication=PASSED"));
            assertThat(pdf.getFileName().toString()).contains(FileNames.prefix(pdf));
        }
        // the files before extension are gone; the library points at the extended ones
        try (var all = Files.walk(ROOT.resolve("data/files"))) {
            assertThat(all.filter(p -> p.toString().endsWith(".pdf")).count()).isEqualTo(3);
        }
    }

    private Path file(long versionId) {
        return ROOT.resolve("data/files")
                .resolve(jdbc.sql("select file_path from licence_version where id = ?")
                        .param(versionId)
                        .query(String.class)
                        .single());
    }

    private JsonNode get(String path) throws Exception {
        return HubHttp.adminJson(port, path);
    }

    private JsonNode post(String path) throws Exception {
        return HubHttp.adminPost(port, path);
    }

    /** The first 12 hex digits of the file's SHA-256, which its name carries. */
    private static final class FileNames {
        static String prefix(Path pdf) throws Exception {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(pdf));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 12);
        }
    }
}
