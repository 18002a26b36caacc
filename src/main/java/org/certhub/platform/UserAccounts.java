package org.certhub.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The people who use the admin and sealing APIs: the administrator ({@code certhub.admin.*}) and the users besides
 * ({@code certhub.users.<username>.*}).
 *
 * @param admin the initial administrator, with role ADMIN
 * @param users by username
 */
@ConfigurationProperties("certhub")
@Validated
record UserAccounts(@Valid @DefaultValue Administrator admin, Map<String, Account> users) {

    /**
     * The initial administrator.
     *
     * @param username the administrator's username
     * @param password the password in clear, by default the environment variable CERTHUB_ADMIN_PASSWORD; blank:
     *                 one is generated and printed once at start-up
     */
    record Administrator(
            @Pattern(regexp = USERNAME, message = "a username is 1 to 64 letters, digits, '.', '_' or '-'")
            @DefaultValue("admin")
            String username,

            String password) {}

    /** What a role lets a user do. */
    enum Role {
        /** Runs the hub: pipeline, rejects, routes, provenance, actuator. */
        ADMIN,
        /** Approves or sends back licences of types that require manual sealing (用印审批). */
        SEALER,
        /**
         * Besides ADMIN: may see full ID numbers in the rejects and provenance APIs ({@code ?unmasked=true}); every
         * such view is recorded.
         */
        PII_VIEWER,
        /** Reads the hub's metrics for Prometheus ({@code /actuator/prometheus}) and nothing else: a scraper's user. */
        MONITOR
    }

    /**
     * One user.
     *
     * @param enabled      false leaves the user out (for example the embedded default's demo sealer)
     * @param roles        ADMIN or SEALER, not both: separation of duties; PII_VIEWER besides ADMIN
     * @param password     the password in clear, normally from an environment variable; blank with no hash: one is
     *                     generated and printed once at start-up
     * @param passwordHash the password's hash in Spring Security's form, e.g. {bcrypt}$2a$10$...
     */
    record Account(@DefaultValue("true") boolean enabled, List<String> roles, String password, String passwordHash) {}

    private static final String USERNAME = "[A-Za-z0-9._-]{1,64}";

    UserAccounts {
        users = users == null ? Map.of() : new TreeMap<>(users);
    }

    /** A user that cannot be set up; stops the start with a message that names the user. */
    static final class InvalidUserException extends IllegalStateException {
        InvalidUserException(String username, String problem) {
            super("certhub.users." + username + ": " + problem);
        }
    }

    /** The roles of an enabled user, checked: known, at least one, and not both ADMIN and SEALER. */
    static Set<Role> rolesOf(String username, Account account) {
        if (!username.matches(USERNAME)) {
            throw new InvalidUserException(username, "a username is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (account.roles() == null || account.roles().isEmpty()) {
            throw new InvalidUserException(username, "no roles (give ADMIN or SEALER, and PII_VIEWER besides ADMIN)");
        }
        var roles = java.util.EnumSet.noneOf(Role.class);
        for (String name : account.roles()) {
            try {
                roles.add(Role.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidUserException(
                        username, "unknown role '" + name + "' (ADMIN, SEALER, PII_VIEWER or MONITOR)");
            }
        }
        if (roles.containsAll(Set.of(Role.ADMIN, Role.SEALER))) {
            throw new InvalidUserException(
                    username,
                    "ADMIN and SEALER cannot be the same person (separation of "
                            + "duties: whoever runs the pipeline must not also approve its seals); configure two users");
        }
        if (roles.contains(Role.MONITOR) && roles.size() > 1) {
            throw new InvalidUserException(
                    username, "MONITOR goes alone: a scraper's user that reads the metrics and nothing else");
        }
        if (roles.contains(Role.PII_VIEWER) && !roles.contains(Role.ADMIN)) {
            throw new InvalidUserException(
                    username, "PII_VIEWER only goes with ADMIN: it lets an administrator see full ID numbers");
        }
        if (account.password() != null
                && !account.password().isBlank()
                && account.passwordHash() != null
                && !account.passwordHash().isBlank()) {
            throw new InvalidUserException(username, "give password or password-hash, not both");
        }
        return roles;
    }
}
