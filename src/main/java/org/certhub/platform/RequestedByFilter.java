package org.certhub.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The admin and sealing APIs take HTTP Basic, which a browser replays on its own; so every request under
 * {@code /api/} that changes something (POST, PUT, PATCH, DELETE) must carry a non-blank {@value #HEADER} header,
 * which a cross-site form cannot send and a cross-site script cannot send without a CORS preflight that the hub
 * refuses. Without it: 403, before the password is checked. The REST channel's signed requests have their own
 * chain and do not pass here; the public API ({@code /api/v1/public/}) needs no header.
 */
final class RequestedByFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Requested-By";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // the public API takes no credentials a browser could replay, and changes nothing
        return SAFE.contains(request.getMethod())
                || !(path.equals("/api") || path.startsWith("/api/"))
                || path.startsWith("/api/v1/public/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String value = request.getHeader(HEADER);
        if (value == null || value.isBlank()) {
            new Refusal(
                            HttpStatus.FORBIDDEN,
                            "missing-requested-by",
                            "缺少请求头 X-Requested-By (header X-Requested-By missing)",
                            "修改数据的 API 请求须带非空的 X-Requested-By 请求头，例如 X-Requested-By: certhub；这样跨站请求无法借用浏览器"
                                    + "记住的密码 (a request that changes data must carry a non-blank X-Requested-By header, "
                                    + "e.g. X-Requested-By: certhub, so that cross-site requests cannot ride on the "
                                    + "credentials a browser remembers)")
                    .write(request, response, null);
            return;
        }
        chain.doFilter(request, response);
    }
}
