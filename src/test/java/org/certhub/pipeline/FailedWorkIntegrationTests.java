package org.certhub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * Nothing is retried for ever: a queue message no stage can read goes to its dead-letter queue at once, and a version
 * whose publication keeps failing ends FAILED with the reason, is shown in the pipeline status, the licence's
 * provenance and the health, and is re-driven through the API once the cause is fixed.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "certhub.paths.data=target/it/failed/data",
            "certhub.paths.inbox=target/it/failed/inbox",
            "certhub.paths.outbox=target/it/failed/outbox",
            "certhub.intake.file-min-age=200",
            "certhub.publish.max-attempts=3",
            "certhub.broker.redelivery-delay=PT0.2S",
            "certhub.broker.max-redelivery-delay=PT0.5S",
            "CERTHUB_ADMIN_PASSWORD=test-admin-password"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailedWorkIntegrationTests {

    private static final Path ROOT = Path.of("target/it/failed");

    @LocalServerPort
    int port;

    @Autowired
    JmsTemplate jms;

    @BeforeAll
    static void cleanUp() throws IOException {
        FileSystemUtils.deleteRecursively(ROOT);
    }

    @Test
    @Order(1)
    void aMessageNoStageCanReadGoesToTheDeadLetterQueueAtOnceAndStaysThere() throws Exception {
        jms.convertAndSend("certhub.sign", "not a list of ids");
        jms.convertAndSend("certhub.status", "<notice/>");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode dead = HubHttp.adminJson(port, "/api/v1/pipeline").get("deadLetters");
            assertThat(dead.get("DLQ.certhub.sign").asInt()).isEqualTo(1);
            assertThat(dead.get("DLQ.certhub.status").asInt()).isEqualTo(1);
        });
        Thread.sleep(2_000); // several redelivery delays: nothing comes back round
        JsonNode dead = HubHttp.adminJson(port, "/api/v1/pipeline").get("deadLetters");
        assertThat(dead.get("DLQ.certhub.sign").asInt()).isEqualTo(1);
        assertThat(dead.get("DLQ.certhub.publish").asInt()).isZero();
        JsonNode health = health();
        assertThat(health.at("/components/pipeline/details/deadLetters/DLQ.certhub.sign")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    @Order(2)
    void aVersionWhosePublicationKeepsFailingIsFailedShownAndRedrivenOnceFixed() throws Exception {
        // the outbox cannot be written: a file stands where its folder should be
        Path outbox = ROOT.resolve("outbox");
        FileSystemUtils.deleteRecursively(outbox);
        Files.createDirectories(ROOT);
        Files.writeString(outbox, "not a folder");

        ExamSystemCsv.drop(
                ROOT.resolve("inbox/exam-system"),
                "failing.csv",
                ExamSystemCsv.file().people(2, 31).gb18030());

        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> assertThat(
                                HubHttp.adminJson(port, "/api/v1/pipeline").get("failed"))
                        .hasSize(2));
        JsonNode pipeline = HubHttp.adminJson(port, "/api/v1/pipeline");
        assertThat(pipeline.at("/licenceVersions/FAILED").asInt()).isEqualTo(2);
        List<String> identifiers = new ArrayList<>();
        for (JsonNode failed : pipeline.get("failed")) {
            assertThat(failed.get("stage").asString()).isEqualTo("PUBLISH");
            assertThat(failed.get("attempts").asInt()).isEqualTo(3);
            assertThat(failed.get("reason").asString()).startsWith("outbox: ").contains("outbox");
            identifiers.add(failed.get("identifier").asString());
        }
        JsonNode story = HubHttp.adminJson(port, "/api/v1/licences/" + identifiers.get(0) + "/provenance");
        assertThat(story.at("/versions/0/state").asString()).isEqualTo("FAILED");
        assertThat(story.at("/versions/0/failedStage").asString()).isEqualTo("PUBLISH");
        assertThat(story.at("/versions/0/lastError").asString()).contains("outbox");
        assertThat(health().at("/components/pipeline/details/failedVersions").asInt())
                .isEqualTo(2);

        Files.delete(outbox);
        JsonNode retried = HubHttp.adminPost(port, "/api/v1/pipeline/failed/retry");

        assertThat(retried.get("retried").asInt()).isEqualTo(2);
        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(() -> assertThat(HubHttp.adminJson(port, "/api/v1/pipeline")
                                .at("/licenceVersions/PUBLISHED")
                                .asInt())
                        .isEqualTo(2));
        assertThat(HubHttp.adminJson(port, "/api/v1/pipeline").get("failed")).isEmpty();
        try (Stream<Path> files = Files.list(outbox)) {
            assertThat(files.filter(p -> p.toString().endsWith(".pdf"))).hasSize(2);
        }
        var again = HubHttp.adminPost(port, "/api/v1/pipeline/failed/" + 1 + "/retry", "");
        assertThat(again.statusCode()).as("a version that is not FAILED").isEqualTo(409);
    }

    /** The health with its details, whatever its overall status (a demo upstream may be DOWN on this hub). */
    private JsonNode health() throws Exception {
        return HubHttp.health(port, Duration.ofSeconds(30));
    }
}
