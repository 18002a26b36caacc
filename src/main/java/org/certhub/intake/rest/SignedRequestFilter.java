package org.certhub.intake.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certhub.intake.rest.RequestSignature.Version;
import org.certhub.intake.rest.SourceCredentials.Credentials;
import org.certhub.mapping.Mappings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request signed with a source's key ({@link RequestSignature}), in an order that reads no body byte
 * for a request that can be refused without it:
 *
 * <ol>
 *   <li>the client address's limits ({@link RequestLimits}): 429;
 *   <li>the headers' shape, the signature version (v1 only until {@code certhub.rest.v1-accepted-until}) and the
 *       timestamp's window: 401, each with its own problem, as none depends on which sources or keys exist;
 *   <li>the source and the key: an unknown source, a source without credentials, an unknown key and another source's
 *       key all get the one {@link RestProblem#notAuthenticated()} answer that a wrong signature gets, the reason
 *       going to the log only (key ids masked);
 *   <li>v2: the signature over the headers and the declared body hash, then the nonce (remembered); v1: the nonce
 *       (seen before?);
 *   <li>the key's limits (429), then the body, read once through SHA-256 into a bounded spool ({@link RequestBodies},
 *       413 over the limit);
 *   <li>v2: the body against its signed hash; v1: the signature, then the nonce (remembered).
 * </ol>
 *
 * A request that passes is authenticated as the source (role {@code SOURCE}) and carries its spooled body (deleted
 * when the request ends). A refusal before the body was read closes the connection. A dry run without the key header
 * is left to HTTP Basic.
 */
class SignedRequestFilter extends OncePerRequestFilter {

    static final String ROLE = "SOURCE";
    private static final Logger log = LoggerFactory.getLogger(SignedRequestFilter.class);
    private static final Pattern PATH = Pattern.compile(".*/api/v1/sources/([^/]+)/(records|dry-run)/?");
    private static final Pattern KEY_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final Pattern NONCE = Pattern.compile("[\\x21-\\x7E]{8,128}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{1,12}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final List<String> SIGNED_HEADERS = List.of(
            RequestSignature.KEY_HEADER,
            RequestSignature.TIMESTAMP_HEADER,
            RequestSignature.NONCE_HEADER,
            RequestSignature.SIGNATURE_HEADER,
            RequestSignature.CONTENT_SHA256_HEADER,
            "Content-Type",
            RestChannelController.IDEMPOTENCY_KEY);

    private final SourceCredentials credentials;
    private final NonceStore nonces;
    private final Mappings mappings;
    private final RequestBodies bodies;
    private final RequestLimits limits;
    private final RestChannelSettings settings;
    private final Clock clock;

    SignedRequestFilter(
            SourceCredentials credentials,
            NonceStore nonces,
            Mappings mappings,
            RequestBodies bodies,
            RequestLimits limits,
            RestChannelSettings settings,
            Clock clock) {
        this.credentials = credentials;
        this.nonces = nonces;
        this.mappings = mappings;
        this.bodies = bodies;
        this.limits = limits;
        this.settings = settings;
        this.clock = clock;
    }

