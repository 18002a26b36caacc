package org.certhub.intake.rest;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * A refusal of the REST channel, answered as an RFC 9457 problem detail whose {@code type} is stable
 * ({@code https://certhub.org/problems/<name>}) and whose title and detail are Chinese first, English in brackets.
 */
final class RestProblem extends RuntimeException {

    static final String TYPE_BASE = "https://certhub.org/problems/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpStatus status;
    private final String name;
    private final String title;
    private final Map<String, Object> extra = new LinkedHashMap<>();

    RestProblem(HttpStatus status, String name, String title, String detail) {
        super(detail);
        this.status = status;
        this.name = name;
        this.title = title;
    }

    static RestProblem unauthorized(String name, String title, String detail) {
        return new RestProblem(HttpStatus.UNAUTHORIZED, name, title, detail);
    }

    RestProblem with(String property, Object value) {
        extra.put(property, value);
        return this;
    }

    HttpStatus status() {
        return status;
    }

    URI type() {
        return URI.create(TYPE_BASE + name);
    }

    Map<String, Object> body(String instance) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", type().toString());
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", getMessage());
        body.put("instance", instance);
        body.putAll(extra);
        return body;
    }

    byte[] bytes(String instance) {
        return JSON.writeValueAsBytes(body(instance));
    }

    ResponseEntity<byte[]> response(String instance) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(bytes(instance));
    }

    void write(HttpServletResponse response, String instance) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Certhub-HMAC-SHA256");
        }
        response.getOutputStream().write(bytes(instance));
    }
}
