package org.certhub.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.certhub.broker.StandaloneBroker;
import org.certhub.catalog.SignatureLevel;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench issuance --nodes N --count C}: the same issuance run twice in one go, on one PostgreSQL and one
 * standalone broker (both as production runs them): first with one hub node, then with N, each node a process of its
 * own sharing the inbox and the data folder. Each run first issues 4,000 certificates per node unmeasured, so that
 * every node's JIT has compiled the pipeline (some 30 s of CPU per JVM, which N nodes would pay N times). Each node
 * is given its share of the machine's cores ({@code -XX:ActiveProcessorCount}), as N machines would each have theirs. For each run it reports the rate and, for each node, the certificates it
 * sealed and the CPU it used per certificate (the process's CPU time, from the operating system), so that the CPU per
 * certificate with N nodes can be set against one node's; and the CPU the broker (in the bench's own process) and this
 * machine's PostgreSQL used per certificate, which bound how far more nodes go. A benchmark, run by hand; not a test.
 */
final class NodesBench {

    private static final String ADMIN_PASSWORD = "bench-only-" + UUID.randomUUID();
    private static final String BROKER_PASSWORD = "bench-only-" + UUID.randomUUID();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Certificates each node issues before the measured run, so that the run measures warm nodes. */
    private static final int WARM_UP_PER_NODE = 4000;

    private final String jdbcUrl;
    private final String jdbcUser;
    private final int count;
    private final int files;
    private final SignatureLevel level;
    private final String heap;

    private NodesBench(String jdbcUrl, String jdbcUser, int count, int files, SignatureLevel level, String heap) {
        this.jdbcUrl = jdbcUrl;
        this.jdbcUser = jdbcUser;
        this.count = count;
        this.files = files;
        this.level = level;
        this.heap = heap;
    }

    /** One node's share of a run. */
    record NodeResult(String node, long sealed, double cpuSeconds) {
        double cpuMsPerCertificate() {
            return sealed == 0 ? Double.NaN : cpuSeconds * 1000 / sealed;
        }
    }

    /** One run: its wall-clock time and each node's share. */
    record Run(
            int nodes,
            int count,
            double seconds,
            List<NodeResult> results,
            double brokerCpuSeconds,
            double postgresCpuSeconds) {
        double rate() {
            return count / seconds;
        }

        double cpuMsPerCertificate() {
            return results.stream().mapToDouble(NodeResult::cpuSeconds).sum() * 1000 / count;
        }
    }

    static void run(String jdbcUrl, String jdbcUser, int nodes, int count, int files, SignatureLevel level, String heap)
            throws Exception {
        var bench = new NodesBench(jdbcUrl, jdbcUser, count, files, level, heap);
        // the broker and the migrations run in this process: their start-up chatter is not the bench's output
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        System.out.printf(
                Locale.ROOT,
                "issuance at %s on PostgreSQL (%s) and a standalone broker, %d certificates in %d files, "
                        + "%d cores, node heap %s%n",
                level,
                jdbcUrl,
                count,
                files,
                Runtime.getRuntime().availableProcessors(),
                heap);
        Run one = bench.issue(1);
        print(one);
        Run many = bench.issue(nodes);
        print(many);
        System.out.printf(
                Locale.ROOT,
                "CPU per certificate, %d nodes against 1: %+.1f %% (the hub's nodes only; the broker's and "
                        + "PostgreSQL's are above)%n",
                nodes,
                (many.cpuMsPerCertificate() / one.cpuMsPerCertificate() - 1) * 100);
    }