    /** What a request's signature headers say, in the right shape and within the time window. */
    private record Signed(
            Version version, String keyId, long timestamp, String nonce, String signature, String contentSha256) {}

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher path = PATH.matcher(request.getRequestURI());
        if (!path.matches()) {
            chain.doFilter(request, response);
            return;
        }
        String source = path.group(1);
        boolean records = path.group(2).equals("records");
        if (request.getHeader(RequestSignature.KEY_HEADER) == null && !records) {
            chain.doFilter(request, response);
            return;
        }
        boolean bodyRead = false;
        try (RequestLimits.Permit address = limits.enterAddress(request.getRemoteAddr())) {
            Signed signed = signatureHeaders(request);
            Credentials own = credentialsOf(request, source, signed.keyId());
            if (signed.version() == Version.V2) {
                verify(request, source, own, signed, stringToSignV2(request, signed, signed.contentSha256()));
                remember(own, signed);
            } else if (nonces.seen(own.keyId(), signed.nonce())) {
                throw replayed(signed.nonce());
            }
            try (RequestLimits.Permit key = limits.enterKey(own.keyId());
                    SpooledBody body = bodies.spool(request)) {
                bodyRead = true;
                if (signed.version() == Version.V2) {
                    if (!body.sha256().equals(signed.contentSha256())) {
                        throw bodyHashMismatch(signed.contentSha256(), body.sha256());
                    }
                } else {
                    String toSign = RequestSignature.stringToSign(
                            request.getMethod(),
                            request.getRequestURI(),
                            signed.timestamp(),
                            signed.nonce(),
                            body.sha256());
                    verify(request, source, own, signed, toSign);
                    remember(own, signed);
                }
                authenticate(request, source, own.keyId());
                request.setAttribute(RequestBodies.BODY, body);
                chain.doFilter(request, response);
            }
        } catch (RestProblem problem) {
            SecurityContextHolder.clearContext();
            if (!bodyRead) {
                // the body was not read: the connection cannot carry another request
                problem.header("Connection", "close");
            }
            problem.write(response, request.getRequestURI());
        }
    }

    /** Checks the signature headers without looking anything up: presence, version, shape, time window. */
    private Signed signatureHeaders(HttpServletRequest request) {
        String keyId = request.getHeader(RequestSignature.KEY_HEADER);
        String timestamp = request.getHeader(RequestSignature.TIMESTAMP_HEADER);
        String nonce = request.getHeader(RequestSignature.NONCE_HEADER);
        String signature = request.getHeader(RequestSignature.SIGNATURE_HEADER);
        if (keyId == null || timestamp == null || nonce == null || signature == null) {
            throw RestProblem.unauthorized(
                    "missing-signature",
                    "缺少签名 (request not signed)",
                    "请求须带 "
                            + String.join(
                                    "、",
                                    List.of(
                                            RequestSignature.KEY_HEADER,
                                            RequestSignature.TIMESTAMP_HEADER,
                                            RequestSignature.NONCE_HEADER,
                                            RequestSignature.SIGNATURE_HEADER))
                            + " 四个请求头 (the four signature headers are required)");
        }
        Version version = Version.of(signature);
        if (version == Version.V1 && LocalDate.now(clock).isAfter(settings.v1AcceptedUntil())) {
            throw RestProblem.unauthorized(
                            "signature-version-retired",
                            "签名版本 v1 已停用 (signature version v1 retired)",
                            "v1 签名只接受到 " + settings.v1AcceptedUntil() + "；请改用 v2 签名（"
                                    + RequestSignature.SIGNATURE_HEADER
                                    + ": v2=…，并带 " + RequestSignature.CONTENT_SHA256_HEADER + "），见接入文档 (v1 "
                                    + "signatures were accepted until " + settings.v1AcceptedUntil()
                                    + ": sign with v2, see docs/integrators/rest.md)")
                    .with("acceptedUntil", settings.v1AcceptedUntil().toString());
        }
        String contentSha256 = request.getHeader(RequestSignature.CONTENT_SHA256_HEADER);
        if (!KEY_ID.matcher(keyId).matches()) {
            throw malformed(
                    RequestSignature.KEY_HEADER + " 须为 1 至 128 个可见 ASCII 字符 (1 to 128 visible ASCII characters)");
        }
        if (!NONCE.matcher(nonce).matches()) {
            throw malformed(
                    RequestSignature.NONCE_HEADER + " 须为 8 至 128 个可见 ASCII 字符 (8 to 128 visible ASCII characters)");
        }
        if (RequestSignature.decode(signature).isEmpty()) {
            throw malformed(
                    RequestSignature.SIGNATURE_HEADER
                            + " 须为 32 字节 HMAC-SHA256 的 base64，v2 加前缀 v2= (the base64 of a 32-byte HMAC-SHA256, prefixed v2= in v2)");
        }
        if (version == Version.V2
                && (contentSha256 == null || !SHA256_HEX.matcher(contentSha256).matches())) {
            throw malformed(RequestSignature.CONTENT_SHA256_HEADER
                    + " 须为请求体 SHA-256 的 64 位小写十六进制 (v2 needs the body's SHA-256 as 64 lower-case hex digits)");
        }
        for (String name : SIGNED_HEADERS) {
            if (Collections.list(request.getHeaders(name)).size() > 1) {
                throw new RestProblem(
                        HttpStatus.BAD_REQUEST,
                        "duplicate-header",
                        "请求头重复 (duplicate header)",
                        "请求头 " + name + " 只能出现一次 (" + name + " may be sent once only)");
            }
        }
        if (!TIMESTAMP.matcher(timestamp).matches()) {
            throw RestProblem.unauthorized(
                    "stale-timestamp",
                    "时间戳无效 (bad timestamp)",
                    RequestSignature.TIMESTAMP_HEADER + " 须为 Unix 秒数 (must be Unix seconds): " + printable(timestamp));
        }
        long sent = Long.parseLong(timestamp);
        long now = clock.instant().getEpochSecond();
        long skew = Math.abs(now - sent);
        if (skew > settings.clockSkew().toSeconds()) {
            throw RestProblem.unauthorized(
                            "stale-timestamp",
                            "时间戳超出允许范围 (stale timestamp)",
                            "请求时间与服务器相差 " + skew + " 秒，超过 "
                                    + settings.clockSkew().toSeconds() + " 秒；请校准时钟并重新签名 (the timestamp is " + skew
                                    + " s away from the hub's clock)")
                    .with("serverTime", now);
        }
        return new Signed(version, keyId, sent, nonce, signature, contentSha256);
    }

    /** The path's source's credentials when the key is its key; else the one answer for all such cases. */
    private Credentials credentialsOf(HttpServletRequest request, String source, String keyId) {
        if (mappings.forSource(source).isEmpty()) {
            throw refused(request, source, keyId, "no such source");
        }
        var own = credentials.forSource(source);
        if (own.isEmpty()) {
            throw refused(
                    request,
                    source,
                    keyId,
                    "the source has no REST key and secret (set " + SourceCredentials.variable(source, "KEY") + " and "
                            + SourceCredentials.variable(source, "SECRET") + ")");
        }
        if (!own.get().keyId().equals(keyId)) {
            var owner = credentials.sourceOfKey(keyId);
            throw refused(
                    request,
                    source,
                    keyId,
                    owner.map(o -> "the key belongs to source " + o).orElse("no source has this key"));
        }
        return own.get();
    }

    private void verify(HttpServletRequest request, String source, Credentials own, Signed signed, String toSign) {
        if (!RequestSignature.matches(own.secret(), toSign, signed.signature())) {
            throw refused(
                    request,
                    source,
                    signed.keyId(),
                    "wrong " + signed.version().name().toLowerCase(Locale.ROOT) + " signature; the hub signed \""
                            + printable(toSign.replace("\n", "\\n")) + "\"");
        }
    }

    private void remember(Credentials own, Signed signed) {
        if (!nonces.remember(
                own.keyId(),
                signed.nonce(),
                Instant.ofEpochSecond(signed.timestamp()).plus(settings.clockSkew()))) {
            throw replayed(signed.nonce());
        }
    }

    private static String stringToSignV2(HttpServletRequest request, Signed signed, String bodySha256) {
        return RequestSignature.stringToSignV2(
                request.getMethod(),
                request.getRequestURI(),
                request.getQueryString(),
                request.getHeader("Content-Type"),
                request.getHeader(RestChannelController.IDEMPOTENCY_KEY),
                signed.timestamp(),
                signed.nonce(),
                bodySha256);
    }

    private static void authenticate(HttpServletRequest request, String source, String keyId) {
        var authentication = UsernamePasswordAuthenticationToken.authenticated(
                "source:" + source, null, List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        request.setAttribute(RestChannelController.SOURCE_KEY, keyId);
    }

    private static RestProblem refused(HttpServletRequest request, String source, String keyId, String reason) {
        log.warn(
                "REST request refused from {} for source {} with key {}: {}",
                request.getRemoteAddr(),
                printable(source),
                mask(keyId),
                reason);
        return RestProblem.notAuthenticated();
    }

    private static RestProblem malformed(String detail) {
        return RestProblem.unauthorized("missing-signature", "签名请求头格式错误 (malformed signature header)", detail);
    }

    private static RestProblem replayed(String nonce) {
        return RestProblem.unauthorized(
                "replayed-nonce",
                "请求重放 (replayed nonce)",
                "随机数 " + nonce + " 已使用过；每个请求须用新的随机数 (this nonce was used before)");
    }

    private static RestProblem bodyHashMismatch(String declared, String actual) {
        return RestProblem.unauthorized(
                        "body-hash-mismatch",
                        "请求体与签名不符 (body does not match its signed hash)",
                        "请求体的 SHA-256 与 " + RequestSignature.CONTENT_SHA256_HEADER
                                + " 不同；请对实际发送的字节计算 (the body's SHA-256 differs from the signed one: hash the bytes as sent)")
                .with("declared", declared)
                .with("received", actual);
    }

    /** A key id for the log: its first four characters and its length. */
    static String mask(String keyId) {
        String shown = printable(keyId);
        return (shown.length() <= 4 ? "" : shown.substring(0, 4)) + "…(" + shown.length() + ")";
    }

    /** Caller-sent text for the log or an answer: control characters as {@code ?} (no forged log lines), at most 200. */
    private static String printable(String text) {
        return text.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .limit(200)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
