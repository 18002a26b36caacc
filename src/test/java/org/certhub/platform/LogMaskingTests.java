package org.certhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

/**
 * The log as the hub writes it: Spring Boot's logging system initialised the way the hub initialises it (it finds
 * {@code logback-spring.xml}), to the console and to a file, and an exception from "Camel" whose message, cause and
 * suppressed exception hold ID numbers in each spelling an upstream uses.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogMaskingTests {

    private static final String[] ID_NUMBERS = {
        "11010519491231002X", // plain
        "110105491231002", // the old 15 digits
        "320102 19800101 1234", // spaces
        "320102-19800101-123X", // hyphens
        "３２０１０２１９８００１０１１２３４", // full-width
        "３２０１０２－１９８００１０１－５６７８" // full-width, hyphens
    };

    private LogbackLoggingSystem logging;

    @AfterEach
    void backToTheDefaults() {
        logging.cleanUp();
        System.clearProperty("LOG_FILE");
        System.clearProperty("LOG_PATH");
        logging.beforeInitialize();
        logging.initialize(new LoggingInitializationContext(new MockEnvironment()), null, null);
    }

    private void startLogging(Path logFile) {
        var environment = new MockEnvironment();
        if (logFile != null) {
            environment.setProperty("logging.file.name", logFile.toString());
        }
        logging = new LogbackLoggingSystem(getClass().getClassLoader());
        logging.beforeInitialize();
        logging.initialize(new LoggingInitializationContext(environment), null, LogFile.get(environment));
    }

    private static void logAFailure() {
        var cause = new IllegalArgumentException("holder " + ID_NUMBERS[0] + " and " + ID_NUMBERS[1] + " differ");
        var failure = new IllegalStateException(
                "Failed delivery for exchange: row {身份证号=" + ID_NUMBERS[2] + ", 旧号=" + ID_NUMBERS[3] + "}", cause);
        failure.addSuppressed(new RuntimeException("also " + ID_NUMBERS[4] + " / " + ID_NUMBERS[5]));
        LoggerFactory.getLogger("org.apache.camel.processor.errorhandler.DefaultErrorHandler")
                .error("Exchange failed with body {}", "row 3: " + String.join(", ", ID_NUMBERS), failure);
    }

    @Test
    void noIdNumberReachesTheConsole(CapturedOutput output) {
        startLogging(null);

        logAFailure();

        assertThat(output.getOut()).contains("Exchange failed with body row 3: 110***********002X");
        assertThat(output.getOut()).contains("Caused by: java.lang.IllegalArgumentException: holder 110***");
        assertThat(output.getOut()).contains("Suppressed: java.lang.RuntimeException: also");
        for (String id : ID_NUMBERS) {
            assertThat(output.getOut()).doesNotContain(id);
            assertThat(output.getOut()).doesNotContain(id.substring(6, 14));
        }
    }

    @Test
    void noIdNumberReachesTheLogFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("certhub.log");
        startLogging(file);

        logAFailure();

        String log = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(log).contains("Exchange failed with body row 3: 110***********002X");
        assertThat(log).contains("Caused by: java.lang.IllegalArgumentException: holder 110***");
        for (String id : ID_NUMBERS) {
            assertThat(log).doesNotContain(id);
            assertThat(log).doesNotContain(id.substring(6, 14));
        }
    }
}
