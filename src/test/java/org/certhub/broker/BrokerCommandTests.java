package org.certhub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.jms.JMSSecurityRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.certhub.testing.TestJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar certhub.jar broker}, run as its own process: it listens with a user whose generated password is
 * in a file of its own (never in its output), refuses anyone else, and keeps a message across a restart.
 */
class BrokerCommandTests {

    @TempDir
    Path dir;

    private Process broker;
    private final List<Path> outputs = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            broker.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process start(Path data, int port) throws IOException {
        Path output = dir.resolve("broker-" + outputs.size() + ".log");
        outputs.add(output);
        Process process = new ProcessBuilder(TestJvm.command(
                        "org.certhub.CerthubApplication",
                        "broker",
                        "--data",
                        data.toString(),
                        "--port",
                        Integer.toString(port)))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        await().atMost(Duration.ofSeconds(60)).until(() -> listening(port) || !process.isAlive());
        assertThat(process.isAlive()).as("the broker runs").isTrue();
        return process;
    }

    private static boolean listening(int port) {
        try (var socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aStandaloneBrokerTakesItsUserOnlyAndKeepsAMessageAcrossARestart() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = dir.resolve("broker");
        broker = start(data, port);

        Path credentials = data.resolve("initial-credentials");
        assertThat(Files.getPosixFilePermissions(credentials)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String password = Files.readAllLines(credentials).stream()
                .filter(line -> line.startsWith("certhub "))
                .map(line -> line.substring("certhub ".length()))
                .findFirst()
                .orElseThrow();
        String url = "tcp://127.0.0.1:" + port;

        try (var wrong = new ActiveMQConnectionFactory(url, "certhub", "not-the-password")) {
            assertThatThrownBy(() -> wrong.createContext().close()).isInstanceOf(JMSSecurityRuntimeException.class);
        }
        try (var factory = new ActiveMQConnectionFactory(url, "certhub", password);
                var context = factory.createContext()) {
            context.createProducer().send(context.createQueue("certhub.sign"), "1,2,3");
        }

        broker.destroy(); // SIGTERM: the shutdown hook stops the broker and closes its journal
        assertThat(broker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        broker = start(data, port);

        try (var factory = new ActiveMQConnectionFactory(url, "certhub", password);
                var context = factory.createContext();
                var consumer = context.createConsumer(context.createQueue("certhub.sign"))) {
            assertThat(consumer.receiveBody(String.class, 10_000)).isEqualTo("1,2,3");
        }
        for (Path output : outputs) {
            assertThat(Files.readString(output))
                    .as("what the broker printed")
                    .contains("listening at " + url)
                    .doesNotContain(password);
        }
    }
}
