package org.certhub.reload;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.certhub.platform.Endpoints;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How edits of {@code routes/} and {@code mappings/} are picked up while the hub runs.
 *
 * @param enabled            whether the folders are watched at all
 * @param interval           how often the folders are scanned
 * @param quietPeriod        how long a folder must stay unchanged before an edit is taken: an editor's several
 *                           writes, or a copy of many files, become one reload
 * @param stopTimeout        how long a replaced route may take to finish its in-flight exchanges (a file being
 *                           read); when it has not by then, it keeps running and the reload is tried again later
 * @param requiredEndpoints  direct: endpoints the hub's own code sends to: a route edit that removes one is
 *                           refused
 */
@ConfigurationProperties("certhub.reload")
@Validated
public record ReloadSettings(
        @DefaultValue("true") boolean enabled,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT2S")
        Duration interval,

        @NotNull @DurationMin @DefaultValue("PT1S") Duration quietPeriod,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT1M")
        Duration stopTimeout,

        @DefaultValue({
            Endpoints.PROCESS_RECORDS,
            Endpoints.DISPATCH,
            Endpoints.INTAKE_FILE,
            Endpoints.REST_REQUEST,
            Endpoints.ENQUEUE_SIGN,
            Endpoints.ENQUEUE_PUBLISH,
            Endpoints.ENQUEUE_STATUS
        })
        List<String> requiredEndpoints) {}
