package org.certhub.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Public pages, and the demo PKI's root, CRL and TSA under {@code /pki/}, are open; the APIs under {@code /api/v1/}
 * take HTTP Basic. The initial administrator's password comes from {@code CERTHUB_ADMIN_PASSWORD}, or (in demo mode
 * only) is generated once into {@code data/initial-credentials}; further users and their roles come from {@code certhub.users} ({@link UserAccounts}).
 * <p>
 * Roles: ADMIN runs the hub (everything under {@code /api/} but the sealing queue, and the actuator); SEALER works
 * the sealing queue ({@code /api/v1/sealing-queue}) and nothing else. Nobody is both: the administrator does not
 * approve seals (separation of duties, as in 用印审批); both may read the queue's history of decisions.
 * <p>
 * The REST channel ({@code /api/v1/sources/*}{@code /records} and {@code /dry-run}) has its own chain, ordered
 * before this one: sources authenticate with their signed requests there ({@code intake.rest.RestChannelSecurity}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/api/v1/sealing-queue/history")
                        .hasAnyRole("SEALER", "ADMIN")
                        .requestMatchers("/api/v1/sealing-queue", "/api/v1/sealing-queue/**")
                        .hasRole("SEALER")
                        .requestMatchers("/api/**")
                        .hasRole("ADMIN")
                        .requestMatchers("/actuator/health/**", "/actuator/health")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasRole("ADMIN")
                        .anyRequest()
                        .permitAll())
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

    /**
     * The administrator of {@code certhub.admin} (password from {@code CERTHUB_ADMIN_PASSWORD}) and the users of
     * {@code certhub.users}; in demo mode a user with neither password nor hash gets a generated one, kept in
     * {@code data/initial-credentials} (never in the log).
     */
    @Bean
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
