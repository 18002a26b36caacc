package org.certhub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** A locked login is refused before the password check runs: guessing during a lockout costs the hub no bcrypt. */
class ThrottledAuthenticationTests {

    @Test
    void aLockedLoginNeverReachesThePasswordCheck() {
        var checks = new AtomicInteger();
        AuthenticationManager passwords = login -> {
            checks.incrementAndGet();
            throw new BadCredentialsException("wrong password");
        };
        var settings =
                new LoginSettings(5, 20, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(1), 100);
        var clock = Clock.fixed(Instant.parse("2026-03-02T01:00:00Z"), ZoneOffset.UTC);
        var authentication = new ThrottledAuthentication(passwords, new LoginThrottle(settings, clock));

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> authentication.authenticate(login("admin", "192.0.2.1")))
                    .isInstanceOf(BadCredentialsException.class);
        }
        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(() -> authentication.authenticate(login("admin", "192.0.2.1")))
                    .isInstanceOf(ThrottledAuthentication.LoginLockedException.class);
        }

        assertThat(checks).hasValue(5);
    }

    private static Authentication login(String username, String address) {
        var request = new MockHttpServletRequest();
        request.setRemoteAddr(address);
        var login = UsernamePasswordAuthenticationToken.unauthenticated(username, "guess");
        login.setDetails(new WebAuthenticationDetails(request));
        return login;
    }
}
