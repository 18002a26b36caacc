package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.certhub.testing.MigratedH2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One inbox, many nodes: two nodes (two Camel contexts, each with the shipped file-drop template and the exam system's
 * route) poll the same inbox folder and claim files in one database; each file is taken by exactly one of them. A
 * file claimed by a node that died is taken by another once the claim is too old.
 */
class OneInboxManyNodesTests {

    @TempDir
    Path dir;

    private final DataSource database = MigratedH2.database();
    private final List<CamelContext> nodes = new ArrayList<>();
    /** Each file name with the nodes that took it. */
    private final Map<String, List<String>> taken = new ConcurrentHashMap<>();

    @AfterEach
    void stop() throws Exception {
        for (CamelContext node : nodes) {
            node.close();
        }
    }

    /** A node whose intake of a file takes 50 ms and notes which node took it. */
    private void startNode(String name, Duration claimMaxAge) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        var properties = new Properties();
        properties.setProperty("certhub.paths.inbox", dir.resolve("inbox").toString());
        properties.setProperty("certhub.intake.file-min-age", "100");
        camel.getPropertiesComponent().setInitialProperties(properties);
        camel.getRegistry().bind("intakeGate", new DefaultPollingConsumerPollStrategy());
        var claims = new FileClaims(JdbcClient.create(database), Clock.systemUTC(), name, claimMaxAge);
        claims.start();
        camel.getRegistry().bind("fileClaims", claims);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:intake-file").routeId("intake-file").process(exchange -> {
                    String file = exchange.getIn().getHeader("CamelFileName", String.class);
                    taken.computeIfAbsent(file, f -> new ArrayList<>()).add(name);
                    Thread.sleep(50);
                });
            }
        });
        PluginHelper.getRoutesLoader(camel)
                .loadRoutes(List.of(resource("file-drop.yaml"), resource("exam-system.yaml")));
        camel.start();
        nodes.add(camel);
    }

    private static org.apache.camel.spi.Resource resource(String file) throws IOException {
        Path path = Path.of("routes", file);
        return ResourceHelper.fromString("file:" + path, Files.readString(path));
    }

    private Path inbox() throws IOException {
        return Files.createDirectories(dir.resolve("inbox/exam-system"));
    }

    private long done() throws IOException {
        Path done = dir.resolve("inbox/exam-system/done");
        if (!Files.isDirectory(done)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(done)) {
            return files.count();
        }
    }

    @Test
    void twoNodesOnOneInboxTakeEachFileOnce() throws Exception {
        startNode("node-a", Duration.ofMinutes(1));
        startNode("node-b", Duration.ofMinutes(1));
        int files = 40;
        for (int i = 0; i < files; i++) {
            Files.writeString(inbox().resolve("." + i + ".part"), "序号\n" + i + "\n");
            Files.move(inbox().resolve("." + i + ".part"), inbox().resolve("exam-" + i + ".csv"));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> done() == files);

        assertThat(taken).hasSize(files);
        assertThat(taken.values()).allSatisfy(nodes -> assertThat(nodes).hasSize(1));
    }

    @Test
    void aFileClaimedByANodeThatDiedIsTakenByAnotherOnceTheClaimIsTooOld() throws Exception {
        Path file = Files.writeString(inbox().resolve("exam-orphan.csv"), "序号\n1\n");
        // a node claimed it and died: nothing keeps its claim alive
        JdbcClient.create(database)
                .sql("insert into file_claim (claim_key, owner, claimed_at) values (?, ?, ?)")
                .params(
                        file.toAbsolutePath().toString(),
                        "node-dead",
                        java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC))
                .update();
        startNode("node-b", Duration.ofSeconds(3));

        Thread.sleep(1_500);
        assertThat(taken).as("while the dead node's claim is fresh").isEmpty();

        await().atMost(Duration.ofSeconds(30)).until(() -> done() == 1);
        assertThat(taken).containsOnlyKeys("exam-orphan.csv");
        assertThat(taken.get("exam-orphan.csv")).containsExactly("node-b");
    }
}
