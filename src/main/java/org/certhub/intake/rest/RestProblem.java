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
    private final Map<String, String> headers = new LinkedHashMap<>();

    RestProblem(HttpStatus status, String name, String title, String detail) {
        // an answer, not a fault: no stack trace to fill (a refused flood throws many)
        super(detail, null, false, false);
        this.status = status;
        this.name = name;
        this.title = title;
    }

    static RestProblem unauthorized(String name, String title, String detail) {
        return new RestProblem(HttpStatus.UNAUTHORIZED, name, title, detail);
    }

    /**
     * The one answer to a request that names an unknown source or key, a source without REST credentials, another
     * source's key, or that carries a wrong signature: the same problem for each, so that an unauthenticated caller
     * learns nothing of which sources and keys exist. The log says which it was.
     */
    static RestProblem notAuthenticated() {
        return unauthorized(
                "bad-signature",
                "签名无效 (bad signature)",
                "请求未通过认证：来源、密钥或签名不符；请按接入文档核对待签字符串 (the request could not be authenticated: the "
                        + "source, the key or the signature does not match; check your string to sign against "
                        + "docs/integrators/rest.md)");
    }

    RestProblem with(String property, Object value) {
        extra.put(property, value);
        return this;
    }

    /** A response header to send with the problem ({@code Retry-After}, {@code Connection}). */
    RestProblem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    String name() {
        return name;
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
        var response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.forEach(response::header);
        return response.body(bytes(instance));
    }

    void write(HttpServletResponse response, String instance) throws IOException {
        byte[] body = bytes(instance);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Certhub-HMAC-SHA256");
        }
        headers.forEach(response::setHeader);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
