package org.certhub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.certhub.platform.Endpoints;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.util.FileSystemUtils;

/**
 * A hub node on a shared broker ({@code CERTHUB_BROKER_URL}): the broker of {@code docker-compose.yml}, Artemis started
 * from {@code config/artemis/broker.xml} with a user in the role the official image gives its user (the standalone
 * broker of {@code java -jar certhub.jar broker} carries the two nodes of {@code TwoNodesIntegrationTests}); the node
 * embeds no broker, and its stages' messages go through the shared one. A hub of its own because its broker is another.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "certhub.paths.data=target/it/shared-broker/data",
            "certhub.paths.inbox=target/it/shared-broker/inbox",
            "certhub.paths.outbox=target/it/shared-broker/outbox",
            "certhub.intake.file-min-age=200",
            "certhub.broker.user=node",
            "certhub.broker.password=" + SharedBrokerIntegrationTests.PASSWORD,
            "CERTHUB_ADMIN_PASSWORD=" + HubHttp.ADMIN_PASSWORD
        })
@DirtiesContext
class SharedBrokerIntegrationTests {

    static final String PASSWORD = "shared-broker-password-0123456789";
    private static final Path ROOT = Path.of("target/it/shared-broker");
    private static final ImageBroker BROKER = start();

    private static ImageBroker start() {
        FileSystemUtils.deleteRecursively(ROOT.toFile());
        try {
            return ImageBroker.start(ROOT.resolve("broker"), "node", PASSWORD);
        } catch (Exception e) {
            throw new IllegalStateException("the broker did not start", e);
        }
    }

    static {
        // read before the context exists (the broker is chosen as the environment is prepared), so neither
        // properties nor @DynamicPropertySource can carry it: a system property, cleared after this class
        System.setProperty("certhub.broker.url", BROKER.url());
    }

    /** The hub is closed after this class (it would reconnect to a stopped broker for ever); its broker stays. */
    @AfterAll
    static void forgetBroker() {
        System.clearProperty("certhub.broker.url");
    }

    @Test
    void aFileIsIssuedSealedAndPublishedThroughTheSharedBrokerAndNoBrokerIsEmbedded() throws Exception {
        ExamSystemCsv.drop(
                ROOT.resolve("inbox/exam-system"),
                "shared.csv",
                ExamSystemCsv.file().people(3, 77).gb18030());

        await().atMost(Duration.ofMinutes(2)).until(() -> pdfs(ROOT.resolve("outbox")) == 3);

        assertThat(BROKER.messagesAdded(Endpoints.SIGN_QUEUE))
                .as("sign messages")
                .isPositive();
        assertThat(BROKER.messagesAdded(Endpoints.PUBLISH_QUEUE))
                .as("publish messages")
                .isPositive();
        assertThat(ROOT.resolve("data/artemis"))
                .as("an embedded broker's journal")
                .doesNotExist();
        assertThat(BROKER.journal())
                .as("the shared broker's journal, in its instance as the file says")
                .isDirectoryContaining(path -> path.toString().endsWith(".amq"));
    }

    private static long pdfs(Path outbox) throws IOException {
        if (!Files.isDirectory(outbox)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(p -> p.toString().endsWith(".pdf")).count();
        }
    }
}
