package org.certhub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/** Users and roles from {@code certhub.users}: what is accepted, and what stops the start with a named reason. */
class UserAccountsTests {

    @TempDir
    Path dir;

    private CerthubPaths paths() {
        return new CerthubPaths(dir.resolve("data"), dir.resolve("inbox"), dir.resolve("outbox"));
    }

    private static UserAccounts.Account account(String... roles) {
        return new UserAccounts.Account(true, List.of(roles), "a-password", null);
    }

    @Test
    void aSealerIsASealerWhateverTheCase() {
        assertThat(UserAccounts.rolesOf("li.si", account("sealer"))).containsExactly(UserAccounts.Role.SEALER);
        assertThat(UserAccounts.rolesOf("ops", account("ADMIN"))).containsExactly(UserAccounts.Role.ADMIN);
    }

    @Test
    void nobodyIsBothAdministratorAndSealer() {
        assertThatThrownBy(() -> UserAccounts.rolesOf("boss", account("ADMIN", "SEALER")))
                .hasMessageStartingWith("certhub.users.boss: ")
                .hasMessageContaining("separation of duties");
    }

    @Test
    void seeingFullIdNumbersIsGivenToAnAdministratorOnly() {
        assertThat(UserAccounts.rolesOf("lina", account("ADMIN", "PII_VIEWER")))
                .containsExactlyInAnyOrder(UserAccounts.Role.ADMIN, UserAccounts.Role.PII_VIEWER);
        assertThatThrownBy(() -> UserAccounts.rolesOf("wang", account("SEALER", "PII_VIEWER")))
                .hasMessageStartingWith("certhub.users.wang: PII_VIEWER only goes with ADMIN");
    }

    @Test
    void aScrapersUserMonitorsAndDoesNothingElse() {
        assertThat(UserAccounts.rolesOf("prometheus", account("MONITOR"))).containsExactly(UserAccounts.Role.MONITOR);
        assertThatThrownBy(() -> UserAccounts.rolesOf("prometheus", account("MONITOR", "ADMIN")))
                .hasMessageStartingWith("certhub.users.prometheus: MONITOR goes alone");
    }

    @Test
    void unknownOrMissingRolesAndBadNamesAreRefusedByName() {
        assertThatThrownBy(() -> UserAccounts.rolesOf("wang", account("AUDITOR")))
                .hasMessage("certhub.users.wang: unknown role 'AUDITOR' (ADMIN, SEALER, PII_VIEWER or MONITOR)");
        assertThatThrownBy(() -> UserAccounts.rolesOf("wang", account()))
                .hasMessageContaining("certhub.users.wang: no roles");
        assertThatThrownBy(() -> UserAccounts.rolesOf("wang li", account("SEALER")))
                .hasMessageContaining("a username is");
        assertThatThrownBy(() -> UserAccounts.rolesOf(
                        "wang", new UserAccounts.Account(true, List.of("SEALER"), "clear", "{bcrypt}$2a$10$x")))
                .hasMessageContaining("not both");
    }

    @Test
    void aBareBcryptHashSignsInAndADisabledUserDoesNot() {
        var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        var accounts = new UserAccounts(
                new UserAccounts.Administrator("admin", "admin-pw"),
                Map.of(
                        "sealer2",
                                new UserAccounts.Account(
                                        true,
                                        List.of("SEALER"),
                                        null,
                                        new BCryptPasswordEncoder().encode("s3cret-sealer")),
                        "off", new UserAccounts.Account(false, List.of("SEALER"), "x", null)));
        var users = new SecurityConfiguration().users(accounts, encoder, paths(), new MockEnvironment());
        var sealer = users.loadUserByUsername("sealer2");
        assertThat(encoder.matches("s3cret-sealer", sealer.getPassword())).isTrue();
        assertThat(encoder.matches("wrong", sealer.getPassword())).isFalse();
        assertThat(sealer.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_SEALER");
        assertThat(users.loadUserByUsername("admin").getAuthorities())
                .extracting(Object::toString)
                .containsExactly("ROLE_ADMIN");
        assertThatThrownBy(() -> users.loadUserByUsername("off")).isInstanceOf(UsernameNotFoundException.class);
    }

    @Test
    void aUserCannotTakeTheAdministratorsName() {
        var accounts =
                new UserAccounts(new UserAccounts.Administrator("admin", "pw"), Map.of("admin", account("SEALER")));
        assertThatThrownBy(() -> new SecurityConfiguration()
                        .users(
                                accounts,
                                PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                                paths(),
                                new MockEnvironment()))
                .hasMessageContaining("certhub.users.admin: the administrator's name is admin");
    }

    @Test
    void aGeneratedPasswordIsWrittenOnceToAFileOnlyTheHubReadsAndNeverToTheLog() throws Exception {
        var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        var accounts = new UserAccounts(
                new UserAccounts.Administrator("admin", null),
                Map.of("sealer", new UserAccounts.Account(true, List.of("SEALER"), null, null)));
        var log = new ListAppender<ILoggingEvent>();
        log.start();
        var logger = (Logger) LoggerFactory.getLogger(SecurityConfiguration.class);
        logger.addAppender(log);
        try {
            var users = new SecurityConfiguration().users(accounts, encoder, paths(), new MockEnvironment());

            Path file = dir.resolve("data/initial-credentials");
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            Map<String, String> written = new java.util.HashMap<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.startsWith("#")) {
                    written.put(line.split(" ")[0], line.split(" ")[1]);
                }
            }
            assertThat(written).containsOnlyKeys("admin", "sealer");
            assertThat(encoder.matches(
                            written.get("sealer"),
                            users.loadUserByUsername("sealer").getPassword()))
                    .isTrue();
            assertThat(log.list)
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getFormattedMessage())
                            .doesNotContain(written.get("admin"))
                            .doesNotContain(written.get("sealer")));
            assertThat(log.list)
                    .anySatisfy(e -> assertThat(e.getFormattedMessage())
                            .contains(file.toAbsolutePath().toString()));

            var again = new SecurityConfiguration().users(accounts, encoder, paths(), new MockEnvironment());
            assertThat(encoder.matches(
                            written.get("admin"),
                            again.loadUserByUsername("admin").getPassword()))
                    .as("the next start keeps the password written once")
                    .isTrue();
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void productionModeGeneratesNoPassword() {
        var accounts = new UserAccounts(new UserAccounts.Administrator("admin", null), Map.of());
        assertThatThrownBy(() -> new SecurityConfiguration()
                        .users(
                                accounts,
                                PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                                paths(),
                                new MockEnvironment().withProperty("certhub.mode", "production")))
                .hasMessageContaining("CERTHUB_ADMIN_PASSWORD is not set");
        assertThat(dir.resolve("data/initial-credentials")).doesNotExist();
    }
}
