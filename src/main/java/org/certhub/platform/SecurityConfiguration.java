package org.certhub.platform;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;

/**
 * Public pages, and the demo PKI's root, CRL and TSA under {@code /pki/}, are open; the APIs under {@code /api/v1/}
 * take HTTP Basic. The initial administrator's password comes from {@code CERTHUB_ADMIN_PASSWORD}, or (in demo mode
 * only) is generated once into {@code data/initial-credentials}; further users and their roles come from {@code certhub.users} ({@link UserAccounts}).
 * <p>
 * Roles: ADMIN runs the hub (everything under {@code /api/} but the sealing queue, and the actuator); SEALER works
 * the sealing queue ({@code /api/v1/sealing-queue}) and nothing else; MONITOR reads {@code /actuator/prometheus} and
 * nothing else (Prometheus's user). Nobody is both: the administrator does not
 * approve seals (separation of duties, as in 用印审批); both may read the queue's history of decisions.
 * <p>
 * The REST channel ({@code /api/v1/sources/*}{@code /records} and {@code /dry-run}) has its own chain, ordered
 * before this one: sources authenticate with their signed requests there ({@code intake.rest.RestChannelSecurity}).
 * <p>
 * Doors for browsers and guessers: every password login goes through the {@link LoginThrottle} (lockout after
 * repeated failures per username and per client address, {@code certhub.login.*}); a request that changes something
 * under {@code /api/} must carry {@code X-Requested-By} ({@link RequestedByFilter}), so a cross-site request cannot
 * ride on the Basic credentials a browser remembers; the public verification page and the demo TSA are rate-limited
 * per client address ({@link PublicRateLimitFilter}, {@code certhub.rate-limits.*}); the pages' forms that change
 * something (the holder's sign-in) carry a CSRF token, kept in a cookie.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http, AuthenticationManager authentication) throws Exception {
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/api/v1/sealing-queue/history")
                        .hasAnyRole("SEALER", "ADMIN")
                        .requestMatchers("/api/v1/sealing-queue", "/api/v1/sealing-queue/**")
                        .hasRole("SEALER")
                        .requestMatchers("/api/v1/public/**")
                        .permitAll()
                        .requestMatchers("/api/**")
                        .hasRole("ADMIN")
                        .requestMatchers("/actuator/health/**", "/actuator/health")
                        .permitAll()
                        .requestMatchers("/actuator/prometheus")
                        .hasAnyRole("MONITOR", "ADMIN")
                        .requestMatchers("/actuator/**")
                        .hasRole("ADMIN")
                        .anyRequest()
                        .permitAll())
                .authenticationManager(authentication)
                .addFilterBefore(new RequestedByFilter(), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(new ThrottledAuthentication.EntryPoint()))
                // the API is guarded by X-Requested-By instead of a CSRF token; the demo TSA and the upload check
                // take no credentials and change nothing
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/pki/tsa", "/check")
                        .csrfTokenRepository(csrfTokens()))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")));
        return http.build();
    }

    /**
     * The forms' CSRF tokens in a cookie rather than an HTTP session: nodes keep no sessions, and a form one node
     * served may be posted to another (the holder's corner keeps its sign-ins in the database).
     */
    private static CsrfTokenRepository csrfTokens() {
        var tokens = new CookieCsrfTokenRepository();
        tokens.setCookieName("certhub-csrf");
        tokens.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
        return tokens;
    }

    /**
     * Every password login of every chain (the REST channel's administrator dry run included): the users below,
     * checked through the {@link LoginThrottle}.
     */
    @Bean
    AuthenticationManager authenticationManager(
            UserAccounts accounts,
            PasswordEncoder encoder,
            CerthubPaths paths,
            Environment environment,
            LoginSettings login,
            Clock clock,
            ObjectProvider<AuthenticationEventPublisher> events) {
        var provider = new DaoAuthenticationProvider(users(accounts, encoder, paths, environment));
        provider.setPasswordEncoder(encoder);
        var passwords = new ProviderManager(provider);
        events.ifAvailable(passwords::setAuthenticationEventPublisher);
        return new ThrottledAuthentication(passwords, new LoginThrottle(login, clock));
    }

    /** Ahead of Spring Security's filters: a refused request costs no session, no authentication. */
    @Bean
    FilterRegistrationBean<PublicRateLimitFilter> publicRateLimits(RateLimitSettings settings, Clock clock) {
        var registration = new FilterRegistrationBean<>(new PublicRateLimitFilter(settings, clock));
        // first: before the verification page's cache (PUBLIC_PAGES_ORDER) and Spring Security's chain
        registration.setOrder(PublicFilters.PUBLIC_PAGES_ORDER - 1);
        return registration;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The administrator of {@code certhub.admin} (password from {@code CERTHUB_ADMIN_PASSWORD}) and the users of
     * {@code certhub.users}; in demo mode a user with neither password nor hash gets a generated one, kept in
     * {@code data/initial-credentials} (never in the log).
     */
    UserDetailsService users(
            UserAccounts accounts, PasswordEncoder encoder, CerthubPaths paths, Environment environment) {
        var users = new InMemoryUserDetailsManager();
        var generated = new Generated(
                Mode.of(environment), new InitialCredentials(paths.data().resolve("initial-credentials")));
        String adminName = accounts.admin().username();
        users.createUser(User.withUsername(adminName)
                .password(encoder.encode(
                        generated.passwordOr(adminName, accounts.admin().password(), "CERTHUB_ADMIN_PASSWORD")))
                .roles(UserAccounts.Role.ADMIN.name())
                .build());
        accounts.users().forEach((name, account) -> {
            if (!account.enabled()) {
                return;
            }
            var roles = UserAccounts.rolesOf(name, account);
            if (users.userExists(name)) {
                throw new UserAccounts.InvalidUserException(
                        name, "the administrator's name is " + adminName + "; choose another username");
            }
            String hash = account.passwordHash();
            if (hash == null || hash.isBlank()) {
                hash = encoder.encode(generated.passwordOr(
                        name,
                        account.password(),
                        "certhub.users." + name + ".password"
                                + (name.equals("sealer") ? " (CERTHUB_SEALER_PASSWORD)" : "")));
            } else if (hash.startsWith("$2")) {
                hash = "{bcrypt}" + hash; // a bare bcrypt hash, as htpasswd -B or Python's bcrypt print it
            }
            users.createUser(User.withUsername(name)
                    .password(hash)
                    .roles(roles.stream().map(Enum::name).toArray(String[]::new))
                    .build());
            log.info("User {} with roles {}", name, roles);
        });
        return users;
    }

    /** Passwords for users without one: demo mode only, kept in data/initial-credentials. */
    private record Generated(Mode mode, InitialCredentials credentials) {

        String passwordOr(String username, String password, String setting) {
            if (password != null && !password.isBlank()) {
                return password;
            }
            if (mode == Mode.PRODUCTION) {
                throw new IllegalStateException(setting + " is not set: production mode generates no password");
            }
            String generated = credentials.passwordOf(username);
            log.warn(
                    "{} is not set: the password of {} is in {} (readable by the hub's user only); set {} before going "
                            + "live",
                    setting,
                    username,
                    credentials.file().toAbsolutePath().normalize(),
                    setting);
            return generated;
        }
    }
}
