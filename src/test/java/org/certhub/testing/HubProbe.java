package org.certhub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a person checks on a running hub about one holder's licence: its number and status, its public
 * verification page, the status notices in the outbox, and the administrator's API (as user {@code admin} with the
 * tests' password {@value #ADMIN_PASSWORD}).
 */
public final class HubProbe {

    public static final String ADMIN_PASSWORD = "test-admin-password";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern DETAIL = Pattern.compile("<dd id=\"([a-z-]+)\"[^>]*>([^<]*)</dd>");
    private static final Pattern VERDICT = Pattern.compile("<p class=\"verdict[^\"]*\"[^>]*>([^<]*)</p>");

    private final JdbcClient hub;
    private final int port;
    private final Path outbox;
    private final HttpClient http = HttpClient.newHttpClient();

    public HubProbe(JdbcClient hub, int port, Path outbox) {
        this.hub = hub;
        this.port = port;
        this.outbox = outbox;
    }

    public int licences() {
        return hub.sql("select count(*) from licence").query(Integer.class).single();
    }

    public String numberOf(String idNumber) {
        return licenceColumn("number", idNumber);
    }

    public String status(String idNumber) {
        return licenceColumn("status", idNumber);
    }

    public int currentVersion(String idNumber) {
        return Integer.parseInt(licenceColumn("current_version", idNumber));
    }

    private String licenceColumn(String column, String idNumber) {
        return hub.sql("select " + column + " from licence where holder_code = ?")
                .param(idNumber)
                .query(String.class)
                .single();
    }

    private String currentVersionColumn(String column, String idNumber) {
        return hub.sql("select v." + column + """
                 from licence_version v join licence l on l.id = v.licence_id
                where l.holder_code = ? and v.version = l.current_version""")
                .param(idNumber)
                .query(String.class)
                .single();
    }

    /** The public page of the holder's current version: element id to text, and {@code verdict}. */
    public Map<String, String> publicPage(String idNumber) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://localhost:" + port + "/v/" + currentVersionColumn("verify_token", idNumber)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        var elements = new HashMap<String, String>();
        Matcher m = DETAIL.matcher(response.body());
        while (m.find()) {
            elements.put(m.group(1), m.group(2));
        }
        Matcher verdict = VERDICT.matcher(response.body());
        elements.put("verdict", verdict.find() ? verdict.group(1) : "");
        return elements;
    }

    /** The status notices of the holder's current version in the outbox ({@code <identifier>.status-<n>.json}). */
    public List<JsonNode> statusNotices(String idNumber) throws IOException {
        return statusNoticeFiles(idNumber).stream()
                .map(p -> JSON.readTree(p.toFile()))
                .toList();
    }

    public List<Path> statusNoticeFiles(String idNumber) throws IOException {
        String prefix = currentVersionColumn("identifier", idNumber) + ".status-";
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (var files = Files.list(outbox)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .toList();
        }
    }

    /** The published metadata of the holder's current version in the outbox ({@code <identifier>.json}). */
    public Path publishedMetadata(String idNumber) {
        return outbox.resolve(currentVersionColumn("identifier", idNumber) + ".json");
    }

    /** GET of an administrator's API path; must answer 200. */
    public JsonNode admin(String path) throws Exception {
        String auth = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Basic " + auth)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The rules of a reject. */
    public static List<String> rules(JsonNode reject) {
        return reject.get("reasons")
                .valueStream()
                .map(r -> r.get("rule").asString())
                .toList();
    }
}
