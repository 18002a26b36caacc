package org.certhub.intake.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.ProducerTemplate;
import org.certhub.intake.DryRun;
import org.certhub.intake.RequestIntake;
import org.certhub.mapping.Mappings;
import org.certhub.mapping.SourceMapping;
import org.certhub.platform.Endpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST channel's endpoints: a source pushes records in its mapping's format and learns what became of each;
 * a dry run shows what an input would become, storing nothing.
 */
@RestController
@RequestMapping("/api/v1/sources/{source}")
class RestChannelController {

    static final String SOURCE_KEY = RestChannelController.class.getName() + ".key";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");
    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    private static final MediaType NDJSON_REGISTERED = MediaType.parseMediaType("application/ndjson");
    private static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    private static final Map<String, Set<MediaType>> MEDIA_TYPES = Map.of(
            "csv", Set.of(MediaType.parseMediaType("text/csv")),
            "json", Set.of(MediaType.APPLICATION_JSON, NDJSON, NDJSON_REGISTERED),
            "xml", Set.of(MediaType.APPLICATION_XML, MediaType.TEXT_XML),
            "xlsx", Set.of(XLSX));
    /** Absent values are left out, so that a dry run's answer reads like a mapping sample's expected JSON. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private static final Logger log = LoggerFactory.getLogger(RestChannelController.class);

    private final ProducerTemplate flow;
    private final DryRun dryRun;
    private final Mappings mappings;
    private final IdempotencyStore idempotency;
    private final RequestBodies bodies;

    RestChannelController(
            ProducerTemplate flow,
            DryRun dryRun,
            Mappings mappings,
            IdempotencyStore idempotency,
            RequestBodies bodies) {
        this.flow = flow;
        this.dryRun = dryRun;
        this.mappings = mappings;
        this.idempotency = idempotency;
        this.bodies = bodies;
    }

    /**
     * The answer to a push: the delivery it became, counts by status, and each record in row order.
     *
     * @param received how many records the body held
     * @param accepted how many were issued, applied or found to be duplicates
     * @param rejected how many were rejected (each with its reasons)
     */
    record PushAnswer(
            String source,
            long deliveryId,
            int received,
            int accepted,
            int rejected,
            Map<String, Integer> byStatus,
            List<RecordAnswer> records) {}

    record RecordAnswer(
            int row,
            long recordId,
            String status,
            boolean accepted,
            String licenceNumber,
            String licenceIdentifier,
            List<org.certhub.mapping.RejectReason> reasons) {

        static RecordAnswer of(RequestIntake.RecordResult r) {
            return new RecordAnswer(
                    r.row(),
                    r.recordId(),
                    r.status(),
                    r.accepted(),
                    r.licenceNumber(),
                    r.licenceIdentifier(),
                    r.reasons());
        }
    }

    @PostMapping("/records")
    ResponseEntity<byte[]> push(
            @PathVariable String source,
            HttpServletRequest request,
            @RequestHeader(name = "Content-Type", required = false) String contentType,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey)
            throws IOException {
        SourceMapping mapping = mapping(source);
        Charset charset = charsetFor(mapping, contentType);
        // pushing takes a signature, and the signature filter has read the body
        SpooledBody body = RequestBodies.spooled(request);
        if (idempotencyKey == null) {
            return receive(source, body, charset, null, request);
        }
        if (!KEY.matcher(idempotencyKey).matches()) {
            throw new RestProblem(
                    HttpStatus.BAD_REQUEST,
                    "bad-idempotency-key",
                    "Idempotency-Key 无效 (bad Idempotency-Key)",
                    "Idempotency-Key 须为 1 至 200 个可见 ASCII 字符 (1 to 200 visible ASCII characters)");
        }
        var claim = idempotency.claim(source, idempotencyKey, body.sha256());
        if (claim instanceof IdempotencyStore.Answered a) {
            return ResponseEntity.status(a.status())
                    .header("Idempotent-Replayed", "true")
                    .contentType(MediaType.parseMediaType(a.contentType()))
                    .body(a.body());
        }
        if (claim instanceof IdempotencyStore.OtherBody) {
            throw new RestProblem(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "idempotency-key-reused",
                    "Idempotency-Key 已用于其他请求 (Idempotency-Key reused)",
                    "该 Idempotency-Key 已用于内容不同的请求；新请求须用新的键 (this key was used with another body)");
        }
        if (claim instanceof IdempotencyStore.InProgress) {
            throw new RestProblem(
                    HttpStatus.CONFLICT,
                    "request-in-progress",
                    "同一请求正在处理 (request in progress)",
                    "使用该 Idempotency-Key 的请求仍在处理，请稍后重试 (the first request with this key is still being processed)");
        }
        ResponseEntity<byte[]> answer;
        try {
            answer = receive(source, body, charset, idempotencyKey, request);
        } catch (RuntimeException e) {
            idempotency.release(source, idempotencyKey);
            throw e;
        }
        idempotency.answer(
                source,
                idempotencyKey,
                answer.getStatusCode().value(),
                String.valueOf(answer.getHeaders().getContentType()),
                answer.getBody());
        return answer;
    }

