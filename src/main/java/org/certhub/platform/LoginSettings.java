package org.certhub.platform;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How HTTP Basic logins are throttled ({@code certhub.login.*}): failed logins are counted per username and per
 * client address; a username or an address with too many failures within the window is locked, and a locked login
 * is refused (429, {@code Retry-After}) without checking the password.
 *
 * @param failuresPerUser    failed logins of one username within the window that lock the username
 * @param failuresPerAddress failed logins from one client address (an IPv6 address counts with its /64), whatever
 *                           the usernames, within the window that lock the address
 * @param window             how far back failures count
 * @param lockout            the first lockout; each further one (without a quiet window between) is twice as long
 * @param maxLockout         the longest lockout
 * @param trackedClients     how many usernames and how many addresses are remembered at most (the oldest go first)
 */
@ConfigurationProperties("certhub.login")
@Validated
public record LoginSettings(
        @Min(1) @DefaultValue("5") int failuresPerUser,
        @Min(1) @DefaultValue("20") int failuresPerAddress,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT15M")
        Duration window,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT1M")
        Duration lockout,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT1H")
        Duration maxLockout,

        @Min(100) @DefaultValue("100000") int trackedClients) {}
