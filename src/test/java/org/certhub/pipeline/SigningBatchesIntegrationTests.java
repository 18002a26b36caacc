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
import org.certhub.testing.HubIntegrationTest;
import org.certhub.testing.SharedHub;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sign and publish messages carry batches of version ids: every version is still sealed and published exactly once,
 * and a version that fails does not hold back the others of its batch.
 */
@HubIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SigningBatchesIntegrationTests {

    /** The shared hub's sign messages hold 7 version ids ({@link HubIntegrationTest}): 23 rows make 7, 7, 7 and 2. */
    private static final int ROWS = 23;
    /** The hub is shared: this test's licences are those issued from its file. */
    private static final String FILE = "signing-batches.csv";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SigningBatches batches;

    @Test
    @Order(1)
    void everyVersionOfEveryBatchIsSealedAndPublishedOnce() throws IOException {
        ExamSystemCsv.drop(
                SharedHub.inbox("exam-system"),
                FILE,
                ExamSystemCsv.file().people(ROWS, 11).gb18030());
        await().atMost(Duration.ofMinutes(3)).until(() -> count("state = 'PUBLISHED'") == ROWS);

        assertThat(count("true")).isEqualTo(ROWS);
        // one acknowledged publication per version, on the first attempt: nothing was published twice
        assertThat(jdbc.sql("select count(*) from publication where status = 'ACKNOWLEDGED' and attempts = 1 "
                                + "and licence_version_id in (:ids)")
                        .param("ids", ids())
                        .query(Long.class)
                        .single())
                .isEqualTo(ROWS);
        List<String> identifiers = jdbc.sql("select identifier from licence_version where id in (:ids)")
                .param("ids", ids())
                .query(String.class)
                .list();
        try (Stream<Path> files = Files.list(SharedHub.OUTBOX)) {
            assertThat(files.map(p -> p.getFileName().toString())
                            .filter(name -> name.endsWith(".pdf")
                                    && identifiers.contains(name.substring(0, name.length() - ".pdf".length())))
                            .count())
                    .isEqualTo(ROWS);
        }
        // a sealed file is named <identifier>-<first 12 hex digits of its SHA-256>.pdf
        try (Stream<Path> files = Files.walk(SharedHub.DATA.resolve("files"))) {
            assertThat(files.map(p -> p.getFileName().toString())
                            .filter(name -> name.endsWith(".pdf")
                                    && identifiers.contains(name.substring(0, Math.max(0, name.lastIndexOf('-')))))
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
        String type = jdbc.sql("select type_code from licence where id = (select licence_id from licence_version "
                        + "where id = ?)")
                .param(broken)
                .query(String.class)
                .single();
        jdbc.sql("update licence_version set state = 'PENDING_SIGN' where id in (:ids)")
                .param("ids", List.of(broken, fine))
                .update();
        // a licence of a type the catalogue does not know cannot be rendered
        jdbc.sql("update licence set type_code = 'no-such-type' where id = (select licence_id from licence_version "
                        + "where id = ?)")
                .param(broken)
                .update();
        try {
            var outcome = batches.sign(broken + "," + fine);

            assertThat(outcome.sealed()).isEqualTo(Long.toString(fine));
            assertThat(outcome.failure()).isNotNull();
            assertThatThrownBy(() -> batches.rethrow(outcome)).isSameAs(outcome.failure());
            assertThat(state(fine)).isEqualTo("SIGNED");
            assertThat(state(broken)).isEqualTo("PENDING_SIGN");
        } finally {
            // the shared hub's sweeper may take the version up later: its licence is of a known type again
            jdbc.sql("update licence set type_code = ? where id = (select licence_id from licence_version "
                            + "where id = ?)")
                    .params(type, broken)
                    .update();
        }
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

    /** Versions of this test's licences (those issued from its file) that meet the condition. */
    private long count(String condition) {
        return jdbc.sql("select count(*) from licence_version where licence_id in (" + LICENCES + ") and " + condition)
                .param(FILE)
                .query(Long.class)
                .single();
    }

    private List<Long> ids() {
        return jdbc.sql("select id from licence_version where licence_id in (" + LICENCES + ") order by id")
                .param(FILE)
                .query(Long.class)
                .list();
    }

    private List<String> fileHashes() {
        return jdbc.sql("select file_sha256 from licence_version where licence_id in (" + LICENCES + ") order by id")
                .param(FILE)
                .query(String.class)
                .list();
    }

    private static final String LICENCES = """
            select r.licence_id from raw_record r join delivery d on d.id = r.delivery_id
            where d.file_name = ? and r.licence_id is not null""";

    private String state(long id) {
        return jdbc.sql("select state from licence_version where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }
}
