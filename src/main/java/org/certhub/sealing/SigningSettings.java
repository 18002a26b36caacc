package org.certhub.sealing;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The signing stage ({@code certhub.signing.*}); its timestamps are {@code certhub.signing.tsa.*}
 * ({@link org.certhub.sealing.ltv.TimestampSettings}).
 *
 * @param workers   parallel sealing consumers of the sign queue; by default the number of cores. A PKCS#11 seal's
 *                  sessions bound them further
 * @param batchSize licence-version ids per sign (and publish) queue message
 * @param maxAttempts how many times in a row sealing a version may fail (for a reason that is not passing: a TSA
 *                  that does not answer parks the version instead) before it is FAILED and nothing retries it; the
 *                  broker waits 2 s, 4 s, 8 s ... (at most 60 s) between attempts
 * @param lease     how long a batch holds the versions it seals ({@code LicenceLibrary#claim}), renewed every third of
 *                  it while the batch runs: no other worker or node seals them meanwhile, and when a node dies its
 *                  versions are sealed elsewhere once this has passed
 */
@ConfigurationProperties("certhub.signing")
@Validated
record SigningSettings(
        @NotNull @Min(1) Integer workers,
        @Min(1) @DefaultValue("20") int batchSize,
        @Min(1) @DefaultValue("8") int maxAttempts,
        @NotNull @DefaultValue("PT5M") Duration lease) {}
