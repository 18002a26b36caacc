package org.certhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.certhub.testing.Services;
import org.certhub.testing.SignatureValidators;
import org.certhub.testing.VeraPdf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the README honest: runs the commands of its "Issue your first certificates" section, and the training
 * centre's command of the sources table, as a user copies them, against a hub started as its quick start says.
 *
 * <p>The hub runs in process from the project root (its {@code config/}, {@code routes/}, {@code mappings/}), with
 * its data, inbox and outbox in a work folder that also holds a copy of {@code docs/samples/}: the README's relative
 * paths. Its administrator password is the one the quick start exports. Each {@code ```bash} block runs with
 * {@code bash -euo pipefail} in that folder, with {@code localhost:8080} rewritten to the hub's port and nothing else
 * changed; the environment is this JVM's without {@code CERTHUB_*} variables, plus whatever earlier blocks exported
 * (as in the second terminal the README opens). The blocks run in the README's order; each test method takes the
 * blocks up to the one it checks.
 *
 * <p>A hub of its own, not the shared one of {@code @HubIntegrationTest}: it runs the README's quick start as written,
 * with the default settings and the administrator password the quick start exports.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "certhub.paths.data=target/it/readme/data",
            "certhub.paths.inbox=target/it/readme/inbox",
            "certhub.paths.outbox=target/it/readme/outbox"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeQuickStartIntegrationTests {

    private static final Path README = Path.of("README.md");
    private static final Path WORK = Path.of("target/it/readme").toAbsolutePath();
    private static final Pattern EXPORTED_PASSWORD =
            Pattern.compile("^export CERTHUB_ADMIN_PASSWORD=(\\S+)", Pattern.MULTILINE);
    private static final Pattern BASH_BLOCK =
            Pattern.compile("^( *)```bash\\n(.*?)^ *```$", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The blocks of the section, in order, and how far the test methods have taken them. */
    private static List<String> blocks;

    private static int nextBlock;
    /** What the README's commands have exported so far, as the user's second terminal holds it. */
    private static final Map<String, String> exported = new HashMap<>();

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

    @BeforeAll
    static void workFolderWithTheReadmesRelativePaths() throws IOException {
        FileSystemUtils.deleteRecursively(WORK);
        Files.createDirectories(WORK.resolve("tmp"));
        Path samples = Files.createDirectories(WORK.resolve("docs/samples"));
        try (Stream<Path> files = Files.list(Path.of("docs/samples"))) {
            for (Path f : files.toList()) {
                Files.copy(f, samples.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        blocks = bashBlocks(section("## Issue your first certificates"));
        nextBlock = 0;
        exported.clear();
    }

    /** The hub starts as the quick start says: with the password it exports before {@code ./mvnw spring-boot:run}. */
    @DynamicPropertySource
    static void quickStartPassword(DynamicPropertyRegistry registry) throws IOException {
        String quickStart = String.join("\n", bashBlocks(section("## Quick start")));
        Matcher password = EXPORTED_PASSWORD.matcher(quickStart);
        assertThat(password.find())
                .as("the quick start exports CERTHUB_ADMIN_PASSWORD:%n%s", quickStart)
                .isTrue();
        assertThat(quickStart.indexOf("./mvnw spring-boot:run"))
                .as("the quick start starts the hub after the export")
                .isGreaterThan(password.start());
        String exported = password.group(1);
        registry.add("CERTHUB_ADMIN_PASSWORD", () -> exported);
    }

    @Test
    @Order(1)
    void theDemoFileDroppedAsTheReadmeSaysBecomesThreeSealedCertificates() throws Exception {
        int yearBefore = LocalDate.now(clock).getYear();
        String drop = "cp docs/samples/exam-system-demo.csv inbox/exam-system/";
        run(takeThrough(b -> b.contains(drop), "the block that drops the exam-system demo file"));

        Path inbox = WORK.resolve("inbox/exam-system");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.isDirectory(inbox.resolve("done"))
                        && filesEndingWith(inbox.resolve("done"), "-exam-system-demo.csv")
                                        .size()
                                == 1
                        && filesEndingWith(WORK.resolve("outbox"), ".json").size() == 3
                        && filesEndingWith(WORK.resolve("outbox"), ".pdf").size() == 3
                        && filesEndingWith(WORK.resolve("outbox"), ".ofd").size() == 3);
        assertThat(inbox.resolve("exam-system-demo.csv")).doesNotExist();

        int yearAfter = LocalDate.now(clock).getYear();
        String years = yearBefore == yearAfter ? Integer.toString(yearBefore) : yearBefore + "|" + yearAfter;
        List<String> numbers = new ArrayList<>();
        for (Path json : filesEndingWith(WORK.resolve("outbox"), ".json")) {
            JsonNode metadata = JSON.readTree(json.toFile());
            String identifier = metadata.get("certificate_identifier").asString();
            assertThat(json.getFileName().toString()).isEqualTo(identifier + ".json");
            Path pdf = WORK.resolve("outbox/" + identifier + ".pdf");
            assertThat(pdf).isNotEmptyFile();
            // what an archive's intake and a relying party check: PDF/A-2b, and a seal valid at the type's level
            assertThat(VeraPdf.failedRules(Files.readAllBytes(pdf)))
                    .as(identifier)
                    .isEmpty();
            assertThat(SignatureValidators.dss(pdf, WORK.resolve("data/keys/root.pem")))
                    .contains("signatures=1", "indication=TOTAL_PASSED", "format=PAdES-BASELINE-LTA\n");
            // the type issues an OFD too: sealed with the demo SM2 seal, verified by ofdrw, trusted in the SM2 root
            Path ofd = WORK.resolve("outbox/" + identifier + ".ofd");
            assertThat(SignatureValidators.ofdrw(ofd, WORK.resolve("data/keys/sm2-root.pem")))
                    .contains("ofdrw=PASSED", "signatures=1", "trust=PASSED", "indication=TOTAL_PASSED");
            numbers.add(metadata.get("certificate_number").asString());
        }
        // numbered in the hub's year (its clock, in the issuing authority's zone), one per category of the good rows
        assertThat(numbers)
                .hasSize(3)
                .allMatch(n -> n.matches("苏建安(A|B|C1)\\((" + years + ")\\)0000001"), years)
                .extracting(n -> n.substring(3, n.indexOf('(')))
                .containsExactlyInAnyOrder("A", "B", "C1");
    }

    @Test
    @Order(2)
    void thePdfsigCommandFindsEverySealValidAndTrusted() throws Exception {
        String block = takeThrough(b -> b.contains("pdfsig"), "the block that checks the seals with pdfsig");
        // skipped with a message when a tool is missing (failed under CERTHUB_SERVICES=required); the next test runs on
        Services.requireTool("pdfsig");
        Services.requireTool("certutil");
        Services.requireTool("curl");

        String report = run(block).stdout();
        List<String> files = new ArrayList<>();
        Matcher info = Pattern.compile("Digital Signature Info of: (\\S+)").matcher(report);
        while (info.find()) {
            files.add(info.group(1));
        }
        assertThat(files).as("one report per sealed file").hasSize(3).allMatch(f -> f.startsWith("outbox/"));
        for (String fileReport : report.split("Digital Signature Info of: ")) {
            if (fileReport.isBlank()) {
                continue;
            }
            // signature #1 is the seal; #2 the document timestamp of B-LTA, which pdfsig cannot check
            int timestamp = fileReport.indexOf("Signature #2:");
            assertThat(timestamp)
                    .as("a seal and a document timestamp in%n%s", fileReport)
                    .isPositive();
            assertThat(fileReport.substring(0, timestamp))
                    .contains(
                            "Signature #1:",
                            "Signer Certificate Common Name: 江苏省住房和城乡建设厅",
                            "Signature Validation: Signature is Valid.",
                            "Certificate Validation: Certificate is Trusted.");
            assertThat(fileReport.substring(timestamp)).contains("certhub Demo Time-Stamping Unit");
        }
    }

    @Test
    @Order(3)
    void theRejectsCommandsShowTheTwoBadRows() throws Exception {
        Services.requireTool("curl");
        String block = takeThrough(b -> b.contains("/api/v1/rejects"), "the block that lists the rejects");
        String answer = run(block).stdout();
        while (nextBlock < blocks.size()) {
            run(blocks.get(nextBlock++));
        }

        List<JsonNode> answers = jsonValues(answer);
        assertThat(answers)
                .as("the answers of the rejects and the pipeline commands")
                .hasSize(2);
        JsonNode rejects = answers.get(0);
        assertThat(rejects.valueStream().map(r -> r.get("row").asInt()).toList())
                .containsExactlyInAnyOrder(5, 6);
        assertThat(rejects.valueStream().map(r -> r.get("file").asString())).containsOnly("exam-system-demo.csv");
        assertThat(rejects.valueStream()
                        .flatMap(r -> r.get("reasons").valueStream())
                        .map(r -> r.get("rule").asString())
                        .toList())
                .contains("citizen-id-check", "code-table", "date-format", "credit-code-check");
        JsonNode records = answers.get(1).get("records");
        assertThat(records.get("ISSUED").asInt()).isEqualTo(3);
        assertThat(records.get("REJECTED").asInt()).isEqualTo(2);
        assertThat(records.get("DUPLICATE").asInt()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void theTrainingCentresCommandInTheSourcesTablePushesTheDemoFile() throws Exception {
        Services.requireTool("curl");
        Services.requireTool("openssl");
        Matcher row = Pattern.compile("^\\| `training-center` \\|.*\\| `([^`]+)` \\|$", Pattern.MULTILINE)
                .matcher(Files.readString(README));
        assertThat(row.find())
                .as("the sources table's training-center row ends with a command")
                .isTrue();
        String command = row.group(1);
        assertThat(command).startsWith("docs/samples/push.sh ");
        Path push = WORK.resolve("docs/samples/push.sh");
        Files.writeString(push, rewritten(Files.readString(push)));

        Result result = run(command);
        assertThat(result.stdout())
                .as("push.sh's answer")
                .contains("\"source\":\"training-center\"", "\"received\":4", "\"accepted\":3", "\"rejected\":1")
                .containsPattern("\nHTTP 2\\d\\d\n?$");
    }

    // --- the README ---

    private static String section(String heading) throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("\n" + heading + "\n");
        assertThat(start).as("README section %s", heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + heading.length() + 2);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** The {@code ```bash} blocks of a text, list-item indentation removed. */
    private static List<String> bashBlocks(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = BASH_BLOCK.matcher(text);
        while (m.find()) {
            String indent = m.group(1);
            found.add(m.group(2)
                    .lines()
                    .map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l)
                    .reduce("", (a, b) -> a + b + "\n"));
        }
        return found;
    }

    /** Runs the blocks before the one that matches, and returns that one (not run). */
    private String takeThrough(Predicate<String> wanted, String what) throws Exception {
        assertThat(blocks.stream().filter(wanted).count())
                .as("%s in the README", what)
                .isEqualTo(1);
        while (nextBlock < blocks.size()) {
            String block = blocks.get(nextBlock++);
            if (wanted.test(block)) {
                return block;
            }
            run(block);
        }
        return fail("%s comes before a block the test has already taken", what);
    }

    // --- running a command as the user does ---

    private record Result(String stdout, String stderr) {}

    private String rewritten(String text) {
        return text.replace("localhost:8080", "localhost:" + port);
    }

    /** Runs a README command in the work folder with {@code bash -euo pipefail}; it must exit with 0. */
    private Result run(String command) throws Exception {
        String script = rewritten(command);
        Path stdout = WORK.resolve("tmp/stdout");
        Path stderr = WORK.resolve("tmp/stderr");
        Path environment = WORK.resolve("tmp/environment");
        var process = new ProcessBuilder(
                        "bash", "-euo", "pipefail", "-c", script + "\nenv -0 > '" + environment + "'\n")
                .directory(WORK.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> env = process.environment();
        env.keySet().removeIf(k -> k.startsWith("CERTHUB_"));
        env.putAll(exported);
        env.put("TMPDIR", WORK.resolve("tmp").toString());
        Files.deleteIfExists(environment);
        long start = System.nanoTime();
        Process running = process.start();
        if (!running.waitFor(BLOCK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
            fail("README command timed out after %s:%n%s", BLOCK_TIMEOUT, script);
        }
        var result = new Result(
                Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
        System.out.printf(
                "$ %s%n%s%s(exit %d, %d ms)%n",
                script.strip().replace("\n", "\n$ "),
                result.stdout(),
                result.stderr(),
                running.exitValue(),
                (System.nanoTime() - start) / 1_000_000);
        assertThat(running.exitValue())
                .as(
                        "exit code of the README command%n%s%nstdout:%n%s%nstderr:%n%s",
                        script, result.stdout(), result.stderr())
                .isZero();
        for (String variable :
                Files.readString(environment, StandardCharsets.UTF_8).split("\0")) {
            int equals = variable.indexOf('=');
            if (variable.startsWith("CERTHUB_") && equals > 0) {
                exported.put(variable.substring(0, equals), variable.substring(equals + 1));
            }
        }
        return result;
    }

    /** The JSON values one after the other in a text, as two curl commands print them. */
    private static List<JsonNode> jsonValues(String text) {
        List<JsonNode> values = new ArrayList<>();
        var reader = JSON.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        try (JsonParser parser = JSON.createParser(text)) {
            while (parser.nextToken() != null) {
                values.add(reader.readTree(parser));
            }
        }
        return values;
    }

    private static List<Path> filesEndingWith(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .toList();
        }
    }
}
