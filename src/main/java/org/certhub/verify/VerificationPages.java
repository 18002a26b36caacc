package org.certhub.verify;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The QR page as it was last rendered, per token and language, served before Spring Security's chain and the
 * rendering: the page a QR code opens is asked for far more often than it changes. It is dropped with the look-ups
 * of its licence ({@link PublicLookups#forget}), so a change shows as soon as the look-ups would show it; it also
 * expires with them. Only a complete 200 page without a cookie to set is kept, with the headers it was sent with
 * (the content security policy among them); a request that changes the language ({@code ?lang=}) is always rendered.
 */
class VerificationPages extends OncePerRequestFilter {

    /** The request attribute by which the page names its licence, so that the licence's change drops it. */
    static final String LICENCE = VerificationPages.class.getName() + ".licence";

    private static final String LANGUAGE_COOKIE = "certhub-lang";
    private static final Set<String> NOT_KEPT =
            Set.of("date", "set-cookie", "content-length", "transfer-encoding", "content-type", "content-language");

    private record Page(
            long licenceId, String contentType, java.util.Locale locale, List<String[]> headers, byte[] body) {}

    private final LicenceKeyedCache<Page> pages;
    private final io.micrometer.core.instrument.Counter served;

    VerificationPages(Duration ttl, long size, io.micrometer.core.instrument.Counter served) {
        this.pages = new LicenceKeyedCache<>(ttl, size, page -> List.of(page.licenceId()));
        this.served = served;
    }

    /** Drops the pages of a licence. */
    void forget(long licenceId) {
        pages.forget(licenceId);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !"GET".equals(request.getMethod()) || !path.startsWith("/v/") || request.getQueryString() != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getRequestURI() + "|" + language(request);
        Page page = pages.get(key);
        if (page != null) {
            // counted before the body is written: once it is, the client may have it and read the counter
            served.increment();
            response.setContentType(page.contentType());
            response.setLocale(page.locale());
            for (String[] header : page.headers()) {
                response.addHeader(header[0], header[1]);
            }
            response.setContentLength(page.body().length);
            response.getOutputStream().write(page.body());
            return;
        }
        var captured = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, captured);
        Object licence = request.getAttribute(LICENCE);
        if (captured.getStatus() == 200
                && licence instanceof Long licenceId
                && captured.getHeader("Set-Cookie") == null) {
            var headers = new ArrayList<String[]>();
            for (String name : captured.getHeaderNames()) {
                if (!NOT_KEPT.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    for (String value : captured.getHeaders(name)) {
                        headers.add(new String[] {name, value});
                    }
                }
            }
            pages.put(
                    key,
                    new Page(
                            licenceId,
                            captured.getContentType(),
                            captured.getLocale(),
                            List.copyOf(headers),
                            captured.getContentAsByteArray()));
        }
        captured.copyBodyToResponse();
    }

    private static String language(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (LANGUAGE_COOKIE.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return "";
    }
}
