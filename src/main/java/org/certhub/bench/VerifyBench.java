package org.certhub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.certhub.catalog.SignatureLevel;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * {@code bench verify}: the public pages under load, with {@code wrk}, against nginx serving the QR page's own HTML
 * as a static file in the same run (issue 14's yardstick). The hub runs in this process on the embedded default with
 * the public rate limits out of the way, issues the demo certificates at B-LTA, and is warmed up before each
 * measured run; wrk and nginx share the machine's cores with it, as they would on a one-machine deployment.
 *
 * <p>Measured: nginx; the QR page at full load and again at about half nginx's rate (wrk paces each connection with
 * a delay); the public query; the upload check with one client, one sealed certificate at a time. Targets: the QR
 * page at least 0.5 × nginx with p99 at most 20 ms at half that load; the upload check under 50 ms p95.
 */
final class VerifyBench {

    private static final int CONNECTIONS = 32;
    private static final String REPORT = """
            done = function(summary, latency, requests)
              io.write(string.format("RESULT %.1f %.3f %.3f %.3f %d\\n",
                summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
                latency:percentile(95) / 1000, latency:percentile(99) / 1000,
                summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
            end
            """;

    private VerifyBench() {}

    /** One wrk run: requests/s, latency percentiles in ms, and failed requests. */
    record Run(double rate, double p50, double p95, double p99, long errors) {}