    private ResponseEntity<byte[]> receive(
            String source, SpooledBody body, Charset charset, String idempotencyKey, HttpServletRequest request) {
        String requestId = "rest-" + UUID.randomUUID();
        String origin = "key " + request.getAttribute(SOURCE_KEY) + " from " + request.getRemoteAddr();
        RequestIntake.Received received = flow.requestBody(
                Endpoints.REST_REQUEST,
                new RequestIntake.PushedRequest(
                        source, body, body.sha256(), charset, idempotencyKey, requestId, origin),
                RequestIntake.Received.class);
        if (received.unreadable() != null) {
            return unreadable(received.unreadable())
                    .with("deliveryId", received.deliveryId())
                    .response(request.getRequestURI());
        }
        var records = received.records().stream().map(RecordAnswer::of).toList();
        int accepted = (int) records.stream().filter(RecordAnswer::accepted).count();
        int rejected = (int)
                records.stream().filter(r -> r.status().equals("rejected")).count();
        var answer = new PushAnswer(
                source,
                received.deliveryId(),
                records.size(),
                accepted,
                rejected,
                RequestIntake.countByStatus(received.records()),
                records);
        log.info("REST delivery {} from {}: {}", received.deliveryId(), source, answer.byStatus());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsBytes(answer));
    }

    /** What the input would become through the source's live mapping; nothing is stored. */
    @PostMapping("/dry-run")
    ResponseEntity<byte[]> dryRun(
            @PathVariable String source,
            HttpServletRequest request,
            @RequestHeader(name = "Content-Type", required = false) String contentType)
            throws IOException {
        SourceMapping mapping = mapping(source);
        Charset charset = charsetFor(mapping, contentType);
        List<DryRun.Outcome> outcomes;
        SpooledBody signed = RequestBodies.spooled(request);
        // the administrator's dry run comes without a signature: its body is read here
        try (SpooledBody own = signed == null ? bodies.spool(request) : null;
                InputStream in = (signed != null ? signed : own).getInputStream()) {
            outcomes = dryRun.run(mapping, in, charset, Integer.MAX_VALUE);
        } catch (DryRun.UnreadableInput e) {
            throw unreadable(e.getMessage());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsBytes(outcomes));
    }

    @ExceptionHandler(RestProblem.class)
    ResponseEntity<byte[]> problem(RestProblem problem, HttpServletRequest request) {
        return problem.response(request.getRequestURI());
    }

    private SourceMapping mapping(String source) {
        return mappings.forSource(source)
                .orElseThrow(() -> new RestProblem(
                        HttpStatus.NOT_FOUND,
                        "unknown-source",
                        "来源不存在 (unknown source)",
                        "没有来源 “" + source + "” (no source " + source + ")"));
    }

    /**
     * Checks the request's media type against the source's format; for CSV, the character set it declares (null:
     * the mapping's encoding; a UTF-8 byte-order mark wins over both).
     */
    static Charset charsetFor(SourceMapping mapping, String contentType) {
        String kind = mapping.format().kind();
        Set<MediaType> accepted = MEDIA_TYPES.getOrDefault(kind, Set.of());
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        MediaType given = type;
        if (given == null || accepted.stream().noneMatch(a -> a.equalsTypeAndSubtype(given))) {
            throw new RestProblem(
                            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                            "unsupported-media-type",
                            "内容类型与来源格式不符 (unsupported media type)",
                            "来源 " + mapping.source() + " 的格式为 " + kind + "，Content-Type 应为 " + accepted + "，实为 "
                                    + contentType + " (the source's format is " + kind + ")")
                    .with(
                            "accepted",
                            accepted.stream().map(MediaType::toString).sorted().toList());
        }
        Charset charset;
        try {
            charset = given.getCharset();
        } catch (IllegalArgumentException e) {
            throw new RestProblem(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    "不支持的字符集 (unsupported charset)",
                    "不认识字符集 " + given.getParameter("charset") + " (unknown charset)");
        }
        if (kind.equals("json") && charset != null && !charset.equals(StandardCharsets.UTF_8)) {
            throw new RestProblem(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    "JSON 须为 UTF-8 编码 (JSON must be UTF-8)",
                    "JSON 请求体须为 UTF-8，实为 " + charset.name() + " (JSON is UTF-8, RFC 8259)");
        }
        return kind.equals("csv") ? charset : null;
    }

    private static RestProblem unreadable(String reason) {
        return new RestProblem(HttpStatus.BAD_REQUEST, "unreadable-body", "请求体无法读取 (unreadable body)", reason);
    }
}
