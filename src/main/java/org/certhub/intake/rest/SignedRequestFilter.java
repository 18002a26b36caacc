package org.certhub.intake.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certhub.mapping.Mappings;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request signed with a source's key ({@link RequestSignature}): the key must be the path's
 * source's, the timestamp within the allowed skew, the signature right, the nonce new. A request that passes is
 * authenticated as the source (role {@code SOURCE}) and carries its body, read once through SHA-256 into a bounded
 * spool ({@link RequestBodies}, deleted when the request ends); one that fails gets a 401 problem detail saying why. A dry run without the key header is left to HTTP Basic.
 */
class SignedRequestFilter extends OncePerRequestFilter {

    static final String ROLE = "SOURCE";
    private static final Pattern PATH = Pattern.compile(".*/api/v1/sources/([^/]+)/(records|dry-run)/?");
    private static final Pattern NONCE = Pattern.compile("[\\x21-\\x7E]{8,128}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{1,12}");

    private final SourceCredentials credentials;
    private final NonceStore nonces;
    private final Mappings mappings;
    private final RequestBodies bodies;
    private final RestChannelSettings settings;
    private final Clock clock;

    SignedRequestFilter(
            SourceCredentials credentials,
            NonceStore nonces,
            Mappings mappings,
            RequestBodies bodies,
            RestChannelSettings settings,
            Clock clock) {
        this.credentials = credentials;
        this.nonces = nonces;
        this.mappings = mappings;
        this.bodies = bodies;
        this.settings = settings;
        this.clock = clock;
    }

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
        try (SpooledBody body = authenticate(request, source)) {
            request.setAttribute(RequestBodies.BODY, body);
            chain.doFilter(request, response);
        } catch (RestProblem problem) {
            SecurityContextHolder.clearContext();
            problem.write(response, request.getRequestURI());
        }
    }

    private SpooledBody authenticate(HttpServletRequest request, String source) throws IOException {
        String keyId = request.getHeader(RequestSignature.KEY_HEADER);
        String timestamp = request.getHeader(RequestSignature.TIMESTAMP_HEADER);
        String nonce = request.getHeader(RequestSignature.NONCE_HEADER);
        String signature = request.getHeader(RequestSignature.SIGNATURE_HEADER);
        if (mappings.forSource(source).isEmpty()) {
            throw new RestProblem(
                    HttpStatus.NOT_FOUND,
                    "unknown-source",
                    "来源不存在 (unknown source)",
                    "没有来源 “" + source + "” (no source " + source + ")");
        }
        var own = credentials
                .forSource(source)
                .orElseThrow(() -> new RestProblem(
                        HttpStatus.FORBIDDEN,
                        "channel-closed",
                        "来源未开通 REST 通道 (REST channel not open for this source)",
                        "来源 " + source + " 未配置密钥，不能推送；请设置 " + SourceCredentials.variable(source, "KEY") + " 和 "
                                + SourceCredentials.variable(source, "SECRET") + " (source " + source
                                + " has no REST key and secret)"));
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
        if (!own.keyId().equals(keyId)) {
            if (credentials.sourceOfKey(keyId).isPresent()) {
                throw new RestProblem(
                        HttpStatus.FORBIDDEN,
                        "key-not-for-source",
                        "密钥不属于该来源 (key not for this source)",
                        "密钥 " + keyId + " 不能为来源 " + source + " 推送 (key " + keyId + " may not push for " + source + ")");
            }
            throw RestProblem.unauthorized(
                    "unknown-key", "未知密钥 (unknown key)", "没有密钥 “" + keyId + "” (no such key id)");
        }
        if (!TIMESTAMP.matcher(timestamp).matches()) {
            throw RestProblem.unauthorized(
                    "stale-timestamp",
                    "时间戳无效 (bad timestamp)",
                    RequestSignature.TIMESTAMP_HEADER + " 须为 Unix 秒数 (must be Unix seconds): " + timestamp);
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
        Instant now = clock.instant();
        long skew = Math.abs(now.getEpochSecond() - sent.getEpochSecond());
        if (skew > settings.clockSkew().toSeconds()) {
            throw RestProblem.unauthorized(
                            "stale-timestamp",
                            "时间戳超出允许范围 (stale timestamp)",
                            "请求时间与服务器相差 " + skew + " 秒，超过 "
                                    + settings.clockSkew().toSeconds() + " 秒；请校准时钟并重新签名 (the timestamp is " + skew
                                    + " s away from the hub's clock)")
                    .with("serverTime", now.getEpochSecond());
        }
        if (!NONCE.matcher(nonce).matches()) {
            throw RestProblem.unauthorized(
                    "missing-signature",
                    "随机数无效 (bad nonce)",
                    RequestSignature.NONCE_HEADER + " 须为 8 至 128 个可见 ASCII 字符 (8 to 128 visible ASCII characters)");
        }
        SpooledBody body = bodies.spool(request);
        String toSign = RequestSignature.stringToSign(
                request.getMethod(), request.getRequestURI(), sent.getEpochSecond(), nonce, body.sha256());
        if (!RequestSignature.matches(own.secret(), toSign, signature)) {
            body.close();
            throw RestProblem.unauthorized(
                            "bad-signature",
                            "签名错误 (bad signature)",
                            "签名与请求不符；待签字符串为 METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nhex(SHA-256(body)) "
                                    + "(the signature does not match the request)")
                    .with("stringToSign", toSign.replace("\n", "\\n"));
        }
        if (!nonces.remember(keyId, nonce, sent.plus(settings.clockSkew()))) {
            body.close();
            throw RestProblem.unauthorized(
                    "replayed-nonce",
                    "请求重放 (replayed nonce)",
                    "随机数 " + nonce + " 已使用过；每个请求须用新的随机数 (this nonce was used before)");
        }
        var authentication = UsernamePasswordAuthenticationToken.authenticated(
                "source:" + source, null, List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        request.setAttribute(RestChannelController.SOURCE_KEY, keyId);
        return body;
    }
}
