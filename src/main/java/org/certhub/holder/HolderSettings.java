package org.certhub.holder;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.validation.annotation.Validated;

/**
 * The holder's corner ({@code certhub.holder.*}).
 *
 * @param oneTimeCode     {@code on}: a holder whose mobile number or e-mail address is on record
 *                        ({@code PUT /api/v1/holder-contacts}) also types a code sent there before signing in; a holder
 *                        without one signs in with ID number, name and certificate number alone. {@code off} (the
 *                        default): nobody gets a code
 * @param sessionIdle     a signed-in holder who does nothing for this long is signed out
 * @param sessionLifetime and anyone is signed out this long after signing in
 * @param codeValidity    a one-time code is good for this long
 * @param codeAttempts    wrong codes before the code is spent and the holder starts again
 * @param codesPerHour    codes sent to one holder per hour at most (each correct ID number, name and number sends one)
 * @param failures        failed sign-ins of one ID number and name within {@code failureWindow} that lock the pair
 * @param failureWindow   the window in which failures count
 * @param lockout         how long a locked pair is refused, even with the right certificate number
 * @param reminders       the expiry reminders
 */
@ConfigurationProperties("certhub.holder")
@Validated
record HolderSettings(
        @DefaultValue("false") boolean oneTimeCode,

        @NotNull @DurationMin(minutes = 1) @DefaultValue("PT15M")
        Duration sessionIdle,

        @NotNull @DurationMin(minutes = 1) @DefaultValue("PT2H")
        Duration sessionLifetime,

        @NotNull @DurationMin(minutes = 1) @DefaultValue("PT5M")
        Duration codeValidity,

        @Min(1) @Max(10) @DefaultValue("5") int codeAttempts,
        @Min(1) @DefaultValue("5") int codesPerHour,
        @Min(1) @DefaultValue("5") int failures,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT15M")
        Duration failureWindow,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT15M")
        Duration lockout,

        @Valid @DefaultValue Reminders reminders) {

    /**
     * The expiry reminders.
     *
     * @param days    days before the last day of validity on which a holder is reminded, each once per certificate
     * @param cron    when the job looks (Spring cron, in the hub's zone; "-" turns it off)
     * @param timeout a run longer than this is interrupted; the next one sends what it did not reach
     */
    record Reminders(
            @NotEmpty @DefaultValue({"30", "7"}) List<@NotNull @Min(1) @Max(366) Integer> days,
            @NotNull @DefaultValue("0 0 9 * * *") String cron,

            @NotNull @DurationMin(inclusive = false) @DefaultValue("PT30M")
            Duration timeout) {

        Reminders {
            if (cron != null
                    && !cron.equals(ScheduledTaskRegistrar.CRON_DISABLED)
                    && !CronExpression.isValidExpression(cron)) {
                throw new IllegalArgumentException("certhub.holder.reminders.cron is neither a Spring cron expression "
                        + "(second minute hour day month weekday) nor '-': " + cron);
            }
            days = days == null ? null : days.stream().distinct().sorted().toList();
        }
    }
}