    static void run(Class<?> application, int certificates, int seconds) throws Exception {
        Path wrk = tool("wrk");
        Path nginx = tool("nginx");
        if (wrk == null || nginx == null) {
            System.err.println("bench verify needs wrk and nginx on the PATH (apt-get install wrk nginx-light)");
            System.exit(2);
        }
        Path root = Files.createTempDirectory("certhub-bench-verify-");
        ConfigurableApplicationContext context = null;
        Process web = null;
        try {
            context = new SpringApplication(application)
                    .run(Stream.concat(
                                    BenchCommand.demoKeysOnly(root, List.of()).stream(),
                                    Stream.of(
                                            "--server.port=0",
                                            "--certhub.paths.data=" + root.resolve("data"),
                                            "--certhub.paths.inbox=" + root.resolve("inbox"),
                                            "--certhub.paths.outbox=" + root.resolve("outbox"),
                                            "--certhub.intake.file-min-age=100",
                                            "--logging.level.root=WARN",
                                            "--CERTHUB_ADMIN_PASSWORD=bench-only",
                                            "--certhub.rate-limits.verification.requests=100000000",
                                            "--certhub.rate-limits.query.requests=100000000",
                                            "--certhub.rate-limits.uploads.requests=100000000",
                                            "--certhub.catalog.dir="
                                                    + BenchCommand.catalogAtLevel(root, SignatureLevel.B_LTA)))
                            .toArray(String[]::new));
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            String base = "http://127.0.0.1:" + port;
            JdbcClient jdbc = context.getBean(JdbcClient.class);

            Path csv = BenchCommand.writeExamSystemCsv(root.resolve("bench.csv"), certificates, false);
            Files.createDirectories(root.resolve("inbox/exam-system"));
            Files.move(csv, root.resolve("inbox/exam-system/bench.csv"));
            while (jdbc.sql("select count(*) from licence_version where state = 'PUBLISHED'")
                            .query(Long.class)
                            .single()
                    < certificates) {
                Thread.sleep(200);
            }
            var sample = jdbc.sql("""
                            select v.verify_token, v.identifier, l.number, l.holder_name
                            from licence_version v join licence l on l.id = v.licence_id
                            order by v.id fetch first 1 rows only""")
                    .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                    .single();
            String qrPage = "/v/" + sample[0];
            String query = "/api/v1/public/certificates?number=" + URLEncoder.encode(sample[2], StandardCharsets.UTF_8)
                    + "&name=" + URLEncoder.encode(sample[3], StandardCharsets.UTF_8);
            Path pdf = root.resolve("outbox").resolve(sample[1] + ".pdf");

            // nginx serves the QR page's own HTML, as the hub sends it, from a file
            var http = HttpClient.newHttpClient();
            String html = http.send(
                            HttpRequest.newBuilder(URI.create(base + qrPage)).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Path site = Files.createDirectories(root.resolve("nginx/site"));
            Files.writeString(site.resolve("page.html"), html);
            // nginx's workers run as an unprivileged user: they must be able to read the page
            for (Path p : List.of(root, root.resolve("nginx"), site)) {
                Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.setPosixFilePermissions(
                    site.resolve("page.html"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            int nginxPort = freePort();
            web = startNginx(nginx, root.resolve("nginx"), nginxPort);
            // two locations of the same file: as Debian's nginx serves by default (an access log line per request,
            // sendfile), and tuned (no access log)
            String nginxUrl = "http://127.0.0.1:" + nginxPort + "/logged/page.html";
            String nginxTuned = "http://127.0.0.1:" + nginxPort + "/page.html";

            Path report = Files.writeString(root.resolve("report.lua"), REPORT);
            Path upload = Files.writeString(root.resolve("upload.lua"), """
                    wrk.method = "POST"
                    wrk.headers["Content-Type"] = "application/pdf"
                    local f = io.open("%s", "rb")
                    wrk.body = f:read("*a")
                    f:close()
                    """.formatted(pdf.toAbsolutePath()) + REPORT);

            System.out.printf(
                    Locale.ROOT,
                    "bench verify: %d certificates issued at B-LTA; page %d bytes; wrk -t2 -c%d -d%ds; %d cores%n",
                    certificates,
                    html.getBytes(StandardCharsets.UTF_8).length,
                    CONNECTIONS,
                    seconds,
                    Runtime.getRuntime().availableProcessors());
            wrk(wrk, nginxUrl, report, CONNECTIONS, 5, null);
            Run staticPage = wrk(wrk, nginxUrl, report, CONNECTIONS, seconds, null);
            print("nginx, the same page as a static file (Debian's defaults: access log)", staticPage);
            Run tuned = wrk(wrk, nginxTuned, report, CONNECTIONS, seconds, null);
            print("nginx, the same page, no access log", tuned);
            // the hub's JIT needs a long warm-up: the first runs after a start are two to four times slower
            for (int i = 0; i < 3; i++) {
                wrk(wrk, base + qrPage, report, CONNECTIONS, 10, null);
            }
            Run page = wrk(wrk, base + qrPage, report, CONNECTIONS, seconds, null);
            print("QR page GET /v/<token>", page);
            // about half nginx's rate: each connection waits 1 ms (wrk's finest delay) after each answer, and there are
            // as many connections as that rate needs
            double target = staticPage.rate() / 2;
            int paced = (int) Math.max(1, Math.round(target * (1 + page.p50()) / 1000));
            Path pacing = Files.writeString(root.resolve("paced.lua"), "delay = function() return 1 end\n" + REPORT);
            Run half = wrk(wrk, base + qrPage, pacing, paced, seconds, null);
            print("QR page aiming at half nginx's rate (" + paced + " connections, 1 ms apart)", half);
            for (int i = 0; i < 3; i++) {
                wrk(wrk, base + query, report, CONNECTIONS, 10, null);
            }
            Run queried = wrk(wrk, base + query, report, CONNECTIONS, seconds, null);
            print("query GET /api/v1/public/certificates", queried);
            for (int i = 0; i < 2; i++) {
                wrk(wrk, base + "/api/v1/public/verify", upload, 1, 10, 1);
            }
            Run checked = wrk(wrk, base + "/api/v1/public/verify", upload, 1, seconds, 1);
            print("upload check POST /api/v1/public/verify, " + Files.size(pdf) / 1024 + " KB, one client", checked);

            double ratio = page.rate() / staticPage.rate();
            System.out.printf(
                    Locale.ROOT,
                    "targets: QR page %.2f x nginx (>= 0.5: %s; %.2f x nginx without its access log);"
                            + " p99 at %.2f x nginx %.1f ms (<= 20: %s);"
                            + " upload check p95 %.1f ms (< 50: %s)%n",
                    ratio,
                    ratio >= 0.5 ? "met" : "NOT met",
                    page.rate() / tuned.rate(),
                    half.rate() / staticPage.rate(),
                    half.p99(),
                    half.p99() <= 20 ? "met" : "NOT met",
                    checked.p95(),
                    checked.p95() < 50 ? "met" : "NOT met");
            if (staticPage.errors()
                            + tuned.errors()
                            + page.errors()
                            + half.errors()
                            + queried.errors()
                            + checked.errors()
                    > 0) {
                System.out.println("some requests failed (see above): the numbers are not comparable");
            }
        } finally {
            if (web != null) {
                web.destroy();
                web.waitFor(10, TimeUnit.SECONDS);
            }
            if (context != null) {
                context.close();
            }
            FileSystemUtils.deleteRecursively(root);
        }
    }

    private static void print(String what, Run run) {
        System.out.printf(
                Locale.ROOT,
                "  %-70s %9.0f req/s  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms%s%n",
                what,
                run.rate(),
                run.p50(),
                run.p95(),
                run.p99(),
                run.errors() == 0 ? "" : "  (" + run.errors() + " failed)");
    }

    private static Run wrk(Path wrk, String url, Path script, int connections, int seconds, Integer threads)
            throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(
                wrk.toString(),
                "-t" + (threads == null ? 2 : threads),
                "-c" + connections,
                "-d" + seconds + "s",
                "-s",
                script.toString(),
                url));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        for (String line : output.split("\n")) {
            if (line.startsWith("RESULT ")) {
                String[] f = line.trim().split(" ");
                return new Run(
                        Double.parseDouble(f[1]),
                        Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]),
                        Long.parseLong(f[5]));
            }
        }
        throw new IllegalStateException("wrk gave no result for " + url + ":\n" + output);
    }

    private static Process startNginx(Path nginx, Path prefix, int port) throws IOException, InterruptedException {
        Path conf = Files.writeString(prefix.resolve("nginx.conf"), """
                worker_processes 2;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    sendfile on;
                    default_type text/html;
                    client_body_temp_path %1$s/tmp;
                    proxy_temp_path %1$s/tmp;
                    fastcgi_temp_path %1$s/tmp;
                    uwsgi_temp_path %1$s/tmp;
                    scgi_temp_path %1$s/tmp;
                    server {
                        listen 127.0.0.1:%2$d;
                        root %1$s/site;
                        location /logged/ {
                            alias %1$s/site/;
                            access_log %1$s/access.log;
                        }
                    }
                }
                """.formatted(prefix.toAbsolutePath(), port));
        Files.createDirectories(prefix.resolve("tmp"));
        Process process = new ProcessBuilder(nginx.toString(), "-p", prefix.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .start();
        var http = HttpClient.newHttpClient();
        for (int i = 0; i < 100; i++) {
            try {
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/page.html"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return process;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroy();
        throw new IllegalStateException(
                "nginx did not start: " + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path tool(String name) {
        for (String dir :
                System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String dir : List.of("/usr/sbin", "/usr/bin")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
