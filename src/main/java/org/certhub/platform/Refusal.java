package org.certhub.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request the platform's filters refuse before any controller sees it, answered as an RFC 9457 problem detail
 * with a stable {@code type} ({@code https://certhub.org/problems/<name>}), title and detail Chinese first, English in
 * brackets.
 */
record Refusal(HttpStatus status, String name, String title, String detail) {

    private static final String TYPE_BASE = "https://certhub.org/problems/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Too many requests: 429 with the seconds to wait in {@code Retry-After} (at least one). */
    static Refusal tooMany(String name, String title, String detail) {
        return new Refusal(HttpStatus.TOO_MANY_REQUESTS, name, title, detail);
    }

    void write(HttpServletRequest request, HttpServletResponse response, Duration retryAfter) throws IOException {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", TYPE_BASE + name);
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        if (retryAfter != null) {
            long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            body.put("retryAfterSeconds", seconds);
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
