package org.certhub.intake.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 10's measure of the REST door: the hub, started as a process of its own with {@code -Xmx512m}, takes 200
 * concurrent connections from 200 client addresses that each declare a 16 MB body, sign with the source's real key id
 * but a wrong secret, and send their body slowly (1 KB every 100 ms, for a few seconds, whatever the answer). Every one
 * gets 401, no byte of their bodies is kept, there is no OutOfMemoryError, and a rightly signed push is answered
 * afterwards. The same flood from one address meets the address's limits (429 with {@code Retry-After}). The heap is
 * sampled with {@code jstat} every 250 ms and read from the GC log; the numbers are printed.
 *
 * <p>Before the fix, each such request allocated its declared 16 MB before reading: some thirty of them exhaust the
 * heap.
 */
class RestChannelFloodIntegrationTests {

    private static final Path ROOT = Path.of("target/it/rest-flood").toAbsolutePath();
    private static final int ATTACKERS = 200;
    private static final long DECLARED = 16L * 1024 * 1024;
    private static final Duration TRICKLE = Duration.ofSeconds(4);
    private static final String PATH = "/api/v1/sources/training-center/records";
    private static final String KEY = "flood-training-center";
    private static final String SECRET = "flood-secret-" + UUID.randomUUID();
    private static final String ADMIN_PASSWORD = "flood-admin";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Process hub;
    private Process jstat;

    @AfterEach
    void stop() throws InterruptedException {
        if (jstat != null) {
            jstat.destroy();
        }
        if (hub != null && hub.isAlive()) {
            hub.destroy();
            hub.waitFor(30, TimeUnit.SECONDS);
            hub.destroyForcibly();
        }
    }

    /** What one slow connection got. */
    private record Outcome(String from, RawHttp.Answer answer, long sent, String error) {}

    @Test
    void twoHundredSlowRequestsDeclaring16MbWithAWrongSignatureGet401InHalfAGigabyteOfHeap() throws Exception {
        FileSystemUtils.deleteRecursively(ROOT);
        Files.createDirectories(ROOT);
        hub = start();
        int port = port();
        var heap = new ConcurrentLinkedQueue<long[]>();
        jstat = sampleHeap(hub.pid(), heap);
        long baseline = heapUsed(port);

        // 200 slow senders from 200 addresses at once
        long floodStart = System.currentTimeMillis();
        List<Outcome> flood = flood(port, ATTACKERS, i -> "127.0.0." + (2 + i));
        long floodEnd = System.currentTimeMillis();

        for (Outcome o : flood) {
            assertThat(o.error()).as("connection from %s", o.from()).isNull();
            assertThat(o.answer().status())
                    .as("answer to %s: %s", o.from(), o.answer())
                    .isEqualTo(401);
            assertThat(JSON.readTree(o.answer().body()).get("type").asString())
                    .isEqualTo("https://certhub.org/problems/bad-signature");
        }
        long trickled = flood.stream().mapToLong(Outcome::sent).sum();
        assertThat(hub.isAlive()).as("the hub runs").isTrue();

        // a rightly signed push afterwards
        long goodStart = System.nanoTime();
        var good = goodPush(port);
        long goodMillis = (System.nanoTime() - goodStart) / 1_000_000;
        assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
        assertThat(JSON.readTree(good.body()).get("accepted").asInt()).isEqualTo(1);

        // the same flood from one address meets its limits
        List<Outcome> oneAddress = flood(port, ATTACKERS, i -> "127.0.0.1");
        var statuses = oneAddress.stream()
                .filter(o -> o.answer() != null)
                .map(o -> o.answer().status())
                .toList();
        assertThat(oneAddress).allSatisfy(o -> assertThat(o.error()).isNull());
        assertThat(statuses).containsOnly(401, 429).contains(429);
        assertThat(oneAddress)
                .filteredOn(o -> o.answer().status() == 429)
                .allSatisfy(o -> assertThat(o.answer().headers()).containsKey("retry-after"));

        String log = Files.readString(ROOT.resolve("hub.log"));
        assertThat(log).doesNotContain("OutOfMemoryError");
        assertThat(hub.isAlive()).isTrue();
        try (Stream<Path> spool = Files.list(ROOT.resolve("data/spool/rest"))) {
            assertThat(spool).as("spooled bodies").isEmpty();
        }

        long peakSampled = heap.stream()
                .filter(s -> s[0] >= floodStart && s[0] <= floodEnd)
                .mapToLong(s -> s[1])
                .max()
                .orElse(-1);
        long before = heap.stream()
                .filter(s -> s[0] < floodStart)
                .mapToLong(s -> s[1])
                .max()
                .orElse(-1);
        long[] gc = gcLogPeak(ROOT.resolve("gc.log"));
        System.out.printf(
                "REST flood at -Xmx512m: %d connections from %d addresses, each declaring %d bytes and sending %d in"
                        + " %d s (%d bytes trickled in all): %d answered 401%n"
                        + "  heap used before the flood: %d MB (actuator jvm.memory.used, area heap), at most %d MB"
                        + " sampled by jstat%n"
                        + "  heap used during the flood, sampled every 250 ms by jstat (%d samples): peak %d MB%n"
                        + "  GC log over the whole run: %d collections, heap before a collection at most %d MB, after"
                        + " at most %d MB%n"
                        + "  a good push afterwards: HTTP %d in %d ms; the same flood from one address: %d x 401,"
                        + " %d x 429%n",
                flood.size(),
                flood.stream().map(Outcome::from).distinct().count(),
                DECLARED,
                trickled / flood.size(),
                TRICKLE.toSeconds(),
                trickled,
                flood.stream().filter(o -> o.answer().status() == 401).count(),
                baseline / (1024 * 1024),
                before / 1024,
                heap.stream()
                        .filter(s -> s[0] >= floodStart && s[0] <= floodEnd)
                        .count(),
                peakSampled / 1024,
                gc[0],
                gc[1],
                gc[2],
                good.statusCode(),
                goodMillis,
                statuses.stream().filter(s -> s == 401).count(),
                statuses.stream().filter(s -> s == 429).count());
        assertThat(peakSampled).as("peak heap during the flood, KB").isBetween(1L, 512L * 1024);
    }

