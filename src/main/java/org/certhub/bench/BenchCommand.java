package org.certhub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.codes.CreditCode;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * {@code bench issuance --count N}: issues N synthetic certificates end to end (CSV intake, mapping, issuance,
 * rendering, sealing, publication) on the embedded default in a fresh temporary data folder, and reports the rate
 * and the peak heap. A benchmark, run by hand; not a test.
 */
public final class BenchCommand {

    private BenchCommand() {}

    /**
     * Runs the bench the arguments name.
     *
     * @param application the hub's Spring Boot application class, which the benches start in a temporary folder
     */
    public static void run(String[] args, Class<?> application) throws Exception {
        if (args.length >= 2 && args[1].equals("rest")) {
            runRest(args, application);
            return;
        }
        if (args.length >= 2 && args[1].equals("ingest")) {
            IngestBench.run(
                    application,
                    intOption(args, "--rows", 100_000),
                    java.util.Arrays.stream(args)
                            .filter(a -> a.startsWith("--certhub.") || a.startsWith("--spring."))
                            .toList());
            System.exit(0);
        }
        if (args.length >= 2 && args[1].equals("verify")) {
            VerifyBench.run(application, intOption(args, "--count", 200), intOption(args, "--seconds", 15));
            System.exit(0);
        }
        if (args.length >= 2 && args[1].equals("keys")) {
            KeysBench.run(intOption(args, "--count", 5000), intOption(args, "--threads", 2));
            System.exit(0);
        }
        if (args.length >= 2 && args[1].equals("render")) {
            String name = option(args, "--name", null);
            RenderBench.run(
                    intOption(args, "--count", 20_000),
                    intOption(args, "--threads", 1),
                    name == null ? RenderBench.DEFAULT_NAMES : java.util.Map.of("given", name));
            System.exit(0);
        }
        if (args.length >= 2 && args[1].equals("files")) {
            FilesBench.run(
                    intOption(args, "--count", 2_000), intOption(args, "--threads", 2), intOption(args, "--rounds", 3));
            System.exit(0);
        }
        if (args.length < 2 || !args[1].equals("issuance")) {
            System.err.println("usage: java -jar certhub.jar bench issuance --count N [--level B-B|B-T|B-LT|B-LTA]"
                    + " [--files pdf|pdf,ofd] [--keys pkcs12|pkcs11 [--sessions S]]");
            System.err.println("       java -jar certhub.jar bench issuance --nodes N --count C [--level L] [--files F]"
                    + " [--jdbc-url URL] [--jdbc-user U] [--heap 1g]");
            System.err.println("       java -jar certhub.jar bench keys [--count N] [--threads T]");
            System.err.println("       java -jar certhub.jar bench ingest --rows N [--certhub.intake.batch-size=B]");
            System.err.println("       java -jar certhub.jar bench rest --records N [--batch M] [--clients C]");
            System.err.println("       java -jar certhub.jar bench render --count N [--threads T] [--name NAME]");
            System.err.println("       java -jar certhub.jar bench files --count N [--threads T] [--rounds R]");
            System.err.println(
                    "       java -jar certhub.jar bench verify [--count N] [--seconds S]   (needs wrk, nginx)");
            System.exit(2);
        }
        int count = intOption(args, "--count", 1000);
        // the issuance target (300/s) is at B-B; other levels are measured against it
        var level = org.certhub.catalog.SignatureLevel.parse(option(args, "--level", "B-B"));
        if (option(args, "--nodes", null) != null) {
            NodesBench.run(
                    option(args, "--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/test"),
                    option(args, "--jdbc-user", "postgres"),
                    intOption(args, "--nodes", 2),
                    count,
                    intOption(args, "--files", 8),
                    level,
                    option(args, "--heap", "1g"));
            System.exit(0);
        }
        // the PDF alone by default, as every issuance benchmark before OFD measured; --files pdf,ofd for both
        String files = option(args, "--files", "pdf");
        if (!files.matches("pdf|pdf,ofd|ofd,pdf")) {
            System.err.println("--files must be pdf or pdf,ofd (a type cannot issue an OFD alone yet)");
            System.exit(2);
        }
        String keys = option(args, "--keys", "pkcs12");
        if (!keys.equals("pkcs12") && !keys.equals("pkcs11")) {
            System.err.println("--keys must be pkcs12 or pkcs11");
            System.exit(2);
        }
        if (keys.equals("pkcs11")) {
            HsmBenchKeys.reexecWithSoftHsm();
        }
        Path root = Files.createTempDirectory("certhub-bench-");
        ConfigurableApplicationContext context = null;
        try {
            var app = new SpringApplication(application);
            var keyArgs = keys.equals("pkcs11")
                    ? HsmBenchKeys.prepare(
                            root.resolve("data"),
                            intOption(args, "--sessions", Runtime.getRuntime().availableProcessors()))
                    : List.<String>of();
            context = app.run(java.util.stream.Stream.concat(
                            java.util.stream.Stream.concat(keyArgs.stream(), demoKeysOnly(root, keyArgs).stream()),
                            java.util.stream.Stream.of(
                                    "--server.port=0",
                                    "--certhub.paths.data=" + root.resolve("data"),
                                    "--certhub.paths.inbox=" + root.resolve("inbox"),
                                    "--certhub.paths.outbox=" + root.resolve("outbox"),
                                    "--certhub.intake.file-min-age=100",
                                    "--certhub.sweeper.stale-after=PT10M",
                                    "--logging.level.root=WARN",
                                    "--CERTHUB_ADMIN_PASSWORD=bench-only",
                                    "--certhub.catalog.dir=" + catalogAtLevel(root, level, files)))
                    .toArray(String[]::new));
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            Path file = writeFile(root, count);

            resetPeaks();
            var cpuBefore = cpuByThread();
            long processCpuBefore = processCpu();
            long start = System.nanoTime();
            Files.move(file, root.resolve("inbox/exam-system/bench.csv"));
            long published;
            do {
                Thread.sleep(100);
                published = jdbc.sql("select count(*) from licence_version where state = 'PUBLISHED'")
                        .query(Long.class)
                        .single();
            } while (published < count);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "issuance at %s, files %s: %d certificates in %.1f s = %.1f certificates/s, %.2f ms CPU "
                            + "per certificate, peak heap %d MB%n",
                    level,
                    files,
                    count,
                    seconds,
                    count / seconds,
                    (processCpu() - processCpuBefore) / 1e6 / count,
                    peakHeap() / (1024 * 1024));
            printWhereTimeWent(context.getBean(io.micrometer.core.instrument.MeterRegistry.class));
            printCpuByThread(cpuBefore, processCpuBefore);
        } finally {
            if (context != null) {
                context.close();
            }
            FileSystemUtils.deleteRecursively(root);
        }
        System.exit(0);
    }

    /** Time per stage, from the hub's own timers (summed over threads, so it can exceed the wall-clock time). */
    private static void printWhereTimeWent(io.micrometer.core.instrument.MeterRegistry meters) {
        meters.find("certhub.intake.store").timers().forEach(BenchCommand::print);
        meters.find("certhub.intake.issue").timers().forEach(BenchCommand::print);
        meters.find("certhub.signing.render").timers().forEach(BenchCommand::print);
        meters.find("certhub.signing.seal").timers().forEach(BenchCommand::print);
        meters.find("certhub.signing.ofd.render").timers().forEach(BenchCommand::print);
        meters.find("certhub.signing.ofd.seal").timers().forEach(BenchCommand::print);
        meters.find("certhub.signing.store").timers().forEach(BenchCommand::print);
        meters.find("certhub.publish").timers().forEach(BenchCommand::print);
    }

    /** CPU time per kind of thread (digits folded), keyed by thread id so that exited threads are not mixed up. */
    static java.util.Map<Long, long[]> cpuByThread() {
        var threads = ManagementFactory.getThreadMXBean();
        var map = new java.util.HashMap<Long, long[]>();
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu >= 0) {
                map.put(id, new long[] {cpu});
            }
        }
        return map;
    }

    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static void printCpuByThread(java.util.Map<Long, long[]> before, long processBefore) {
        var threads = ManagementFactory.getThreadMXBean();
        var byKind = new java.util.TreeMap<String, Long>();
        long javaThreads = 0;
        for (long id : threads.getAllThreadIds()) {
            var info = threads.getThreadInfo(id);
            long cpu = threads.getThreadCpuTime(id);
            if (info == null || cpu < 0) {
                continue;
            }
            long used = cpu - (before.containsKey(id) ? before.get(id)[0] : 0);
            javaThreads += used;
            String kind = info.getThreadName().replaceAll("\\d+", "#").replaceAll("file:///.*", "file://inbox");
            byKind.merge(kind, used, Long::sum);
        }
        long process = processCpu() - processBefore;
        System.out.printf(Locale.ROOT, "  CPU: process %.1f s, of which Java threads:%n", process / 1e9);
        byKind.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(12)
                .forEach(e -> System.out.printf(Locale.ROOT, "    %-60s %6.1f s%n", e.getKey(), e.getValue() / 1e9));
        System.out.printf(
                Locale.ROOT, "    %-60s %6.1f s%n", "(GC, JIT and other VM threads)", (process - javaThreads) / 1e9);
    }

    static void print(io.micrometer.core.instrument.Timer t) {
        System.out.printf(
                Locale.ROOT,
                "  %-24s %7d calls %9.1f ms total %8.2f ms mean%n",
                t.getId().getName(),
                t.count(),
                t.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS),
                t.mean(java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    private static Path writeFile(Path root, int count) throws IOException {
        Path inbox = Files.createDirectories(root.resolve("inbox/exam-system"));
        return writeExamSystemCsv(inbox.getParent().resolve("bench.csv.tmp"), count, false);
    }

    /**
     * N exam-system rows of distinct people, GB18030 with CRLF as the exam system writes them; with
     * {@code someInvalid}, every hundredth row has a wrong ID check character.
     */
    static Path writeExamSystemCsv(Path file, int count, boolean someInvalid) throws IOException {
        return writeExamSystemCsv(file, 0, count, someInvalid);
    }

    /** As {@link #writeExamSystemCsv(Path, int, boolean)}, with the people numbered from {@code from}. */
    static Path writeExamSystemCsv(Path file, int from, int count, boolean someInvalid) throws IOException {
        var random = new Random(7 + from);
        String[] categories = {"A", "B", "C1", "C2", "C3"};
        String company = "91320000134751234";
        company += CreditCode.checkCharacter(company);
        try (var out = Files.newBufferedWriter(file, Charset.forName("GB18030"))) {
            out.write("序号,姓名,性别,身份证号码,企业名称,企业统一社会信用代码,岗位类别,职务,技术职称,考核合格日期,发证机关\r\n");
            for (int i = from; i < from + count; i++) {
                // distinct people: 1,000 sequence codes per birthday
                String first17 = "320102"
                        + java.time.LocalDate.of(1960, 1, 1)
                                .plusDays(i / 1000)
                                .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                        + "%03d".formatted(i % 1000);
                char check = CitizenIdNumber.checkCharacter(first17);
                String id = first17 + (someInvalid && i % 100 == 99 ? (check == '1' ? '2' : '1') : check);
                out.write((i + 1) + ",测试" + i + "," + ((first17.charAt(16) - '0') % 2 == 1 ? "男" : "女") + "," + id
                        + ",江苏建工集团有限公司," + company + "," + categories[random.nextInt(5)]
                        + ",项目负责人,工程师,2026-10-15,江苏省住房和城乡建设厅\r\n");
            }
        }
        return file;
    }

    /** A copy of the catalogue whose types are all sealed at the given level. */
    static Path catalogAtLevel(Path root, org.certhub.catalog.SignatureLevel level) throws IOException {
        return catalogAtLevel(root, level, "pdf");
    }

    /** The shipped catalogue with every type sealed at the level and issued in the files given ({@code pdf,ofd}). */
    static Path catalogAtLevel(Path root, org.certhub.catalog.SignatureLevel level, String files) throws IOException {
        Path catalog = Files.createDirectories(root.resolve("catalog"));
        try (var types = Files.list(Path.of(System.getProperty("certhub.catalog.dir", "config/catalog")))) {
            for (Path type : types.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                String yaml = Files.readString(type)
                        .replaceAll("(?m)^sealing:.*\\R", "")
                        .replaceAll("(?m)^files:.*\\R", "");
                Files.writeString(
                        catalog.resolve(type.getFileName()),
                        yaml + "\nsealing: { level: " + level.label() + " }\nfiles: [" + files + "]\n");
            }
        }
        return catalog;
    }

    /**
     * A bench seals with the demo PKI of its temporary folder and its TSA in process, never with the seals or the TSA
     * the project's {@code config/} names (a department's HSM or a paid TSA): settings that override them, unless the
     * bench brought its own seals file (a SoftHSM2 token for {@code --keys pkcs11}).
     */
    static List<String> demoKeysOnly(Path root, List<String> keyArgs) throws IOException {
        var settings = new java.util.ArrayList<>(List.of("--certhub.signing.tsa.url="));
        if (keyArgs.stream().noneMatch(a -> a.startsWith("--certhub.seals.file="))) {
            Path none = Files.writeString(
                    root.resolve("bench-seals.yaml"), "# bench: the demo seal only\ndefault: demo\nseals: []\n");
            settings.add("--certhub.seals.file=" + none);
        }
        return settings;
    }

    private static int intOption(String[] args, String name, int fallback) {
        return Integer.parseInt(option(args, name, Integer.toString(fallback)));
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
    }

    static void resetPeaks() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    static long peakHeap() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /**
     * {@code bench rest --records N [--batch M] [--clients C]}: pushes N synthetic training-center records in signed
     * JSON requests of M records from C concurrent clients, and reports the rate at which the channel accepts them
     * (read, stored, normalized and issued before the answer; sealing and publishing go on in the background).
     */
    private static void runRest(String[] args, Class<?> application) throws Exception {
        int records = intOption(args, "--records", 10_000);
        int batch = intOption(args, "--batch", 500);
        int clients = intOption(args, "--clients", 1);
        String key = "bench-training-center";
        String secret = "bench-only-secret-" + java.util.UUID.randomUUID();
        Path root = Files.createTempDirectory("certhub-bench-");
        ConfigurableApplicationContext context = null;
        try {
            var app = new SpringApplication(application);
            var settings = new java.util.ArrayList<>(demoKeysOnly(root, List.of()));
            settings.addAll(List.of(
                    "--server.port=0",
                    "--certhub.paths.data=" + root.resolve("data"),
                    "--certhub.paths.inbox=" + root.resolve("inbox"),
                    "--certhub.paths.outbox=" + root.resolve("outbox"),
                    "--certhub.sweeper.stale-after=PT10M",
                    "--logging.level.root=WARN",
                    "--CERTHUB_ADMIN_PASSWORD=bench-only",
                    "--CERTHUB_SOURCE_TRAINING_CENTER_KEY=" + key,
                    "--CERTHUB_SOURCE_TRAINING_CENTER_SECRET=" + secret,
                    // all clients push with one key from one address: the channel's limits must not refuse them
                    "--certhub.rest.per-key-concurrent=" + Math.max(8, clients),
                    "--certhub.rest.per-address-concurrent=" + Math.max(16, clients)));
            context = app.run(settings.toArray(String[]::new));
            String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
            var bodies = new java.util.ArrayList<byte[]>();
            for (int from = 0; from < records; from += batch) {
                bodies.add(trainingCenterBatch(from, Math.min(records, from + batch)));
            }
            var http = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .build();
            var next = new java.util.concurrent.atomic.AtomicInteger();
            var accepted = new java.util.concurrent.atomic.AtomicLong();
            var rejected = new java.util.concurrent.atomic.AtomicLong();
            var latencies = new java.util.concurrent.ConcurrentLinkedQueue<Long>();
            var pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
            var cpuBefore = cpuByThread();
            long processCpuBefore = processCpu();
            long start = System.nanoTime();
            var work = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int c = 0; c < clients; c++) {
                work.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < bodies.size()) {
                        long sent = System.nanoTime();
                        var answer = pushSigned(http, base, key, secret, bodies.get(i));
                        latencies.add(System.nanoTime() - sent);
                        accepted.addAndGet(answer.get("accepted").asLong());
                        rejected.addAndGet(answer.get("rejected").asLong());
                    }
                    return null;
                }));
            }
            for (var w : work) {
                w.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            var sorted = latencies.stream().sorted().toList();
            System.out.printf(
                    Locale.ROOT, "rest: %d records in %.1f s = %.1f records/s%n", records, seconds, records / seconds);
            System.out.printf(
                    Locale.ROOT,
                    "  %d requests of %d records from %d client(s); accepted %d, rejected %d; "
                            + "request latency p50 %.0f ms, p95 %.0f ms%n",
                    bodies.size(),
                    batch,
                    clients,
                    accepted.get(),
                    rejected.get(),
                    sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.95))) / 1e6);
            long published = context.getBean(JdbcClient.class)
                    .sql("select count(*) from licence_version where state = 'PUBLISHED'")
                    .query(Long.class)
                    .single();
            System.out.printf(Locale.ROOT, "  sealed and published meanwhile: %d%n", published);
            var meters = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            meters.find("certhub.rest.store").timers().forEach(BenchCommand::print);
            printWhereTimeWent(meters);
            printCpuByThread(cpuBefore, processCpuBefore);
        } finally {
            if (context != null) {
                context.close();
            }
            FileSystemUtils.deleteRecursively(root);
        }
        System.exit(0);
    }

    private static tools.jackson.databind.JsonNode pushSigned(
            java.net.http.HttpClient http, String base, String key, String secret, byte[] body)
            throws IOException, InterruptedException {
        String path = "/api/v1/sources/training-center/records";
        long timestamp = java.time.Instant.now().getEpochSecond();
        String nonce = java.util.UUID.randomUUID().toString().replace("-", "");
        String bodySha256 = org.certhub.intake.rest.RequestSignature.sha256Hex(body);
        String signature = org.certhub.intake.rest.RequestSignature.signV2(
                secret,
                org.certhub.intake.rest.RequestSignature.stringToSignV2(
                        "POST", path, null, "application/json", null, timestamp, nonce, bodySha256));
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
                .header("Content-Type", "application/json")
                .header(org.certhub.intake.rest.RequestSignature.CONTENT_SHA256_HEADER, bodySha256)
                .header(org.certhub.intake.rest.RequestSignature.KEY_HEADER, key)
                .header(org.certhub.intake.rest.RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(org.certhub.intake.rest.RequestSignature.NONCE_HEADER, nonce)
                .header(org.certhub.intake.rest.RequestSignature.SIGNATURE_HEADER, signature)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("push answered " + response.statusCode() + ": "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body());
    }

    /** Records from..to of the training centre, as its JSON export has them: distinct people, varied trades and cities. */
    private static byte[] trainingCenterBatch(int from, int to) {
        String[] trades = {"建筑电工", "建筑架子工（普通脚手架）", "建筑起重信号司索工", "建筑起重机械司机（塔式起重机）", "建筑起重机械司机（施工升降机）", "高处作业吊篮安装拆卸工"};
        String[] cities = {"南京", "无锡", "徐州", "常州", "苏州", "南通", "连云港", "淮安", "盐城", "扬州", "镇江", "泰州", "宿迁"};
        var random = new Random(from);
        var batch = new java.util.ArrayList<java.util.Map<String, Object>>();
        for (int i = from; i < to; i++) {
            String first17 = "320102"
                    + java.time.LocalDate.of(1960, 1, 1)
                            .plusDays(i / 1000)
                            .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                    + "%03d".formatted(i % 1000);
            String id = first17 + CitizenIdNumber.checkCharacter(first17);
            batch.add(java.util.Map.of(
                    "enrollmentNo", "BENCH-" + i,
                    "trainee",
                            java.util.Map.of(
                                    "name",
                                    "测试" + i,
                                    "sex",
                                    (first17.charAt(16) - '0') % 2 == 1 ? "男" : "女",
                                    "idCardNo",
                                    id),
                    "course",
                            java.util.Map.of(
                                    "trade",
                                    trades[random.nextInt(trades.length)],
                                    "city",
                                    cities[random.nextInt(cities.length)]),
                    "exam", java.util.Map.of("passedOn", "2026-11-02")));
        }
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsBytes(batch);
    }
}
