package org.certhub.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What integration tests ask a running hub over HTTP: public pages, and the admin API with the test password (a POST
 * with the {@code X-Requested-By} header that the API requires of every request that changes something).
 */
public final class HubHttp {

    public static final String ADMIN_PASSWORD = "test-admin-password";
    /** An administrator with role PII_VIEWER on the shared hub ({@link HubIntegrationTest}). */
    public static final String AUDITOR = "auditor";

    public static final String AUDITOR_PASSWORD = "test-auditor-password";
    /** A user with role MONITOR on the shared hub: Prometheus's. */
    public static final String MONITOR = "prometheus";

    public static final String MONITOR_PASSWORD = "test-prometheus-password";
    /** The header, and a value, that the API requires of a POST, PUT, PATCH or DELETE. */
    public static final String REQUESTED_BY = "X-Requested-By";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HubHttp() {}

    public static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts JSON to the admin API and returns the answer, whatever its status. */
    public static HttpResponse<String> adminPost(int port, String path, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Basic " + adminAuth())
                        .header("Content-Type", "application/json")
                        .header(REQUESTED_BY, "certhub")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET as a user, with the answer whatever its status. */
    public static HttpResponse<String> getAs(String username, String password, int port, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Basic " + basic(username, password))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts JSON as another user (a second administrator, a sealer) and returns the answer, whatever its status. */
    public static HttpResponse<String> postAs(String username, String password, int port, String path, String json)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Basic " + basic(username, password))
                        .header(REQUESTED_BY, "certhub")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String adminAuth() {
        return basic("admin", ADMIN_PASSWORD);
    }

    private static String basic(String username, String password) {
        return Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON the admin API answers; fails unless the answer is 200. */
    public static JsonNode adminJson(int port, String path) throws Exception {
        return admin(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .GET(),
                "GET " + path);
    }

    /**
     * The health with its details as the administrator sees it, whatever its overall status (200 or 503), within
     * {@code timeout}: a health that does not answer in time fails the test.
     */
    public static JsonNode health(int port, Duration timeout) throws Exception {
        var response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                        .header("Authorization", "Basic " + adminAuth())
                        .timeout(timeout)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** The JSON the admin API answers to a POST without a body; fails unless the answer is 200. */
    public static JsonNode adminPost(int port, String path) throws Exception {
        return admin(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header(REQUESTED_BY, "certhub")
                        .POST(HttpRequest.BodyPublishers.noBody()),
                "POST " + path);
    }

    private static JsonNode admin(HttpRequest.Builder request, String what) throws Exception {
        var response = HTTP.send(
                request.header("Authorization", "Basic " + adminAuth()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError(what + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