    // --- the flood ---

    private interface Addresses {
        String of(int attacker);
    }

    /**
     * Opens the connections, then at once sends each head (v2, the real key id, a wrong secret, 16 MB declared) and
     * trickles its body for {@link #TRICKLE} whatever comes back; then reads the answer and closes.
     */
    private List<Outcome> flood(int port, int connections, Addresses addresses) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        var connected = new CountDownLatch(connections);
        var go = new CountDownLatch(1);
        var outcomes = new ArrayList<Future<Outcome>>();
        try {
            for (int i = 0; i < connections; i++) {
                String from = addresses.of(i);
                outcomes.add(pool.submit(() -> slowSender(port, from, connected, go)));
            }
            assertThat(connected.await(60, TimeUnit.SECONDS))
                    .as("all connected")
                    .isTrue();
            go.countDown();
            var done = new ArrayList<Outcome>();
            for (var f : outcomes) {
                done.add(f.get(90, TimeUnit.SECONDS));
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome slowSender(int port, String from, CountDownLatch connected, CountDownLatch go)
            throws Exception {
        long sent = 0;
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            socket.setSoTimeout(30_000);
            connected.countDown();
            go.await();
            long now = Instant.now().getEpochSecond();
            String nonce = UUID.randomUUID().toString().replace("-", "");
            String declaredSha256 = "0".repeat(64);
            String toSign = RequestSignature.stringToSignV2(
                    "POST", PATH, null, "application/json", null, now, nonce, declaredSha256);
            var headers = new LinkedHashMap<String, String>();
            headers.put("Content-Type", "application/json");
            headers.put(RequestSignature.KEY_HEADER, KEY);
            headers.put(RequestSignature.TIMESTAMP_HEADER, Long.toString(now));
            headers.put(RequestSignature.NONCE_HEADER, nonce);
            headers.put(RequestSignature.CONTENT_SHA256_HEADER, declaredSha256);
            headers.put(RequestSignature.SIGNATURE_HEADER, RequestSignature.signV2("not-the-secret", toSign));
            OutputStream out = socket.getOutputStream();
            RawHttp.writeHead(out, "127.0.0.1:" + port, PATH, headers, DECLARED);
            byte[] chunk =
                    "[{\"trainee\":{\"name\":\"".repeat(50).substring(0, 1024).getBytes(StandardCharsets.UTF_8);
            long until = System.nanoTime() + TRICKLE.toNanos();
            try {
                while (System.nanoTime() < until) {
                    out.write(chunk);
                    out.flush();
                    sent += chunk.length;
                    Thread.sleep(100);
                }
            } catch (IOException closedByTheHub) {
                // the hub may close the connection after its answer: the answer is read below
            }
            return new Outcome(from, RawHttp.read(socket.getInputStream()), sent, null);
        } catch (IOException e) {
            connected.countDown();
            return new Outcome(from, null, sent, e.toString());
        }
    }

    // --- the hub ---

    private HttpResponse<String> goodPush(int port) throws Exception {
        byte[] body = JSON.writeValueAsBytes(List.of(Map.of(
                "trainee",
                Map.of("name", "洪水后", "sex", "男", "idCardNo", ExamSystemCsv.idNumber("320102", "19900303", 511)),
                "course",
                Map.of("trade", "建筑电工", "city", "南京"),
                "exam",
                Map.of("passedOn", "2026-11-02"))));
        long now = Instant.now().getEpochSecond();
        String nonce = UUID.randomUUID().toString().replace("-", "");
        String sha256 = RequestSignature.sha256Hex(body);
        String toSign =
                RequestSignature.stringToSignV2("POST", PATH, null, "application/json", null, now, nonce, sha256);
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
                .header("Content-Type", "application/json")
                .header(RequestSignature.KEY_HEADER, KEY)
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(RequestSignature.NONCE_HEADER, nonce)
                .header(RequestSignature.CONTENT_SHA256_HEADER, sha256)
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.signV2(SECRET, toSign))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The hub's heap in use, as its metrics endpoint tells the administrator (bytes). */
    private static long heapUsed(int port) throws Exception {
        var request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode metric = JSON.readTree(response.body());
        return (long) metric.get("measurements").get(0).get("value").asDouble();
    }

    /** Samples the process's heap in use every 250 ms with jstat: [millis, KB] pairs. */
    private static Process sampleHeap(long pid, ConcurrentLinkedQueue<long[]> samples) throws IOException {
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        if (!Files.isExecutable(jstat)) {
            System.err.println("jstat not found at " + jstat + ": the heap is read from the GC log only");
            return null;
        }
        Process process = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(pid), "250")
                .redirectErrorStream(true)
                .start();
        Thread reader = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                String[] names = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    String[] cells = line.strip().split("\\s+");
                    if (cells.length > 0 && cells[0].equals("S0C")) {
                        names = cells;
                        continue;
                    }
                    if (names == null || cells.length != names.length) {
                        continue;
                    }
                    double used = 0;
                    for (int i = 0; i < names.length; i++) {
                        if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
                            used += Double.parseDouble(cells[i]);
                        }
                    }
                    samples.add(new long[] {System.currentTimeMillis(), (long) used});
                }
            } catch (IOException | RuntimeException e) {
                // the sampler ends with the hub
            }
        });
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    /** From a {@code -Xlog:gc} file: the number of collections and the largest heap before and after one (MB). */
    private static long[] gcLogPeak(Path log) throws IOException {
        Matcher m = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)").matcher(Files.readString(log));
        long count = 0;
        long before = 0;
        long after = 0;
        while (m.find()) {
            count++;
            before = Math.max(before, Long.parseLong(m.group(1)));
            after = Math.max(after, Long.parseLong(m.group(2)));
        }
        return new long[] {count, before, after};
    }

    private static Process start() throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Xlog:gc:file=" + ROOT.resolve("gc.log"),
                "-cp",
                classpath,
                "org.certhub.CerthubApplication",
                "--server.port=0",
                "--certhub.paths.data=" + ROOT.resolve("data"),
                "--certhub.paths.inbox=" + ROOT.resolve("inbox"),
                "--certhub.paths.outbox=" + ROOT.resolve("outbox")));
        var builder = new ProcessBuilder(command)
                .directory(new File(".").getAbsoluteFile())
                .redirectErrorStream(true)
                .redirectOutput(ROOT.resolve("hub.log").toFile());
        builder.environment().put("CERTHUB_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().put("CERTHUB_SOURCE_TRAINING_CENTER_KEY", KEY);
        builder.environment().put("CERTHUB_SOURCE_TRAINING_CENTER_SECRET", SECRET);
        return builder.start();
    }

    /** The port the hub listens on, from its start-up log, once it has started. */
    private int port() {
        var pattern = Pattern.compile("Tomcat started on port (\\d+)(?s:.*)Started CerthubApplication");
        // generous: on a loaded two-core machine the whole hub takes minutes to start (under 30 s on a quiet one)
        return await().atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            assertThat(hub.isAlive())
                                    .as("the hub started: %s", Files.readString(ROOT.resolve("hub.log")))
                                    .isTrue();
                            var m = pattern.matcher(Files.readString(ROOT.resolve("hub.log")));
                            return m.find() ? Integer.parseInt(m.group(1)) : 0;
                        },
                        p -> p > 0);
    }
}
