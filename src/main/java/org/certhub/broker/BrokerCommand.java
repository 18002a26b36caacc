package org.certhub.broker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.certhub.platform.BrokerSettings;
import org.certhub.platform.InitialCredentials;

/**
 * {@code java -jar certhub.jar broker [--data DIR] [--host HOST] [--port PORT] [--user USER]}: a standalone persistent
 * broker for several hub nodes on machines without containers. The password is {@code CERTHUB_BROKER_PASSWORD}; when
 * it is not set one is generated once and written to {@code DIR/initial-credentials} (readable by its owner only),
 * never to the output. Runs until stopped (Ctrl-C, SIGTERM).
 */
public final class BrokerCommand {

    private BrokerCommand() {}

    public static void run(String[] args) throws Exception {
        Path data = Path.of("broker-data");
        String host = "127.0.0.1";
        int port = 61616;
        String user = envOr("CERTHUB_BROKER_USER", "certhub");
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--data" -> data = Path.of(required(args[i], value));
                case "--host" -> host = required(args[i], value);
                case "--port" -> port = Integer.parseInt(required(args[i], value));
                case "--user" -> user = required(args[i], value);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + " (usage: broker [--data DIR] [--host HOST] [--port PORT] [--user USER])");
            }
            i++;
        }
        String password = System.getenv("CERTHUB_BROKER_PASSWORD");
        if (password == null || password.isBlank()) {
            var credentials = new InitialCredentials(data.resolve("initial-credentials"));
            password = credentials.passwordOf(user);
            System.out.println("The broker user " + user + "'s password is in " + credentials.file()
                    + " (set CERTHUB_BROKER_PASSWORD to choose it)");
        }
        var stopped = new CountDownLatch(1);
        StandaloneBroker broker = StandaloneBroker.start(data, host, port, user, password, BrokerSettings.defaults());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                System.err.println("The broker did not stop cleanly: " + e);
            } finally {
                stopped.countDown();
            }
        }));
        System.out.println("certhub broker listening at " + broker.url() + ", journal in " + data.toAbsolutePath()
                + "; hub nodes connect with CERTHUB_BROKER_URL=" + broker.url() + " CERTHUB_BROKER_USER=" + user);
        stopped.await();
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