    private static void print(Run run) {
        System.out.printf(
                Locale.ROOT,
                "%d node(s): %d certificates in %.1f s = %.1f certificates/s, %.2f ms CPU per certificate over all "
                        + "nodes; broker %.2f ms, PostgreSQL %.2f ms CPU per certificate%n",
                run.nodes(),
                run.count(),
                run.seconds(),
                run.rate(),
                run.cpuMsPerCertificate(),
                run.brokerCpuSeconds() * 1000 / run.count(),
                run.postgresCpuSeconds() * 1000 / run.count());
        for (NodeResult r : run.results()) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-8s sealed %6d (%.1f/s), CPU %6.1f s = %.2f ms per certificate it sealed%n",
                    r.node(),
                    r.sealed(),
                    r.sealed() / run.seconds(),
                    r.cpuSeconds(),
                    r.cpuMsPerCertificate());
        }
    }

    /** Issues {@link #count} certificates with {@code nodes} hub nodes in a fresh schema, folder and broker. */
    private Run issue(int nodes) throws Exception {
        Path root = Files.createTempDirectory("certhub-bench-nodes-");
        String schema =
                "certhub_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DriverManagerDataSource admin = dataSource(jdbcUrl);
        JdbcClient.create(admin).sql("create schema " + schema).update();
        DriverManagerDataSource data = dataSource(withSchema(jdbcUrl, schema));
        Flyway.configure().dataSource(data).schemas(schema).load().migrate();
        JdbcClient db = JdbcClient.create(data);
        var processes = new ArrayList<Process>();
        StandaloneBroker broker = null;
        try {
            int brokerPort = freePort();
            broker = StandaloneBroker.start(
                    root.resolve("broker"),
                    "127.0.0.1",
                    brokerPort,
                    "node",
                    BROKER_PASSWORD,
                    org.certhub.platform.BrokerSettings.defaults());
            Path catalog = BenchCommand.catalogAtLevel(root, level);
            var ports = new ArrayList<Integer>();
            for (int n = 1; n <= nodes; n++) {
                int port = freePort();
                ports.add(port);
                processes.add(start(
                        root,
                        n,
                        port,
                        broker.url(),
                        withSchema(jdbcUrl, schema),
                        catalog,
                        Math.max(1, Runtime.getRuntime().availableProcessors() / nodes)));
            }
            for (int n = 0; n < nodes; n++) {
                awaitUp(processes.get(n), ports.get(n), root.resolve("node-" + (n + 1) + ".log"));
            }
            Path staging = Files.createDirectories(root.resolve("staging"));
            Path inbox = Files.createDirectories(root.resolve("inbox/exam-system"));
            // every node's JIT compiles the pipeline first (some 30 s of CPU per JVM): measured apart from the run
            int warmUp = WARM_UP_PER_NODE * nodes;
            for (Path chunk : chunks(staging, "warm-up", count, warmUp)) {
                Files.move(chunk, inbox.resolve(chunk.getFileName()));
            }
            awaitPublished(db, warmUp, processes, root);
            var chunks = chunks(staging, "bench", 0, count);
            long[] cpuBefore =
                    processes.stream().mapToLong(p -> cpuNanos(p.toHandle())).toArray();
            long sealedBefore[] = new long[nodes];
            for (int n = 0; n < nodes; n++) {
                sealedBefore[n] = sealed(ports.get(n));
            }
            long brokerCpuBefore = BenchCommand.processCpu();
            long postgresCpuBefore = postgresCpuNanos();
            long start = System.nanoTime();
            for (Path chunk : chunks) {
                Files.move(chunk, inbox.resolve(chunk.getFileName()));
            }
            awaitPublished(db, warmUp + count, processes, root);
            double seconds = (System.nanoTime() - start) / 1e9;
            double brokerCpu = (BenchCommand.processCpu() - brokerCpuBefore) / 1e9;
            double postgresCpu = (postgresCpuNanos() - postgresCpuBefore) / 1e9;
            var results = new ArrayList<NodeResult>();
            for (int n = 0; n < nodes; n++) {
                results.add(new NodeResult(
                        "node-" + (n + 1),
                        sealed(ports.get(n)) - sealedBefore[n],
                        (cpuNanos(processes.get(n).toHandle()) - cpuBefore[n]) / 1e9));
            }
            return new Run(nodes, count, seconds, results, brokerCpu, postgresCpu);
        } finally {
            for (Process p : processes) {
                p.destroy();
            }
            for (Process p : processes) {
                if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            if (broker != null) {
                broker.close();
            }
            JdbcClient.create(admin).sql("drop schema " + schema + " cascade").update();
            FileSystemUtils.deleteRecursively(root);
        }
    }

    /** The rows of people {@code from} to {@code from + rows - 1}, in {@link #files} files. */
    private List<Path> chunks(Path staging, String name, int from, int rows) throws IOException {
        var chunks = new ArrayList<Path>();
        int perFile = (rows + files - 1) / files;
        for (int start = 0, i = 0; start < rows; start += perFile, i++) {
            chunks.add(BenchCommand.writeExamSystemCsv(
                    staging.resolve(name + "-" + i + ".csv"), from + start, Math.min(perFile, rows - start), false));
        }
        return chunks;
    }

    private static void awaitPublished(JdbcClient db, long count, List<Process> nodes, Path root)
            throws InterruptedException {
        long published;
        do {
            Thread.sleep(500); // the count is PostgreSQL's work too: asked twice a second, not ten times
            published = db.sql("select count(*) from licence_version where state = 'PUBLISHED'")
                    .query(Long.class)
                    .single();
            for (Process p : nodes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a node stopped; its log is in " + root);
                }
            }
        } while (published < count);
    }

    private Process start(Path root, int node, int port, String brokerUrl, String jdbc, Path catalog, int cpusPerNode)
            throws IOException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        // N nodes on one machine share its cores as N machines would each have their own: each node's JVM sizes its
        // GC and compiler threads and the hub its workers for its share, as a container's CPU limit would make it
        command.add("-XX:ActiveProcessorCount=" + cpusPerNode);
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, "org.certhub.CerthubApplication"));
        }
        command.addAll(BenchCommand.demoKeysOnly(root, List.of()));
        command.addAll(List.of(
                "--server.port=" + port,
                "--certhub.paths.data=" + root.resolve("data"),
                "--certhub.paths.inbox=" + root.resolve("inbox"),
                "--certhub.paths.outbox=" + root.resolve("outbox"),
                "--certhub.intake.file-min-age=100",
                "--certhub.sweeper.stale-after=PT10M",
                "--certhub.catalog.dir=" + catalog,
                "--logging.level.root=WARN"));
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("node-" + node + ".log").toFile());
        var env = builder.environment();
        env.put("CERTHUB_NODE_NAME", "node-" + node);
        env.put("CERTHUB_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("CERTHUB_BROKER_URL", brokerUrl);
        env.put("CERTHUB_BROKER_USER", "node");
        env.put("CERTHUB_BROKER_PASSWORD", BROKER_PASSWORD);
        env.put("SPRING_DATASOURCE_URL", jdbc);
        env.put("SPRING_DATASOURCE_USERNAME", jdbcUser);
        return builder.start();
    }

    private static void awaitUp(Process node, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.isAlive()) {
                throw new IllegalStateException("a node did not start:\n" + tail(log));
            }
            try {
                if (health(port) == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("a node did not start within 3 minutes:\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int health(int port) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** How many seals the node made since it started: the count of its sign step's seal timer. */
    private static long sealed(int port) throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + port + "/actuator/metrics/certhub.signing.seal"))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString(("admin:" + ADMIN_PASSWORD)
                                                                .getBytes(StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return 0; // no seal made yet: the timer is not registered
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the node's metrics answered " + response.statusCode());
        }
        for (var m : JSON.readTree(response.body()).get("measurements")) {
            if (m.get("statistic").asString().equals("COUNT")) {
                return (long) m.get("value").asDouble();
            }
        }
        return 0;
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /**
     * The CPU time of this machine's PostgreSQL processes (0 where PostgreSQL runs elsewhere): a lower bound, since a
     * backend that exits during the run takes its time with it (the nodes' pools keep theirs open).
     */
    private static long postgresCpuNanos() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                .mapToLong(NodesBench::cpuNanos)
                .sum();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String withSchema(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private DriverManagerDataSource dataSource(String url) {
        return new DriverManagerDataSource(url, jdbcUser, "");
    }
}
