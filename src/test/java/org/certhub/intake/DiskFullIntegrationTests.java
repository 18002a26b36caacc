package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * A disk too full for intake stops it, and says so at once, instead of hanging. A full disk cannot be staged without
 * root, so this hub asks for more free space than any disk has ({@code certhub.intake.min-free-space}): the check is
 * the one a real full disk meets. A hub of its own because of that setting.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "certhub.paths.data=target/it/disk-full/data",
            "certhub.paths.inbox=target/it/disk-full/inbox",
            "certhub.paths.outbox=target/it/disk-full/outbox",
            "certhub.intake.file-min-age=200",
            "certhub.intake.min-free-space=1048576TB",
            "CERTHUB_ADMIN_PASSWORD=" + HubHttp.ADMIN_PASSWORD
        })
class DiskFullIntegrationTests {

    private static final Path ROOT = Path.of("target/it/disk-full");

    @LocalServerPort
    int port;

    @BeforeAll
    static void cleanUp() {
        FileSystemUtils.deleteRecursively(ROOT.toFile());
    }

    @Test
    void aDroppedFileWaitsInItsInboxAndTheHealthSaysWhyWithinSeconds() throws Exception {
        Path inbox = ROOT.resolve("inbox/exam-system");
        Path file = ExamSystemCsv.drop(
                inbox, "full.csv", ExamSystemCsv.file().people(2, 7).gb18030());
        Thread.sleep(3_000); // several polls, each long past the file's minimum age

        JsonNode health = HubHttp.health(port, Duration.ofSeconds(5));

        assertThat(health.at("/components/intake/status").asString()).isEqualTo("DOWN");
        assertThat(health.at("/components/intake/details/paused").asString())
                .contains("disk almost full", "certhub.intake.min-free-space");
        assertThat(file).as("untouched in the inbox").exists();
        assertThat(Files.exists(inbox.resolve("done")) || Files.exists(inbox.resolve("failed")))
                .as("nothing moved")
                .isFalse();
    }
}
