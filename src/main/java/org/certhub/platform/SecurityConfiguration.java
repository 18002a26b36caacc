package org.certhub.platform;

import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Public pages, and the demo PKI's root, CRL and TSA under {@code /pki/}, are open; the admin API under {@code /api/v1/} takes HTTP Basic. The initial administrator's
 * password comes from {@code CERTHUB_ADMIN_PASSWORD}, or is generated and printed once at start-up.
 * <p>
 * The REST channel ({@code /api/v1/sources/*}{@code /records} and {@code /dry-run}) has its own chain, ordered
 * before this one: sources authenticate with their signed requests there ({@code intake.rest.RestChannelSecurity}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/**").hasRole("ADMIN")
                        .requestMatchers("/actuator/health/**", "/actuator/health").permitAll()
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/pki/tsa"))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")));
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService administrators(@Value("${certhub.admin.username:admin}") String username,
            @Value("${CERTHUB_ADMIN_PASSWORD:}") String password, PasswordEncoder encoder) {
        String effective = password;
        if (effective.isBlank()) {
            byte[] random = new byte[15];
            new SecureRandom().nextBytes(random);
            effective = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            log.warn("""

                    ================================================================
                     CERTHUB_ADMIN_PASSWORD is not set. Generated for this run:
                       user: {}   password: {}
                    ================================================================""", username, effective);
        }
        return new InMemoryUserDetailsManager(User.withUsername(username).password(encoder.encode(effective))
                .roles("ADMIN").build());
    }
}
