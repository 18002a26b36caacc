package org.certhub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.certhub.sealing.SigningBatches;
import org.certhub.testing.ExamSystemCsv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * Sign and publish messages carry batches of version ids: every version is still sealed and published exactly once,
 * and a version that fails does not hold back the others of its batch.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "certhub.paths.data=target/it/batches/data",
            "certhub.paths.inbox=target/it/batches/inbox",
            "certhub.paths.outbox=target/it/batches/outbox",
            "certhub.intake.file-min-age=200",
            // 23 rows make batches of 7, 7, 7 and 2
            "certhub.signing.batch-size=7",
            "CERTHUB_ADMIN_PASSWORD=test-admin-password"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SigningBatchesIntegrationTests {

    private static final Path ROOT = Path.of("target/it/batches");
    private static final int ROWS = 23;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SigningBatches batches;

    @BeforeAll
    static void cleanUp() throws IOException {
        FileSystemUtils.deleteRecursively(ROOT);
    }

    @Test
    @Order(1)
    void everyVersionOfEveryBatchIsSealedAndPublishedOnce() throws IOException {
        ExamSystemCsv.drop(
                ROOT.resolve("inbox/exam-system"),
                "batches.csv",
                ExamSystemCsv.file().people(ROWS, 11).gb18030());
        await().atMost(Duration.ofMinutes(3)).until(() -> count("state = 'PUBLISHED'") == ROWS);

        assertThat(count("true")).isEqualTo(ROWS);
        // one acknowledged publication per version, on the first attempt: nothing was published twice
        assertThat(jdbc.sql("select count(*) from publication where status = 'ACKNOWLEDGED' and attempts = 1")
                        .query(Long.class)
                        .single())
                .isEqualTo(ROWS);
        try (Stream<Path> files = Files.list(ROOT.resolve("outbox"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".pdf")).count()).isEqualTo(ROWS);
        }
        try (Stream<Path> files = Files.walk(ROOT.resolve("data/files"))) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".pdf"))
                            .count())
                    .as("sealed files in the library, none left over from a second seal")
                    .isEqualTo(ROWS);
        }
    }

    @Test
    @Order(2)
    void aBatchDeliveredAgainSealsNothingAgain() {
        List<Long> ids = ids();
        List<String> before = fileHashes();

        var outcome = batches.sign(ids.stream().map(String::valueOf).collect(Collectors.joining(",")));

        assertThat(outcome.anySealed()).isFalse();
        assertThat(outcome.failure()).isNull();
        assertThat(fileHashes()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aVersionThatFailsLeavesTheRestOfItsBatchSealedAndFailsTheBatch() {
        List<Long> ids = ids();
        long broken = ids.get(0);
        long fine = ids.get(1);
        jdbc.sql("update licence_version set state = 'PENDING_SIGN' where id in (:ids)")
                .param("ids", List.of(broken, fine))
                .update();
        // a licence of a type the catalogue does not know cannot be rendered
        jdbc.sql("update licence set type_code = 'no-such-type' where id = (select licence_id from licence_version "
                        + "where id = ?)")
                .param(broken)
                .update();

        var outcome = batches.sign(broken + "," + fine);

        assertThat(outcome.sealed()).isEqualTo(Long.toString(fine));
        assertThat(outcome.failure()).isNotNull();
        assertThatThrownBy(() -> batches.rethrow(outcome)).isSameAs(outcome.failure());
        assertThat(state(fine)).isEqualTo("SIGNED");
        assertThat(state(broken)).isEqualTo("PENDING_SIGN");
    }

    @Test
    void messagesHoldAtMostTheBatchSizeAndReadBack() {
        List<Long> ids = java.util.stream.LongStream.rangeClosed(1, 16).boxed().toList();
        List<String> messages = batches.messages(ids);
        assertThat(messages).containsExactly("1,2,3,4,5,6,7", "8,9,10,11,12,13,14", "15,16");
        assertThat(messages.stream().flatMap(m -> SigningBatches.ids(m).stream()))
                .containsExactlyElementsOf(ids);
        assertThat(SigningBatches.ids("42")).containsExactly(42L);
    }

    private long count(String condition) {
        return jdbc.sql("select count(*) from licence_version where " + condition)
                .query(Long.class)
                .single();
    }

    private List<Long> ids() {
        return jdbc.sql("select id from licence_version order by id")
                .query(Long.class)
                .list();
    }

    private List<String> fileHashes() {
        return jdbc.sql("select file_sha256 from licence_version order by id")
                .query(String.class)
                .list();
    }

    private String state(long id) {
        return jdbc.sql("select state from licence_version where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }
}
