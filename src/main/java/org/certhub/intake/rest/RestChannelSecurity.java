package org.certhub.intake.rest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.certhub.mapping.Mappings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * The REST channel's own security chain, ahead of the admin chain: pushing records takes a source's signature
 * only (the administrator's password does not push); a dry run takes a source's signature or the administrator.
 */
@Configuration(proxyBeanMethods = false)
class RestChannelSecurity {

    static final String RECORDS = "/api/v1/sources/*/records";
    static final String DRY_RUN = "/api/v1/sources/*/dry-run";

    @Bean
    @Order(10)
    SecurityFilterChain restChannelFilterChain(
            HttpSecurity http,
            SourceCredentials credentials,
            NonceStore nonces,
            Mappings mappings,
            RequestBodies bodies,
            RequestLimits limits,
            RestChannelSettings settings,
            Clock clock)
            throws Exception {
        http.securityMatcher(RECORDS, DRY_RUN)
                .authorizeHttpRequests(auth -> auth.requestMatchers(HttpMethod.POST, RECORDS)
                        .hasRole(SignedRequestFilter.ROLE)
                        .requestMatchers(HttpMethod.POST, DRY_RUN)
                        .hasAnyRole(SignedRequestFilter.ROLE, "ADMIN")
                        .anyRequest()
                        .denyAll())
                .addFilterBefore(
                        new SignedRequestFilter(credentials, nonces, mappings, bodies, limits, settings, clock),
                        BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(RestChannelSecurity::unauthenticated))
                .exceptionHandling(e -> e.authenticationEntryPoint(RestChannelSecurity::unauthenticated))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** A dry run without a signature or with wrong administrator credentials: a problem detail, as for the rest. */
    private static void unauthenticated(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        response.addHeader("WWW-Authenticate", "Basic realm=\"certhub\"");
        RestProblem.unauthorized(
                        "missing-signature",
                        "需要认证 (authentication required)",
                        "请以来源密钥签名请求，或使用管理员的 HTTP Basic 认证 (sign the request with the source's key, or use the "
                                + "administrator's HTTP Basic)")
                .write(response, request.getRequestURI());
    }
}
