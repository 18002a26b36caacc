package org.certhub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.certhub.broker.StandaloneBroker;
import org.certhub.platform.BrokerSettings;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubHttp;
import org.certhub.testing.PostgresSchema;
import org.certhub.testing.TcpProxy;
import org.certhub.testing.TestFolders;
import org.certhub.testing.TestJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * Two whole hub nodes, as processes, on the machine's PostgreSQL (through a link the test can cut), one standalone
 * broker started by the test, and shared folders; node 2 runs an edited copy of one route file. In order: both nodes
 * report the file they do not run alike; the broker is stopped for 60 s while a file is being issued; PostgreSQL's
 * connections are cut for 30 s; and the node that reads a 10,000-row file is killed with SIGKILL halfway through it.
 * Each time every row ends as exactly one published certificate, and every seal the nodes made after a fault is one
 * that was published.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIntegrationTests {

    private static final Path ROOT = Path.of("target/it/two-nodes").toAbsolutePath();
    private static final Path INBOX = ROOT.resolve("inbox/exam-system");
    private static final Path SEALED = ROOT.resolve("data/files");
    private static final String BROKER_PASSWORD = "two-nodes-broker-password-0123456789";
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

    private final List<Process> nodes = new ArrayList<>();
    private final int[] ports = new int[3];
    private StandaloneBroker broker;
    private int brokerPort;
    private PostgresSchema schema;
    private TcpProxy postgres;
    private JdbcClient db;
    /** Rows dropped so far, over all the tests: each must end as one published certificate. */
    private int dropped;
    /** The first person number not yet used: every row is another person. */
    private int nextPerson;

    @BeforeAll
    void startTwoNodes() throws Exception {
        schema = PostgresSchema.migrated("certhub_nodes_");
        db = JdbcClient.create(schema.dataSource());
        postgres = TcpProxy.to("127.0.0.1", 5432);
        FileSystemUtils.deleteRecursively(ROOT);
        Files.createDirectories(INBOX);
        Path editedRoutes = ROOT.resolve("routes-node-2");
        FileSystemUtils.copyRecursively(Path.of("routes"), editedRoutes);
        Files.writeString(
                editedRoutes.resolve("exam-system.yaml"),
                "# node 2 runs an edited copy of this file\n",
                StandardOpenOption.APPEND);
        // the shipped catalogue, its safety-management type issuing the PDF only: what is tested here is that no work
        // is lost or done twice between nodes, the same for every file format; with its OFD too, this class took 635 s
        // on the CI machine, most of it the ten thousand rows
        Path catalogue = Files.createDirectories(ROOT.resolve("catalog"));
        TestFolders.copyYaml(Path.of("config/catalog"), catalogue);
        Path staff = catalogue.resolve("safety-management-staff.yaml");
        Files.writeString(staff, Files.readString(staff).replace("files: [pdf, ofd]", "files: [pdf]"));
        try (var socket = new ServerSocket(0)) {
            brokerPort = socket.getLocalPort();
        }
        broker = startBroker();
        nodes.add(start(1, Path.of("routes").toAbsolutePath()));
        nodes.add(start(2, editedRoutes));
        ports[1] = portOf(1);
        ports[2] = portOf(2);
    }

    @AfterAll
    void stopEverything() throws Exception {
        for (Process node : nodes) {
            if (node.isAlive()) {
                node.destroy();
                node.waitFor(30, TimeUnit.SECONDS);
                node.destroyForcibly();
            }
        }
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (schema != null) {
            schema.drop();
        }
    }

    @Test
    @Order(1)
    void bothNodesReportTheRouteFileTheyDoNotRunAlike() throws Exception {
        for (int node : new int[] {1, 2}) {
            JsonNode routes = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> HubHttp.adminJson(ports[node], "/api/v1/routes"),
                            r -> r.get("nodes").size() == 2);
            var different = new ArrayList<String>();
            routes.get("differences").forEach(d -> different.add(d.get("file").asString()));
            assertThat(different).as("node %d", node).containsExactly("exam-system.yaml");
            JsonNode byNode = routes.get("differences").get(0).get("byNode");
            assertThat(byNode.get("node-1").asString())
                    .isEqualTo(sha256(Path.of("routes/exam-system.yaml")))
                    .isNotEqualTo(byNode.get("node-2").asString());
            assertThat(byNode.get("node-2").asString())
                    .isEqualTo(sha256(ROOT.resolve("routes-node-2/exam-system.yaml")));
        }
    }

    @Test
    @Order(2)
    void theBrokerStoppedForAMinuteLosesNothing() throws Exception {
        int before = published();
        drop("broker-outage.csv", 600);
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> published() > before + 50);
        Instant stopped = Instant.now();
        broker.close();
        Thread.sleep(60_000);
        broker = startBroker();

        awaitEveryRowPublished(Duration.ofMinutes(4));
        assertEverySealSince(stopped);
    }

    @Test
    @Order(3)
    void postgresCutForHalfAMinuteBothNodesRecoverWithoutARestart() throws Exception {
        int before = published();
        drop("database-outage.csv", 600);
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> published() > before + 50);
        Instant cut = Instant.now();
        postgres.cut();
        Thread.sleep(30_000);
        postgres.restore();

        awaitEveryRowPublished(Duration.ofMinutes(4));
        assertEverySealSince(cut);
        for (int node : new int[] {1, 2}) {
            assertThat(nodes.get(node - 1).isAlive()).isTrue();
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                var health = HubHttp.health(ports[node], Duration.ofSeconds(10));
                assertThat(health.get("status").asString())
                        .as("node %d: %s", node, health)
                        .isEqualTo("UP");
            });
        }
    }

    @Test
    @Order(4)
    void aNodeKilledHalfwayThroughTenThousandRowsLosesNothingAndTheOtherFinishesItsFile() throws Exception {
        int rows = 10_000;
        int storedBefore = count("select count(*) from raw_record");
        drop("ten-thousand.csv", rows);
        int reader = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> log(1).contains("Intake of ten-thousand.csv")
                                ? 1
                                : log(2).contains("Intake of ten-thousand.csv") ? 2 : 0,
                        n -> n > 0);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> count("select count(*) from raw_record") - storedBefore >= rows / 2);
        nodes.get(reader - 1).destroyForcibly().waitFor();
        Instant killed = Instant.now();
        int survivor = reader == 1 ? 2 : 1;

        awaitEveryRowPublished(Duration.ofMinutes(10));
        assertEverySealSince(killed);
        assertThat(count("select count(*) from delivery where status = 'DONE'")).isEqualTo(3);
        assertThat(count("select count(*) from delivery")).isEqualTo(3);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> listing(INBOX.resolve("done")).size() == 3);
        assertThat(log(survivor)).as("the survivor took the file over").contains("Intake of ten-thousand.csv");
    }

    /** Every row dropped so far is one certificate, sealed and published once, and its file is in the store. */
    private void awaitEveryRowPublished(Duration within) {
        await().atMost(within).pollInterval(Duration.ofSeconds(1)).until(() -> published() == dropped);
        assertThat(count("select count(*) from raw_record")).isEqualTo(dropped);
        assertThat(count("select count(*) from raw_record where status = 'ISSUED'"))
                .isEqualTo(dropped);
        assertThat(count("select count(distinct number) from licence")).isEqualTo(dropped);
        assertThat(count("select count(*) from licence_version")).isEqualTo(dropped);
        assertThat(count("select count(*) from publication where status = 'ACKNOWLEDGED'"))
                .isEqualTo(dropped);
        assertThat(count("select count(distinct file_path) from licence_version"))
                .isEqualTo(dropped);
    }

    /**
     * Counted by the seals themselves: each seal the nodes made is a file of its own in the shared store (each attempt
     * writes its own), so a version sealed twice leaves a file that no version names. Every file written after the
     * fault is a published version's, but for the work the fault cut short: a batch whose seals were written in the
     * moment the fault struck, and could not be recorded (the database gone, the node killed), is sealed again.
     * Those may be at most one batch per node ({@code certhub.signing.batch-size}, 20), written within
     * {@link #CUT_SHORT} of the fault; nothing after.
     */
    /** How long after a fault the seals of a batch it struck may still be written. */
    private static final Duration CUT_SHORT = Duration.ofSeconds(5);

    private void assertEverySealSince(Instant fault) throws IOException {
        var named = new HashSet<Path>();
        db.sql("select file_path from licence_version")
                .query(String.class)
                .list()
                .forEach(p -> named.add(SEALED.resolve(p)));
        var unnamedSince = new ArrayList<Path>();
        var cutShort = new ArrayList<Path>();
        int sealedFiles = 0;
        try (Stream<Path> files = Files.walk(SEALED)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".pdf")).toList()) {
                sealedFiles++;
                Instant written = Files.getLastModifiedTime(f).toInstant();
                if (!named.contains(f) && written.isAfter(fault)) {
                    (written.isAfter(fault.plus(CUT_SHORT)) ? unnamedSince : cutShort).add(f);
                }
            }
        }
        System.out.println("Seals of work the fault cut short, sealed again: " + cutShort.size());
        assertThat(unnamedSince)
                .as("seals made after the fault (and the work it cut short) that no version names")
                .isEmpty();
        assertThat(cutShort)
                .as("work the fault cut short: one batch per node at most")
                .hasSizeLessThanOrEqualTo(40);
        assertThat(sealedFiles).isGreaterThanOrEqualTo(dropped);
    }

    private void drop(String name, int rows) throws IOException {
        ExamSystemCsv.drop(
                INBOX,
                name,
                ExamSystemCsv.file().numberedPeople(nextPerson, rows).gb18030());
        nextPerson += rows;
        dropped += rows;
    }

    private int published() {
        return count("select count(*) from licence_version where state = 'PUBLISHED'");
    }

    private int count(String sql) {
        return db.sql(sql).query(Integer.class).single();
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static List<Path> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static String log(int node) throws IOException {
        Path log = ROOT.resolve("node-" + node + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static int portOf(int node) {
        return await().atMost(Duration.ofSeconds(150))
                .until(
                        () -> {
                            var m = PORT.matcher(log(node));
                            return m.find() ? Integer.parseInt(m.group(1)) : 0;
                        },
                        p -> p > 0);
    }

    private StandaloneBroker startBroker() throws Exception {
        return StandaloneBroker.start(
                ROOT.resolve("broker"), "127.0.0.1", brokerPort, "node", BROKER_PASSWORD, BrokerSettings.defaults());
    }

    private Process start(int node, Path routes) throws IOException {
        List<String> command = TestJvm.command(
                "org.certhub.CerthubApplication",
                "--server.port=0",
                "--certhub.paths.data=" + ROOT.resolve("data"),
                "--certhub.paths.inbox=" + ROOT.resolve("inbox"),
                "--certhub.paths.outbox=" + ROOT.resolve("outbox"),
                "--certhub.routes.dir=" + routes,
                "--certhub.catalog.dir=" + ROOT.resolve("catalog"),
                "--certhub.intake.file-min-age=200",
                "--certhub.intake.file-claim-max-age=PT6S",
                "--certhub.signing.lease=PT15S",
                "--certhub.publish.lease=PT15S",
                "--certhub.sweeper.stale-after=PT3S",
                "--certhub.sweeper.interval=PT2S",
                "--certhub.sweeper.initial-delay=PT1S");
        command.add(1, "-Xmx512m");
        var builder = new ProcessBuilder(command)
                .directory(new File(".").getAbsoluteFile())
                .redirectErrorStream(true)
                .redirectOutput(ROOT.resolve("node-" + node + ".log").toFile());
        var env = builder.environment();
        env.put("CERTHUB_ADMIN_PASSWORD", HubHttp.ADMIN_PASSWORD);
        env.put("CERTHUB_NODE_NAME", "node-" + node);
        env.put("CERTHUB_BROKER_URL", broker.url());
        env.put("CERTHUB_BROKER_USER", "node");
        env.put("CERTHUB_BROKER_PASSWORD", BROKER_PASSWORD);
        env.put("SPRING_DATASOURCE_URL", schema.urlThrough(postgres.port()));
        env.put("SPRING_DATASOURCE_USERNAME", "postgres");
        return builder.start();
    }
}
